/**
 * How the Flux backend reaches clusters. One interface, one implementation per way of reaching
 * them; the only one today goes through the upstream Kubernetes backend, so cluster locators and
 * auth strategies are configured once, under `kubernetes`.
 */

/** A cluster the Kubernetes backend knows. */
export interface KubernetesClusterInfo {
  name: string;
  title?: string;
  dashboardUrl?: string;
  /** The cluster's `authProvider` (`serviceAccount`, `aws`, `oidc`, …). */
  authProvider?: string;
}

export interface KubernetesRequest {
  method?: 'GET' | 'PATCH';
  /** The Kubernetes API path, e.g. `/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations`. */
  path: string;
  query?: Record<string, string>;
  /** PATCH: a JSON merge patch (RFC 7386). */
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * A failed request, classified like the kubernetes-backend's fetch errors. `fromCluster`
 * separates the API server's own answers (a `Status` body) from failures on the way to it.
 */
export class KubernetesRequestError extends Error {
  constructor(
    /** `UNAUTHORIZED_ERROR`, `FORBIDDEN`, `NOT_FOUND`, `BAD_REQUEST`, `SYSTEM_ERROR`, `UNKNOWN_ERROR`, `KUBERNETES_BACKEND_ERROR`. */
    readonly errorName: string,
    message: string,
    readonly statusCode: number | undefined,
    readonly fromCluster: boolean,
  ) {
    super(message);
    this.name = 'KubernetesRequestError';
  }
}

export interface KubernetesClusterAccess {
  /** The clusters to fan out to. */
  listClusters(options?: {
    signal?: AbortSignal;
  }): Promise<KubernetesClusterInfo[]>;
  /** One request to one cluster's API server; the parsed JSON body, or a {@link KubernetesRequestError}. */
  request<T = unknown>(cluster: string, request: KubernetesRequest): Promise<T>;
}

/** Kubernetes API status codes as the upstream kubernetes-backend names them (plus 403). */
export function errorNameForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'BAD_REQUEST';
    case 401:
      return 'UNAUTHORIZED_ERROR';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    default:
      return status >= 500 ? 'SYSTEM_ERROR' : 'UNKNOWN_ERROR';
  }
}
