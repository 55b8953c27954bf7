import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { PlatformPortalPolicy } from './PlatformPortalPolicy';

/** The group whose members may do everything, unless `portal.permissions.adminGroups` says otherwise. */
export const DEFAULT_ADMIN_GROUPS = ['group:default/platform-admins'];

/** Installs {@link PlatformPortalPolicy} as the permission backend's policy. */
export const permissionModulePlatformPortalPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'platform-portal-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ policy, config, logger }) {
        const adminRefs =
          config.getOptionalStringArray('portal.permissions.adminGroups') ??
          DEFAULT_ADMIN_GROUPS;
        logger.info(`Platform admins: members of ${adminRefs.join(', ')}`);
        policy.setPolicy(new PlatformPortalPolicy({ adminRefs }));
      },
    });
  },
});
