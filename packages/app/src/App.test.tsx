import { screen } from '@testing-library/react';
import { renderAppWith } from './__testUtils__/renderApp';

describe('App on the embedded default', () => {
  it('offers guest sign-in and carries the portal name', async () => {
    renderAppWith({ portal: { signIn: { providers: ['guest'] } } });
    expect(await screen.findByText('Guest')).toBeInTheDocument();
    expect(screen.getAllByText('Platform Portal').length).toBeGreaterThan(0);
    expect(screen.queryByText('GitHub')).not.toBeInTheDocument();
  });
});
