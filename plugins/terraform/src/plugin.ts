import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { terraformApiRef, TerraformClient } from './api';
import { rootRouteRef } from './routes';

/**
 * The plugin for apps on the legacy frontend system. Apps on the new frontend system use the
 * default export of `@platform-portal/plugin-terraform/alpha` instead.
 *
 * @public
 */
export const terraformPlugin = createPlugin({
  id: 'terraform',
  apis: [
    createApiFactory({
      api: terraformApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new TerraformClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    entityContent: rootRouteRef,
  },
});

/**
 * The entity tab (legacy frontend system): mount it with `EntityLayout.Route path="/terraform"`;
 * plans open below it, at `/terraform/plans/:planId`.
 *
 * @public
 */
export const EntityTerraformContent = terraformPlugin.provide(
  createRoutableExtension({
    name: 'EntityTerraformContent',
    component: () =>
      import('./components/EntityTerraformContent').then(
        m => m.EntityTerraformContent,
      ),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The entity card "Terraform plans" (legacy frontend system): the latest plan per environment.
 * Its links assume the tab at `<entity>/terraform`.
 *
 * @public
 */
export const EntityTerraformPlansCard = terraformPlugin.provide(
  createComponentExtension({
    name: 'EntityTerraformPlansCard',
    component: {
      lazy: () =>
        import('./components/EntityTerraformPlansCard').then(
          m => m.EntityTerraformPlansCard,
        ),
    },
  }),
);
