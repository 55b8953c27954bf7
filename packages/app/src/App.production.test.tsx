import { screen } from '@testing-library/react';
import { renderAppWith } from './__testUtils__/renderApp';

describe('App in production', () => {
  it('offers only GitHub sign-in', async () => {
    renderAppWith({ portal: { signIn: { providers: ['github'] } } });
    expect(await screen.findByText('GitHub')).toBeInTheDocument();
    expect(screen.queryByText('Guest')).not.toBeInTheDocument();
  });
});
