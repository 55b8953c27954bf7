import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { terraformApiRef, TerraformClient } from './api';
import { isTerraformAvailable } from './lib/annotations';

/** `api:terraform`: the client of the terraform backend. */
export const terraformApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: terraformApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new TerraformClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * `entity-content:terraform/plans`: the Terraform tab at `<entity>/terraform`, a plan at
 * `<entity>/terraform/plans/:planId`.
 */
export const terraformEntityContent = EntityContentBlueprint.make({
  name: 'plans',
  params: {
    path: '/terraform',
    title: 'Terraform',
    // Only entities that declare a plan source (annotations): nothing to show elsewhere.
    filter: isTerraformAvailable,
    loader: () =>
      import('./components/EntityTerraformContent').then(m => (
        <m.EntityTerraformContent />
      )),
  },
});

/** `entity-card:terraform/plans`: the latest plan per environment, on the overview. */
export const terraformEntityCard = EntityCardBlueprint.make({
  name: 'plans',
  params: {
    // Beside About: what is about to change in an environment is read before the details.
    type: 'info',
    filter: isTerraformAvailable,
    loader: () =>
      import('./components/EntityTerraformPlansCard').then(m => (
        <m.EntityTerraformPlansCard />
      )),
  },
});

/**
 * The Terraform plans plugin for the new frontend system: an API, an entity tab and an entity
 * card, shown only for entities that declare a plan source.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'terraform',
  title: 'Terraform',
  info: { packageJson: () => import('../package.json') },
  extensions: [terraformApi, terraformEntityContent, terraformEntityCard],
});

export { isTerraformAvailable };
