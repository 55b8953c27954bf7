import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogEntityCreatePermission,
  catalogEntityValidatePermission,
  catalogLocationAnalyzePermission,
  catalogLocationCreatePermission,
  RESOURCE_TYPE_CATALOG_ENTITY,
} from '@backstage/plugin-catalog-common/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  actionExecutePermission,
  RESOURCE_TYPE_SCAFFOLDER_TASK,
  taskCreatePermission,
  templateDryRunPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';

/** Options for {@link PlatformPortalPolicy}. */
export interface PlatformPortalPolicyOptions {
  /**
   * Entity refs whose members may do everything. A user is an admin when one of these refs is in
   * their ownership claims (the sign-in resolver puts the user's groups there).
   */
  adminRefs: string[];
}

/**
 * Permissions every signed-in user holds although they are not reads: they create something new
 * that carries its own owner, so no existing entity is touched on someone else's behalf.
 * Registering a repository, starting a template and running its steps is how people onboard.
 */
const SIGNED_IN_CREATE_PERMISSIONS: Permission[] = [
  catalogLocationAnalyzePermission,
  catalogEntityValidatePermission,
  catalogLocationCreatePermission,
  catalogEntityCreatePermission,
  taskCreatePermission,
  templateDryRunPermission,
  actionExecutePermission,
];

/**
 * The portal's permission policy, default-deny:
 *
 * - no user → deny (service-to-service calls never reach a policy);
 * - members of an admin group → allow everything;
 * - `read` permissions → allow to every signed-in user;
 * - non-read permissions on catalog entities (refresh, delete, and our plugins' write actions such
 *   as Flux reconcile) → allowed only on entities the user or one of their groups owns;
 * - cancelling a scaffolder task → only the task's owner;
 * - the few "create something new" permissions above → every signed-in user;
 * - anything else → deny.
 */
export class PlatformPortalPolicy implements PermissionPolicy {
  private readonly adminRefs: Set<string>;

  constructor(options: PlatformPortalPolicyOptions) {
    this.adminRefs = new Set(
      options.adminRefs.map(ref => ref.toLocaleLowerCase('en-US')),
    );
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const claims = user.info.ownershipEntityRefs ?? [];
    if (
      claims.some(ref => this.adminRefs.has(ref.toLocaleLowerCase('en-US')))
    ) {
      return { result: AuthorizeResult.ALLOW };
    }

    const { permission } = request;
    if (permission.attributes.action === 'read') {
      return { result: AuthorizeResult.ALLOW };
    }

    if (isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY)) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims }),
      );
    }

    if (isResourcePermission(permission, RESOURCE_TYPE_SCAFFOLDER_TASK)) {
      return createScaffolderTaskConditionalDecision(
        permission,
        scaffolderTaskConditions.isTaskOwner({
          createdBy: [user.info.userEntityRef],
        }),
      );
    }

    if (SIGNED_IN_CREATE_PERMISSIONS.some(p => isPermission(permission, p))) {
      return { result: AuthorizeResult.ALLOW };
    }

    return { result: AuthorizeResult.DENY };
  }
}
