/**
 * Kubernetes clusters: found in the Kubernetes plugin's config, in EKS and in GitOps repositories,
 * merged by name and written as `Resource` entities the Kubernetes plugin's catalog cluster locator
 * can use.
 */
export type {
  ClusterSource,
  ClusterSourceKind,
  DiscoveredCluster,
  DiscoveredClusterAws,
  DiscoveredClusterGitops,
} from './types';
export { ConfigClusterSource } from './ConfigClusterSource';
export type { ConfigClusterSourceOptions } from './ConfigClusterSource';
export { EksClusterSource, EKS_CONFIG_PATH } from './EksClusterSource';
export type {
  EksAccountConfig,
  EksClusterSourceOptions,
  EksDiscoveryError,
  EksDiscoveryResult,
} from './EksClusterSource';
export { gitopsClusters } from './gitopsClusters';
export type { GitopsRepoClusters } from './gitopsClusters';
export { mergeClusters, CLUSTER_SOURCE_PRECEDENCE } from './mergeClusters';
export {
  clusterToEntity,
  ANNOTATION_CLUSTER_API_SERVER_UNKNOWN,
  KUBERNETES_CLUSTER_RESOURCE_TYPE,
} from './clusterToEntity';
export type { ClusterEntityOptions } from './clusterToEntity';
export {
  clusterEntityName,
  environmentFromName,
  normalizeEnvironment,
  regionFromEksEndpoint,
} from './names';
export * from './kubernetesAnnotations';
