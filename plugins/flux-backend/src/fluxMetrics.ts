import type { MetricsService } from '@backstage/backend-plugin-api/alpha';
import type { ClusterError } from '@platform-portal/plugin-flux-common';
import { createPluginMetrics, PluginMetrics } from '@platform-portal/metrics-node';

/**
 * The portal's plugin metrics (see ./metrics) and the Flux backend's own:
 *
 *   portal_flux_cluster_reads_total{cluster,outcome}  one per read of one cluster (not cached)
 *   portal_flux_cluster_errors_total{cluster,error}   the cluster errors those reads reported
 *                                                     (`TIMEOUT`, `FORBIDDEN`, `NO_SERVED_VERSION`…)
 */
export interface FluxMetrics extends PluginMetrics {
  /** One read of one cluster finished, with the errors it reports to users. */
  clusterRead(cluster: string, errors: ClusterError[]): void;
}

export function createFluxMetrics(metrics?: MetricsService): FluxMetrics {
  const plugin = createPluginMetrics('flux', metrics);
  if (!metrics) return { ...plugin, clusterRead: () => {} };
  const reads = metrics.createCounter('portal_flux_cluster_reads', {
    description: 'Reads of one cluster by the Flux backend (cache misses)',
  });
  const errors = metrics.createCounter('portal_flux_cluster_errors', {
    description:
      'Errors the Flux backend reported for a cluster, by cluster error name',
  });
  return {
    ...plugin,
    clusterRead(cluster, clusterErrors) {
      const c = plugin.bounded('cluster', cluster, 200);
      reads.add(1, {
        cluster: c,
        outcome: clusterErrors.length ? 'error' : 'success',
      });
      for (const e of clusterErrors) {
        errors.add(1, {
          cluster: c,
          error: plugin.bounded('error', e.error.name, 100),
        });
      }
    },
  };
}
