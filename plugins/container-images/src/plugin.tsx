import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';

import { rootRouteRef } from './routes';

export const page = PageBlueprint.make({
  params: {
    path: '/container-images',
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/TodoPage').then(m => (
        <m.TodoPage />
      )),
  },
});

export const containerImagesPlugin = createFrontendPlugin({
  pluginId: 'container-images',
  extensions: [page],
  routes: {
    root: rootRouteRef,
  }
});
