import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { fluxPermissions } from '@platform-portal/plugin-flux-common';
import { KubernetesBackendClusterAccess } from './cluster/KubernetesBackendClusterAccess';
import { instrumentClusterAccess } from './cluster/instrumentClusterAccess';
import { createFluxMetrics } from './fluxMetrics';
import { createRouter } from './router';
import { FluxFetcher } from './service/FluxFetcher';
import { FluxService } from './service/FluxService';
import { ContainerImagesBackendSource } from './service/images';

/**
 * Flux: `/api/flux/entity/:kind/:namespace/:name/{objects,deployments,cluster}` and
 * `POST …/actions/{reconcile,suspend,resume}`. Clusters are reached through the upstream
 * Kubernetes backend, which must be installed too.
 *
 * @public
 */
export const fluxPlugin = createBackendPlugin({
  pluginId: 'flux',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        auditor: coreServices.auditor,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        metricsService: metricsServiceRef,
      },
      async init({
        config,
        logger,
        auth,
        auditor,
        discovery,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        catalog,
        metricsService,
      }) {
        permissionsRegistry.addPermissions(fluxPermissions);
        const metrics = createFluxMetrics(metricsService);
        const seconds = (key: string, fallback: number) =>
          (config.getOptionalNumber(`flux.${key}`) ?? fallback) * 1000;
        const access = instrumentClusterAccess(
          new KubernetesBackendClusterAccess({ discovery, auth }),
          metrics,
        );
        const fetcher = new FluxFetcher(access, {
          timeoutMs: seconds('clusterTimeoutSeconds', 10),
          logger,
          metrics,
        });
        const service = new FluxService({
          fetcher,
          access,
          catalog,
          permissions,
          auth,
          logger,
          auditor,
          integrations: ScmIntegrations.fromConfig(config),
          // Bounded like a cluster: a slow registry must not hold the Deployments view longer.
          images: new ContainerImagesBackendSource({
            discovery,
            auth,
            timeoutMs: seconds('clusterTimeoutSeconds', 10),
          }),
          fluxNamespace: config.getOptionalString('flux.fluxNamespace'),
          environmentOrder: config.getOptionalStringArray(
            'flux.environmentOrder',
          ),
          cacheTtlMs: seconds('cacheTtlSeconds', 10),
          reconcileWaitMs: seconds('reconcileWaitSeconds', 20),
          metrics,
        });
        httpRouter.use(await createRouter({ httpAuth, service, metrics }));
      },
    });
  },
});
