import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { terraformPermissions } from '@platform-portal/plugin-terraform-common';
import { createRouter } from './router';
import { TerraformPlansService } from './service/TerraformPlansService';
import { parsePlan } from './parser';
import { GithubArtifactsPlanSource } from './sources/github';
import { HcpTerraformPlanSource } from './sources/hcp';
import { S3PlanSource } from './sources/s3';
import { LocalPlanSource } from './sources/local';
import { createPluginMetrics } from '@platform-portal/metrics-node';

/**
 * Terraform plans: `GET /api/terraform/entity/:kind/:namespace/:name/plans[/:planId[/resources]]`.
 * Every route needs credentials; entities are read with the caller's.
 *
 * @public
 */
export const terraformPlugin = createBackendPlugin({
  pluginId: 'terraform',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
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
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        catalog,
        metricsService,
      }) {
        permissionsRegistry.addPermissions(terraformPermissions);
        const metrics = createPluginMetrics('terraform', metricsService);
        const service = new TerraformPlansService({
          sources: [
            GithubArtifactsPlanSource.fromConfig(config, { logger }),
            HcpTerraformPlanSource.fromConfig(config, { logger }),
            S3PlanSource.fromConfig(config, { logger }),
            LocalPlanSource.fromConfig(config, { logger }),
          ],
          parse: (input, options) => parsePlan(input, options),
          catalog,
          permissions,
          logger,
          listCacheTtlMs:
            (config.getOptionalNumber('terraform.listCacheTtlSeconds') ?? 60) *
            1000,
          listFailureTtlMs:
            (config.getOptionalNumber('terraform.listFailureCacheSeconds') ??
              15) * 1000,
          parsedPlanCacheSize: config.getOptionalNumber(
            'terraform.parsedPlanCacheSize',
          ),
          maxPlanBytes: config.getOptionalNumber('terraform.maxPlanBytes'),
          metrics,
        });
        httpRouter.use(await createRouter({ httpAuth, service, metrics }));
      },
    });
  },
});
