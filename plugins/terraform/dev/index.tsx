import { createDevApp } from '@backstage/frontend-dev-utils';
import {
  ApiBlueprint,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { ResourceDetail } from '@platform-portal/plugin-terraform-common';
import plugin from '../src/alpha';
import { terraformApiRef } from '../src/api';
import {
  driftDetail,
  generatePlan,
  instanceDetail,
  planDocument,
  plansResponse,
  terraformEntity,
} from '../src/__fixtures__/plans';

/**
 * `yarn start` in this package: the tab and the card of an example entity on sample data, so
 * the plugin can be worked on without a backend. The dev plan has 10 000 resources, to feel how
 * a large plan behaves; one source fails, to show how errors look next to the others.
 */
const sampleData = createFrontendModule({
  pluginId: 'terraform',
  extensions: [
    createTestEntityPage({ entity: terraformEntity }),
    ApiBlueprint.make({
      params: defineParams =>
        defineParams({
          api: terraformApiRef,
          deps: {},
          factory: () => ({
            async getPlans() {
              return {
                ...plansResponse,
                errors: [
                  {
                    source: 'hcp' as const,
                    target: 'orbital-data/landing-zone-dev',
                    error: {
                      name: 'PlanSourceReadError',
                      message: 'HCP Terraform answered 401 Unauthorized',
                      statusCode: 401,
                    },
                  },
                ],
              };
            },
            async getPlan(_entityRef: string, planId: string) {
              return planId === planDocument.id
                ? planDocument
                : { ...generatePlan(10_000), id: planId };
            },
            async getResource(
              _entityRef: string,
              _planId: string,
              address: string,
            ): Promise<ResourceDetail> {
              if (address === driftDetail.address) return driftDetail;
              return { ...instanceDetail, address };
            },
          }),
        }),
    }),
  ],
});

createDevApp({ features: [plugin, sampleData] });
