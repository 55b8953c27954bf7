import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import {
  errorNameForStatus,
  KubernetesClusterAccess,
  KubernetesClusterInfo,
  KubernetesRequest,
  KubernetesRequestError,
} from './types';

/** The header the upstream Kubernetes proxy reads to pick the cluster. */
const CLUSTER_HEADER = 'Backstage-Kubernetes-Cluster';

/**
 * Clusters through the upstream Kubernetes backend (`/api/kubernetes`): its `/clusters` list and
 * its `/proxy`, which resolves the cluster from the configured locators and signs the request
 * with the cluster's auth strategy (service account, AWS IAM, Azure, Google service account…).
 * The Flux backend calls it with its own service token, after its own permission checks.
 */
export class KubernetesBackendClusterAccess implements KubernetesClusterAccess {
  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
      /** The Kubernetes backend's plugin id. @defaultValue 'kubernetes' */
      pluginId?: string;
    },
  ) {}

  private get pluginId() {
    return this.options.pluginId ?? 'kubernetes';
  }

  private async headers(): Promise<Record<string, string>> {
    const { token } = await this.options.auth.getPluginRequestToken({
      onBehalfOf: await this.options.auth.getOwnServiceCredentials(),
      targetPluginId: this.pluginId,
    });
    return { Authorization: `Bearer ${token}` };
  }

  async listClusters(options?: {
    signal?: AbortSignal;
  }): Promise<KubernetesClusterInfo[]> {
    const base = await this.options.discovery.getBaseUrl(this.pluginId);
    const response = await fetch(`${base}/clusters`, {
      headers: await this.headers(),
      signal: options?.signal,
    });
    if (!response.ok) {
      throw new KubernetesRequestError(
        'KUBERNETES_BACKEND_ERROR',
        `The Kubernetes backend did not list its clusters: ${
          response.status
        } ${await describe(response)}`,
        response.status,
        false,
      );
    }
    const body = (await response.json()) as { items?: KubernetesClusterInfo[] };
    return (body.items ?? []).map(c => ({
      name: c.name,
      title: c.title,
      dashboardUrl: c.dashboardUrl,
      authProvider: c.authProvider,
    }));
  }

  async request<T>(cluster: string, request: KubernetesRequest): Promise<T> {
    const base = await this.options.discovery.getBaseUrl(this.pluginId);
    const query = request.query
      ? `?${new URLSearchParams(request.query).toString()}`
      : '';
    const headers: Record<string, string> = {
      ...(await this.headers()),
      [CLUSTER_HEADER]: cluster,
      Accept: 'application/json',
    };
    let body: string | undefined;
    if (request.body !== undefined) {
      headers['Content-Type'] = 'application/merge-patch+json';
      body = JSON.stringify(request.body);
    }
    const response = await fetch(`${base}/proxy${request.path}${query}`, {
      method: request.method ?? 'GET',
      headers,
      body,
      signal: request.signal,
    });
    const text = await response.text();
    let parsed: any;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (response.ok) {
      if (parsed === undefined) {
        throw new KubernetesRequestError(
          'UNKNOWN_ERROR',
          `Cluster ${cluster} answered ${request.path} with a body that is not JSON`,
          response.status,
          true,
        );
      }
      return parsed as T;
    }
    // A Kubernetes `Status` is the API server's own answer; `{ error }` is the Kubernetes
    // backend's (cluster not configured, connection refused, credentials it could not get).
    if (parsed?.kind === 'Status') {
      throw new KubernetesRequestError(
        errorNameForStatus(response.status),
        String(parsed.message ?? parsed.reason ?? response.statusText),
        response.status,
        true,
      );
    }
    const backendError = parsed?.error;
    throw new KubernetesRequestError(
      backendError?.name === 'NotFoundError'
        ? 'CLUSTER_NOT_FOUND'
        : 'KUBERNETES_BACKEND_ERROR',
      backendError?.message
        ? `${backendError.message}${
            backendError.cause?.message ? `: ${backendError.cause.message}` : ''
          }`
        : `${response.status} ${response.statusText}`,
      response.status,
      false,
    );
  }
}

async function describe(response: Response) {
  try {
    const body = await response.json();
    return body?.error?.message ?? response.statusText;
  } catch {
    return response.statusText;
  }
}
