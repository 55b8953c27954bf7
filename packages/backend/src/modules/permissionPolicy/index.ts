export { PlatformPortalPolicy } from './PlatformPortalPolicy';
export type { PlatformPortalPolicyOptions } from './PlatformPortalPolicy';
export {
  permissionModulePlatformPortalPolicy as default,
  DEFAULT_ADMIN_GROUPS,
} from './module';
