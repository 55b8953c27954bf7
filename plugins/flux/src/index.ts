/**
 * Flux GitOps status of catalog entities: what runs where (image, scan, health and the commit
 * that applied it), Kustomizations, HelmReleases, sources and image automation on every
 * cluster, and Reconcile / Suspend / Resume behind permissions.
 *
 * This entry point is for apps on the legacy frontend system; the new frontend system uses the
 * `./alpha` entry point's default export.
 *
 * @packageDocumentation
 */
export {
  fluxPlugin,
  EntityDeploymentsContent,
  EntityFluxDeploymentsCard,
  EntityFluxImageAutomationCard,
  EntityFluxSourcesCard,
  FluxClusterContent,
} from './plugin';
export {
  isDeploymentsAvailable,
  isFluxAvailable,
  isKubernetesCluster,
} from './lib/entities';
export { fluxApiRef, FluxClient } from './api';
export type { FluxApi, FluxEntityRef, FluxReadOptions } from './api';
