import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  createPublishLocalAction,
  resolveLocalGitDirectory,
} from './actions/publishLocal';

/**
 * Adds the `publish:local` action to the scaffolder. The target directory
 * (`scaffolder.localGit.directory`) is resolved once, here.
 *
 * @public
 */
export const scaffolderModuleLocalGit = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'local-git',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        events: eventsServiceRef,
      },
      async init({ scaffolder, config, events }) {
        scaffolder.addActions(
          createPublishLocalAction({
            config,
            directory: resolveLocalGitDirectory(config),
            events,
          }),
        );
      },
    });
  },
});
