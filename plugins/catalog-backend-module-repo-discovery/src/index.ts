/**
 * Catalogs every repository of a GitHub organisation or of a directory of local git repositories,
 * with or without a catalog-info.yaml, and every Kubernetes cluster.
 *
 * @packageDocumentation
 */
export { catalogModuleRepoDiscovery as default } from './module';
export * from './types';
export * from './annotations';
export { RepoDiscoveryEntityProvider } from './providers/RepoDiscoveryEntityProvider';
export type {
  InferFn,
  RepoDiscoveryEntityProviderOptions,
  InferredRepositoriesListener,
} from './providers/RepoDiscoveryEntityProvider';
export { ClusterEntityProvider } from './providers/ClusterEntityProvider';
export type { ClusterEntityProviderOptions } from './providers/ClusterEntityProvider';
