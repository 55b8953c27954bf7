import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { containerImagesApiRef, ContainerImagesClient } from './api';
import { rootRouteRef } from './routes';

/**
 * The plugin for apps on the legacy frontend system. Apps on the new frontend system use the
 * default export of `@platform-portal/plugin-container-images/alpha` instead.
 *
 * @public
 */
export const containerImagesPlugin = createPlugin({
  id: 'container-images',
  apis: [
    createApiFactory({
      api: containerImagesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ContainerImagesClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    entityContent: rootRouteRef,
  },
});

/**
 * The entity card (legacy frontend system).
 *
 * @public
 */
export const EntityContainerImagesCard = containerImagesPlugin.provide(
  createComponentExtension({
    name: 'EntityContainerImagesCard',
    component: {
      lazy: () =>
        import('./components/EntityContainerImagesCard').then(
          m => m.EntityContainerImagesCard,
        ),
    },
  }),
);

/**
 * The entity tab (legacy frontend system).
 *
 * @public
 */
export const EntityContainerImagesContent = containerImagesPlugin.provide(
  createRoutableExtension({
    name: 'EntityContainerImagesContent',
    component: () =>
      import('./components/EntityContainerImagesContent').then(
        m => m.EntityContainerImagesContent,
      ),
    mountPoint: rootRouteRef,
  }),
);
