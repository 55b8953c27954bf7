import { parseEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  EntityImagesResponse,
  ImageFindingsResponse,
} from '@platform-portal/plugin-container-images-common';
import { ContainerImagesApi } from './ContainerImagesApi';

/**
 * Calls the container-images backend (`/api/container-images`) through the app's discovery and
 * fetch APIs, so requests carry the user's Backstage token.
 *
 * @public
 */
export class ContainerImagesClient implements ContainerImagesApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntityImages(
    entityRef: string,
    options?: { refresh?: boolean; limit?: number },
  ): Promise<EntityImagesResponse> {
    const query = new URLSearchParams();
    if (options?.limit !== undefined) query.set('limit', String(options.limit));
    if (options?.refresh) query.set('refresh', 'true');
    const search = query.toString() ? `?${query.toString()}` : '';
    return this.get(`${await this.entityUrl(entityRef)}/images${search}`);
  }

  async getFindings(
    entityRef: string,
    repositoryRef: string,
    digest: string,
  ): Promise<ImageFindingsResponse> {
    const query = new URLSearchParams({ repository: repositoryRef, digest });
    return this.get(
      `${await this.entityUrl(entityRef)}/findings?${query.toString()}`,
    );
  }

  private async entityUrl(entityRef: string): Promise<string> {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    const baseUrl = await this.discoveryApi.getBaseUrl('container-images');
    return `${baseUrl}/entity/${[kind, namespace, name]
      .map(encodeURIComponent)
      .join('/')}`;
  }

  private async get<T>(url: string): Promise<T> {
    const response = await this.fetchApi.fetch(url);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
