import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { resolveLocalGitDirectory } from '@platform-portal/plugin-scaffolder-backend-module-local-git';
import {
  createPrepareRepoAction,
  readPublishTarget,
} from './actions/prepareRepo';
import { createRepoBranchAction } from './actions/repoBranch';
import { createCatalogWaitAction } from './actions/catalogWait';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';

/**
 * Adds `portal:repo:prepare`, `portal:repo:branch` and `portal:catalog:wait`. The publish target is read once, here, and a broken
 * `portal.scaffolder` config stops the backend at startup rather than at a user's first run.
 *
 * @public
 */
export const scaffolderModulePortal = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'portal',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, config, logger, catalog }) {
        const target = readPublishTarget(
          config,
          resolveLocalGitDirectory(config),
        );
        logger.info(
          target.type === 'github'
            ? `Templates publish to ${target.host}/${target.organization}`
            : `Templates publish to local git repositories in ${target.directory}`,
        );
        scaffolder.addActions(
          createPrepareRepoAction({ config, target }),
          createRepoBranchAction({ config, target }),
          createCatalogWaitAction({ catalog }),
        );
      },
    });
  },
});
