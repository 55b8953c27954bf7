import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  EntityImagesResponse,
  RepositoryImages,
} from '@platform-portal/plugin-container-images-common';
import { CompoundEntityRef } from '@backstage/catalog-model';

export type ImagesLookup =
  | { repositories: RepositoryImages[] }
  | { error: { name: string; message: string; statusCode?: number } };

/** Where the Deployments view finds the class and scan of a running image. */
export interface RunningImagesSource {
  getRepositories(
    entity: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<ImagesLookup>;
}

/**
 * The container-images backend, asked on behalf of the caller so its own entity and permission
 * checks apply. Optional: without it the view shows tags classified locally and no scans.
 */
export class ContainerImagesBackendSource implements RunningImagesSource {
  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
      /** @defaultValue 'container-images' */
      pluginId?: string;
      timeoutMs?: number;
    },
  ) {}

  async getRepositories(
    entity: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<ImagesLookup> {
    const pluginId = this.options.pluginId ?? 'container-images';
    try {
      const base = await this.options.discovery.getBaseUrl(pluginId);
      const { token } = await this.options.auth.getPluginRequestToken({
        onBehalfOf: credentials,
        targetPluginId: pluginId,
      });
      const path = [entity.kind, entity.namespace, entity.name]
        .map(encodeURIComponent)
        .join('/');
      // The full list (not `limit=0`): running images are often not the newest ones.
      const response = await fetch(`${base}/entity/${path}/images`, {
        headers: { Authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      if (!response.ok) {
        let message = response.statusText;
        try {
          message = (await response.json())?.error?.message ?? message;
        } catch {
          // not JSON: keep the status text
        }
        return {
          error: {
            name: response.status === 404 ? 'NotFoundError' : 'ResponseError',
            message: `The container-images backend answered ${response.status}: ${message}`,
            statusCode: response.status,
          },
        };
      }
      const body = (await response.json()) as EntityImagesResponse;
      return { repositories: body.repositories ?? [] };
    } catch (error) {
      return {
        error: {
          name: (error as Error).name ?? 'Error',
          message: `The container-images backend could not be asked: ${
            (error as Error).message
          }`,
        },
      };
    }
  }
}
