import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { containerImagesPermissions } from '@platform-portal/plugin-container-images-common';
import { createRouter } from './router';
import { ContainerImagesService } from './service/ContainerImagesService';
import { DatabaseStableTagHistory } from './service/StableTagHistory';
import { EcrProvider } from './providers/ecr';
import { OciRegistryProvider } from './providers/oci';
import { ImageRegistryProvider } from './providers/types';
import { createPluginMetrics } from '@platform-portal/metrics-node';

/**
 * Container images: `GET /api/container-images/entity/:kind/:namespace/:name/images` and
 * `/findings`. Every route needs credentials; entities are read with the caller's.
 *
 * @public
 */
export const containerImagesPlugin = createBackendPlugin({
  pluginId: 'container-images',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        database: coreServices.database,
        catalog: catalogServiceRef,
        metricsService: metricsServiceRef,
      },
      async init({
        config,
        logger,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        database,
        catalog,
        metricsService,
      }) {
        permissionsRegistry.addPermissions(containerImagesPermissions);
        const metrics = createPluginMetrics('container-images', metricsService);
        const providers: ImageRegistryProvider[] = [
          EcrProvider.fromConfig(config, { logger }),
          OciRegistryProvider.fromConfig(config, { logger }),
        ];
        const service = new ContainerImagesService({
          providers,
          catalog,
          permissions,
          history: await DatabaseStableTagHistory.create({ database }),
          logger,
          cacheTtlMs:
            (config.getOptionalNumber('containerImages.cacheTtlSeconds') ??
              60) * 1000,
          movingTags: config.getOptionalStringArray(
            'containerImages.movingTags',
          ),
          metrics,
        });
        httpRouter.use(await createRouter({ httpAuth, service, metrics }));
      },
    });
  },
});
