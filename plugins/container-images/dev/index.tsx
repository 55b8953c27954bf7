import { createDevApp } from '@backstage/frontend-dev-utils';
import {
  ApiBlueprint,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import plugin from '../src/alpha';
import { containerImagesApiRef } from '../src/api';
import {
  ECR_REF,
  emptyOciRepository,
  findingsOf141,
  okResponse,
  twoRepositoriesEntity,
} from '../src/__fixtures__/images';

/**
 * `yarn start` in this package: the card and the tab of an example entity, on sample data, so
 * the plugin can be worked on without a backend or registry. A second, failing repository shows
 * how errors look next to a repository that loaded.
 */
const sampleData = createFrontendModule({
  pluginId: 'container-images',
  extensions: [
    createTestEntityPage({ entity: twoRepositoriesEntity }),
    ApiBlueprint.make({
      params: defineParams =>
        defineParams({
          api: containerImagesApiRef,
          deps: {},
          factory: () => ({
            async getEntityImages() {
              return {
                ...okResponse,
                repositories: [
                  okResponse.repositories[0],
                  {
                    ...emptyOciRepository,
                    ref: `${emptyOciRepository.ref}-new`,
                  },
                ],
                errors: [
                  {
                    ref: 'registry.local/shop/orders-service',
                    provider: 'oci' as const,
                    error: {
                      name: 'RepositoryNotFoundException',
                      message: 'repository name not known to registry',
                      statusCode: 404,
                    },
                  },
                ],
              };
            },
            async getFindings(_entityRef: string, ref: string) {
              return { ...findingsOf141, ref: ref ?? ECR_REF };
            },
          }),
        }),
    }),
  ],
});

createDevApp({ features: [plugin, sampleData] });
