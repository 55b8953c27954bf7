import { screen } from '@testing-library/react';
import { renderAppWith } from './__testUtils__/renderApp';

// The first render loads the whole app (and, on a cold jest cache, transpiles it).
jest.setTimeout(60_000);

describe('App on the embedded default', () => {
  it('offers guest sign-in and carries the portal name', async () => {
    renderAppWith({ portal: { signIn: { providers: ['guest'] } } });
    expect(
      await screen.findByText('Guest', {}, { timeout: 45_000 }),
    ).toBeInTheDocument();
    expect(screen.getAllByText('Platform Portal').length).toBeGreaterThan(0);
    expect(screen.queryByText('GitHub')).not.toBeInTheDocument();
  });
});
