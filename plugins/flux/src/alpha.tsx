import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { fluxApiRef, FluxClient } from './api';
import {
  isDeploymentsAvailable,
  isFluxAvailable,
  isKubernetesCluster,
} from './lib/entities';

/** `api:flux`: the client of the flux backend. */
export const fluxApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: fluxApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new FluxClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * `entity-content:flux/deployments`: the Deployments tab at `<entity>/deployments`, what runs
 * where, with the three Flux cards below the table.
 */
export const fluxDeploymentsEntityContent = EntityContentBlueprint.make({
  name: 'deployments',
  params: {
    path: '/deployments',
    title: 'Deployments',
    // A cluster has its own Flux tab listing everything on it; a second tab would repeat it.
    filter: isDeploymentsAvailable,
    loader: () =>
      import('./components/EntityDeploymentsContent').then(m => (
        <m.EntityDeploymentsContent />
      )),
  },
});

/** `entity-content:flux/cluster`: the Flux tab of a `kubernetes-cluster` Resource, at `/flux`. */
export const fluxClusterEntityContent = EntityContentBlueprint.make({
  name: 'cluster',
  params: {
    path: '/flux',
    title: 'Flux',
    filter: isKubernetesCluster,
    loader: () =>
      import('./components/FluxClusterContent').then(m => (
        <m.FluxClusterContent />
      )),
  },
});

/** `entity-card:flux/deployments`: Kustomizations and HelmReleases, on the overview. */
export const fluxDeploymentsEntityCard = EntityCardBlueprint.make({
  name: 'deployments',
  params: {
    // A table of clusters and revisions: it needs the width of the content column.
    type: 'content',
    filter: isFluxAvailable,
    loader: () =>
      import('./components/EntityFluxDeploymentsCard').then(m => (
        <m.EntityFluxDeploymentsCard />
      )),
  },
});

/**
 * `entity-card:flux/sources`: Git/OCI/Helm repositories, charts and buckets. Disabled by
 * default: the Deployments tab shows it already; enable it to have it on the overview too.
 */
export const fluxSourcesEntityCard = EntityCardBlueprint.make({
  name: 'sources',
  disabled: true,
  params: {
    type: 'content',
    filter: isFluxAvailable,
    loader: () =>
      import('./components/EntityFluxSourcesCard').then(m => (
        <m.EntityFluxSourcesCard />
      )),
  },
});

/**
 * `entity-card:flux/image-automation`: image repositories, policies and update automations.
 * Disabled by default, like the sources card.
 */
export const fluxImageAutomationEntityCard = EntityCardBlueprint.make({
  name: 'image-automation',
  disabled: true,
  params: {
    type: 'content',
    filter: isFluxAvailable,
    loader: () =>
      import('./components/EntityFluxImageAutomationCard').then(m => (
        <m.EntityFluxImageAutomationCard />
      )),
  },
});

/**
 * The Flux plugin for the new frontend system: an API, the Deployments tab of workloads, the
 * Flux tab of clusters and three entity cards (sources and image automation disabled by default).
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'flux',
  title: 'Flux',
  info: { packageJson: () => import('../package.json') },
  extensions: [
    fluxApi,
    fluxDeploymentsEntityContent,
    fluxClusterEntityContent,
    fluxDeploymentsEntityCard,
    fluxSourcesEntityCard,
    fluxImageAutomationEntityCard,
  ],
});

export { isDeploymentsAvailable, isFluxAvailable, isKubernetesCluster };
