import { render } from '@testing-library/react';

/**
 * Renders the real app with the given frontend config. createApp reads its config once per module
 * instance, so each test file exercises one configuration.
 */
export function renderAppWith(data: object) {
  process.env = {
    NODE_ENV: 'test',
    APP_CONFIG: [
      {
        data: {
          app: { title: 'Platform Portal', baseUrl: 'http://localhost:3000' },
          backend: { baseUrl: 'http://localhost:7007' },
          techdocs: {
            storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
          },
          ...data,
        },
        context: 'test',
      },
    ] as any,
  };
  // Required after the environment is set: the app reads APP_CONFIG when it is created.
  const App = require('../App').default;
  return render(App.createRoot());
}
