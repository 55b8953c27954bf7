import { parseEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  EntityPlansResponse,
  PlanDocument,
  ResourceDetail,
} from '@platform-portal/plugin-terraform-common';
import { TerraformApi } from './TerraformApi';

/**
 * Calls the terraform backend (`/api/terraform`) through the app's discovery and fetch APIs, so
 * requests carry the user's Backstage token.
 *
 * @public
 */
export class TerraformClient implements TerraformApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getPlans(entityRef: string): Promise<EntityPlansResponse> {
    return this.get(`${await this.entityUrl(entityRef)}/plans`);
  }

  async getPlan(entityRef: string, planId: string): Promise<PlanDocument> {
    return this.get(
      `${await this.entityUrl(entityRef)}/plans/${encodeURIComponent(planId)}`,
    );
  }

  async getResource(
    entityRef: string,
    planId: string,
    address: string,
  ): Promise<ResourceDetail> {
    // Addresses carry quotes, brackets and dots (`module.a["x"].aws_s3_bucket.b[0]`): a query
    // parameter, never a path segment.
    const query = new URLSearchParams({ address });
    return this.get(
      `${await this.entityUrl(entityRef)}/plans/${encodeURIComponent(
        planId,
      )}/resources?${query.toString()}`,
    );
  }

  private async entityUrl(entityRef: string): Promise<string> {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    const baseUrl = await this.discoveryApi.getBaseUrl('terraform');
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
