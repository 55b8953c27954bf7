import { PluginMetrics, UpstreamFailure } from '@platform-portal/metrics-node';
import { KubernetesClusterAccess, KubernetesRequestError } from './types';

/**
 * A cluster access that records every call: `portal_upstream_requests_total` and
 * `portal_upstream_errors_total` with `provider="kubernetes"`, the HTTP method as the operation
 * (`listClusters` for the Kubernetes backend's cluster list) and the cluster; failures are named
 * as the cluster errors are (`UNAUTHORIZED_ERROR`, `FORBIDDEN`, `SYSTEM_ERROR`, …; `TIMEOUT` when
 * the per-cluster deadline aborted the request).
 */
export function instrumentClusterAccess(
  access: KubernetesClusterAccess,
  metrics: PluginMetrics,
): KubernetesClusterAccess {
  return {
    listClusters: options =>
      metrics.upstream(
        { provider: 'kubernetes', operation: 'listClusters' },
        () => access.listClusters(options),
        error => clusterFailure(error, options?.signal),
      ),
    request: (cluster, request) =>
      metrics.upstream(
        {
          provider: 'kubernetes',
          operation: request.method ?? 'GET',
          cluster,
        },
        () => access.request(cluster, request),
        error => clusterFailure(error, request.signal),
      ),
  };
}

function clusterFailure(error: unknown, signal?: AbortSignal): UpstreamFailure {
  if (error instanceof KubernetesRequestError) {
    return { name: error.errorName, status: error.statusCode };
  }
  const name = (error as Error)?.name;
  if (signal?.aborted || name === 'AbortError' || name === 'TimeoutError') {
    return { name: 'TIMEOUT' };
  }
  return { name: 'UNKNOWN_ERROR' };
}
