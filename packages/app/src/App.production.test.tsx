import { screen } from '@testing-library/react';
import { renderAppWith } from './__testUtils__/renderApp';

// The first render loads the whole app (and, on a cold jest cache, transpiles it).
jest.setTimeout(60_000);

describe('App in production', () => {
  it('offers only GitHub sign-in', async () => {
    renderAppWith({ portal: { signIn: { providers: ['github'] } } });
    expect(
      await screen.findByText('GitHub', {}, { timeout: 45_000 }),
    ).toBeInTheDocument();
    expect(screen.queryByText('Guest')).not.toBeInTheDocument();
  });
});
