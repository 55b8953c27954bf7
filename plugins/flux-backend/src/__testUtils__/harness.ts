import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { EntityImagesResponse } from '@platform-portal/plugin-container-images-common';
import { FakeKubernetes } from './fakeKubernetes';
import { fluxPlugin } from '../plugin';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';

/** Users of the test backend, by what the (simulated) permission policy lets them do. */
export const USERS = {
  /** Owns the example component and the clusters: may do everything. */
  owner: 'user:default/olivia',
  /** May read, may not act (not an owner). */
  reader: 'user:default/ravi',
  /** May not even read Flux objects. */
  outsider: 'user:default/otto',
  /** The catalog hides `component:default/secret` from them. */
  hidden: 'user:default/hana',
};

export const token = (user: string) => mockCredentials.user.header(user);

export function component(
  name: string,
  annotations: Record<string, string>,
  extra: Partial<Entity['metadata']> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations, ...extra },
    spec: { type: 'service', owner: 'team-shop', lifecycle: 'production' },
  };
}

export function clusterEntity(
  name: string,
  environment: string,
  title?: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      ...(title && { title }),
      annotations: { 'platform-portal.io/environment': environment },
    },
    spec: { type: 'kubernetes-cluster', owner: 'cloud-infrastructure' },
  };
}

/**
 * The permission policy's outcome, simulated: the real policy (owners and admins act, everyone
 * signed in reads) is tested in the backend package; here what matters is that the plugin asks
 * for the right permission on the right entity and obeys the answer.
 */
export const permissionDecisions: Array<{
  user: string;
  permission: string;
  resourceRef?: string;
}> = [];

const permissionsFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: { auth: coreServices.auth },
  factory: ({ auth }) => {
    const decide = (request: EvaluatePermissionRequest, credentials: any) => {
      if (auth.isPrincipal(credentials, 'service'))
        return AuthorizeResult.ALLOW;
      if (!auth.isPrincipal(credentials, 'user')) return AuthorizeResult.DENY;
      const user = credentials.principal.userEntityRef;
      permissionDecisions.push({
        user,
        permission: request.permission.name,
        resourceRef: (request as any).resourceRef,
      });
      if (user === USERS.owner || user === USERS.hidden)
        return AuthorizeResult.ALLOW;
      if (user === USERS.reader) {
        return request.permission.attributes.action === 'read'
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY;
      }
      return request.permission.name.startsWith('flux.')
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW;
    };
    return {
      authorize: async (requests: EvaluatePermissionRequest[], options: any) =>
        requests.map(r => ({ result: decide(r, options?.credentials) })),
      authorizeConditional: async (
        requests: EvaluatePermissionRequest[],
        options: any,
      ) => requests.map(r => ({ result: decide(r, options?.credentials) })),
    } as any;
  },
});

/** A catalog that hides `component:default/secret` from {@link USERS.hidden}. */
function catalogFactory(entities: Entity[]) {
  return createServiceFactory({
    service: catalogServiceRef,
    deps: { auth: coreServices.auth },
    factory: ({ auth }) => {
      const inner = catalogServiceMock({ entities });
      const hiddenFrom = (credentials: any) =>
        auth.isPrincipal(credentials, 'user') &&
        credentials.principal.userEntityRef === USERS.hidden;
      return {
        ...inner,
        getEntityByRef: async (ref: any, options: any) => {
          const found = await inner.getEntityByRef(ref, options);
          if (
            found &&
            hiddenFrom(options?.credentials) &&
            found.metadata.name === 'secret'
          ) {
            return undefined;
          }
          return found;
        },
        getEntities: inner.getEntities.bind(inner),
      } as any;
    },
  });
}

/** A stand-in container-images backend: the same route and response shape, fixed data. */
export function fakeContainerImages(
  respond: (entityRef: string) => { status: number; body: unknown },
) {
  return createBackendPlugin({
    pluginId: 'container-images',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const express = require('express') as typeof import('express');
          const router = express.Router();
          router.get(
            '/entity/:kind/:namespace/:name/images',
            async (req, res) => {
              const creds = await httpAuth.credentials(req, {
                allow: ['user'],
              });
              const ref = `${req.params.kind}:${req.params.namespace}/${req.params.name}`;
              const { status, body } = respond(ref);
              res.status(status).json({
                ...(body as object),
                onBehalfOf: creds.principal.userEntityRef,
              });
            },
          );
          httpRouter.use(router);
        },
      });
    },
  });
}

export type ImagesResponder = (entityRef: string) => {
  status: number;
  body: EntityImagesResponse | { error: unknown };
};

/**
 * The Flux plugin with the real upstream Kubernetes backend in front of simulated clusters:
 * each cluster of `fake` is configured with the `config` locator and `serviceAccount` auth.
 */
export async function startFluxBackend(options: {
  fake: FakeKubernetes;
  clusters: Array<{ name: string; token?: string; authProvider?: string }>;
  entities: Entity[];
  images?: ImagesResponder;
  flux?: Record<string, unknown>;
}) {
  const { server } = await startTestBackend({
    features: [
      fluxPlugin,
      kubernetesPlugin,
      ...(options.images ? [fakeContainerImages(options.images)] : []),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      permissionsFactory,
      catalogFactory(options.entities),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: options.clusters.map(c => ({
                  name: c.name,
                  url: options.fake.url(c.name),
                  authProvider: c.authProvider ?? 'serviceAccount',
                  serviceAccountToken: c.token ?? `token-${c.name}`,
                  skipTLSVerify: true,
                  skipMetricsLookup: true,
                })),
              },
            ],
          },
          flux: {
            clusterTimeoutSeconds: 3,
            reconcileWaitSeconds: 2,
            ...options.flux,
          },
        },
      }),
    ],
  });
  return server;
}

export const entityPath = (entity: Entity) => {
  const ref = stringifyEntityRef(entity);
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return `/api/flux/entity/${kind}/${namespace}/${name}`;
};
