import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { fluxApiRef, FluxClient } from './api';
import { clusterRouteRef, deploymentsRouteRef } from './routes';

/**
 * The plugin for apps on the legacy frontend system. Apps on the new frontend system use the
 * default export of `@platform-portal/plugin-flux/alpha` instead.
 *
 * @public
 */
export const fluxPlugin = createPlugin({
  id: 'flux',
  apis: [
    createApiFactory({
      api: fluxApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new FluxClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    deployments: deploymentsRouteRef,
    cluster: clusterRouteRef,
  },
});

/**
 * The Deployments tab (legacy frontend system): mount it with
 * `EntityLayout.Route path="/deployments" if={isDeploymentsAvailable}`.
 *
 * @public
 */
export const EntityDeploymentsContent = fluxPlugin.provide(
  createRoutableExtension({
    name: 'EntityDeploymentsContent',
    component: () =>
      import('./components/EntityDeploymentsContent').then(
        m => m.EntityDeploymentsContent,
      ),
    mountPoint: deploymentsRouteRef,
  }),
);

/**
 * The Flux tab of a `kubernetes-cluster` Resource (legacy frontend system): mount it with
 * `EntityLayout.Route path="/flux" if={isKubernetesCluster}`.
 *
 * @public
 */
export const FluxClusterContent = fluxPlugin.provide(
  createRoutableExtension({
    name: 'FluxClusterContent',
    component: () =>
      import('./components/FluxClusterContent').then(m => m.FluxClusterContent),
    mountPoint: clusterRouteRef,
  }),
);

/**
 * The entity card "Flux deployments": Kustomizations and HelmReleases (legacy frontend system).
 *
 * @public
 */
export const EntityFluxDeploymentsCard = fluxPlugin.provide(
  createComponentExtension({
    name: 'EntityFluxDeploymentsCard',
    component: {
      lazy: () =>
        import('./components/EntityFluxDeploymentsCard').then(
          m => m.EntityFluxDeploymentsCard,
        ),
    },
  }),
);

/**
 * The entity card "Flux sources" (legacy frontend system).
 *
 * @public
 */
export const EntityFluxSourcesCard = fluxPlugin.provide(
  createComponentExtension({
    name: 'EntityFluxSourcesCard',
    component: {
      lazy: () =>
        import('./components/EntityFluxSourcesCard').then(
          m => m.EntityFluxSourcesCard,
        ),
    },
  }),
);

/**
 * The entity card "Flux image automation" (legacy frontend system).
 *
 * @public
 */
export const EntityFluxImageAutomationCard = fluxPlugin.provide(
  createComponentExtension({
    name: 'EntityFluxImageAutomationCard',
    component: {
      lazy: () =>
        import('./components/EntityFluxImageAutomationCard').then(
          m => m.EntityFluxImageAutomationCard,
        ),
    },
  }),
);
