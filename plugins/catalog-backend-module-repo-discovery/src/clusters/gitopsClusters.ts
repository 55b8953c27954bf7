import { InferredCluster } from '../types';
import { mergeClusters } from './mergeClusters';
import { environmentFromName, normalizeEnvironment } from './names';
import { DiscoveredCluster } from './types';

/** A GitOps repository's component and the clusters its `clusters/<name>/` directories drive. */
export interface GitopsRepoClusters {
  /** The repository's component, e.g. `component:default/dokaseca-clusters`. */
  entityRef: string;
  clusters: InferredCluster[];
}

/**
 * The clusters GitOps repositories drive, as {@link DiscoveredCluster}s of source `gitops`. They
 * carry no connection details; the same cluster driven by two repositories is one cluster with
 * two GitOps entries.
 */
export function gitopsClusters(
  repos: GitopsRepoClusters[],
): DiscoveredCluster[] {
  const clusters = repos.flatMap(repo =>
    repo.clusters.map((cluster): DiscoveredCluster => {
      const environment =
        normalizeEnvironment(cluster.environment) ??
        environmentFromName(cluster.name);
      return {
        name: cluster.name,
        sources: ['gitops'],
        ...(environment ? { environment } : {}),
        gitops: [
          {
            repoEntityRef: repo.entityRef,
            path: cluster.path,
            fluxKustomizations: [...new Set(cluster.fluxKustomizations)].sort(),
            workloads: [...new Set(cluster.workloads)].sort(),
          },
        ],
      };
    }),
  );
  return mergeClusters([clusters]);
}
