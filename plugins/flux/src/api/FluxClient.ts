import { parseEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  DeploymentsResponse,
  FluxAction,
  FluxActionRequest,
  FluxActionResponse,
  FluxClusterViewResponse,
  FluxEntityObjectsResponse,
} from '@platform-portal/plugin-flux-common';
import { FluxApi, FluxEntityRef, FluxReadOptions } from './FluxApi';

/**
 * Calls the flux backend (`/api/flux`) through the app's discovery and fetch APIs, so requests
 * carry the user's Backstage token.
 *
 * @public
 */
export class FluxClient implements FluxApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntityObjects(
    entityRef: FluxEntityRef,
    options?: FluxReadOptions,
  ): Promise<FluxEntityObjectsResponse> {
    return this.get(entityRef, 'objects', options);
  }

  async getDeployments(
    entityRef: FluxEntityRef,
    options?: FluxReadOptions,
  ): Promise<DeploymentsResponse> {
    return this.get(entityRef, 'deployments', options);
  }

  async getClusterView(
    entityRef: FluxEntityRef,
    options?: FluxReadOptions,
  ): Promise<FluxClusterViewResponse> {
    return this.get(entityRef, 'cluster', options);
  }

  async runAction(
    entityRef: FluxEntityRef,
    action: FluxAction,
    target: FluxActionRequest,
  ): Promise<FluxActionResponse> {
    const body: FluxActionRequest = {
      cluster: target.cluster,
      kind: target.kind,
      namespace: target.namespace,
      name: target.name,
    };
    const response = await this.fetchApi.fetch(
      `${await this.entityUrl(entityRef)}/actions/${encodeURIComponent(
        action,
      )}`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as FluxActionResponse;
  }

  private async entityUrl(entityRef: FluxEntityRef): Promise<string> {
    const { kind, namespace, name } =
      typeof entityRef === 'string' ? parseEntityRef(entityRef) : entityRef;
    const baseUrl = await this.discoveryApi.getBaseUrl('flux');
    return `${baseUrl}/entity/${[kind, namespace || 'default', name]
      .map(encodeURIComponent)
      .join('/')}`;
  }

  private async get<T>(
    entityRef: FluxEntityRef,
    resource: string,
    options?: FluxReadOptions,
  ): Promise<T> {
    const search = options?.refresh ? '?refresh=true' : '';
    const response = await this.fetchApi.fetch(
      `${await this.entityUrl(entityRef)}/${resource}${search}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
