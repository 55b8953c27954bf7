import { createDevApp } from '@backstage/frontend-dev-utils';
import {
  ApiBlueprint,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import {
  FluxAction,
  FluxActionRequest,
  FluxActionResponse,
  FluxObjectSummary,
} from '@platform-portal/plugin-flux-common';
import plugin from '../src/alpha';
import { fluxApiRef } from '../src/api';
import {
  clusterEntity,
  clusterViewResponse,
  deploymentsResponse,
  generateClusterObjects,
  objectsResponse,
  serviceEntity,
} from '../src/__fixtures__/flux';

const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * `yarn start` in this package: the Deployments tab and the Flux cards of an example service on
 * sample data, so the plugin can be worked on without a backend or a cluster; `/?cluster` shows
 * the Flux tab of a cluster with 500 more objects instead. One cluster times out and one kind is
 * forbidden on another, to show how errors sit next to the data; actions answer after a second,
 * the reconcile of a failed object without the controller handling it.
 */
const entity = new URLSearchParams(window.location.search).has('cluster')
  ? clusterEntity
  : serviceEntity;

const sampleData = createFrontendModule({
  pluginId: 'flux',
  extensions: [
    createTestEntityPage({ entity }),
    ApiBlueprint.make({
      params: defineParams =>
        defineParams({
          api: fluxApiRef,
          deps: {},
          factory: () => ({
            async getEntityObjects() {
              await pause(300);
              return objectsResponse;
            },
            async getDeployments() {
              await pause(300);
              return deploymentsResponse;
            },
            async getClusterView() {
              await pause(300);
              return {
                ...clusterViewResponse,
                items: [
                  ...clusterViewResponse.items,
                  ...generateClusterObjects(500),
                ],
              };
            },
            async runAction(
              _entityRef: unknown,
              action: FluxAction,
              target: FluxActionRequest,
            ): Promise<FluxActionResponse> {
              await pause(1000);
              const object = [
                ...objectsResponse.items,
                ...clusterViewResponse.items,
              ].find(
                (o: FluxObjectSummary) =>
                  o.cluster === target.cluster &&
                  o.kind === target.kind &&
                  o.namespace === target.namespace &&
                  o.name === target.name,
              )!;
              return {
                action,
                requestedAt: new Date().toISOString(),
                handled: object.status.state !== 'failed',
                object: { ...object, suspended: action === 'suspend' },
              };
            },
          }),
        }),
    }),
  ],
});

createDevApp({ features: [plugin, sampleData] });
