import {
  AuthorizeResult,
  createPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogIngestionManagePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateManagementPermission,
  actionExecutePermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  kubernetesProxyPermission,
  kubernetesResourcesReadPermission,
} from '@backstage/plugin-kubernetes-common';
import { PlatformPortalPolicy } from './PlatformPortalPolicy';
import { DEFAULT_ADMIN_GROUPS } from './module';

function userOf(name: string, groups: string[]): PolicyQueryUser {
  const userEntityRef = `user:default/${name}`;
  return {
    token: 'token',
    credentials: {} as PolicyQueryUser['credentials'],
    identity: {
      type: 'user',
      userEntityRef,
      ownershipEntityRefs: [userEntityRef, ...groups],
    },
    info: {
      userEntityRef,
      ownershipEntityRefs: [userEntityRef, ...groups],
    },
  } as PolicyQueryUser;
}

const developer = userOf('ada', ['group:default/team-geo']);
const admin = userOf('grace', [
  'group:default/team-geo',
  'group:default/platform-admins',
]);

const fluxReconcilePermission = createPermission({
  name: 'flux.reconcile',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});
const unknownPluginAction = createPermission({
  name: 'some.plugin.action',
  attributes: {},
});

describe('PlatformPortalPolicy', () => {
  const policy = new PlatformPortalPolicy({ adminRefs: DEFAULT_ADMIN_GROUPS });
  const decide = (
    permission: Parameters<PlatformPortalPolicy['handle']>[0]['permission'],
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> => policy.handle({ permission }, user);

  describe('without a signed-in user', () => {
    it.each([
      catalogEntityReadPermission,
      kubernetesResourcesReadPermission,
      taskCreatePermission,
    ])('denies $name', async permission => {
      expect(await decide(permission)).toEqual({
        result: AuthorizeResult.DENY,
      });
    });
  });

  describe('signed-in users', () => {
    it.each([
      catalogEntityReadPermission,
      kubernetesResourcesReadPermission,
      taskReadPermission,
    ])('may read: $name', async permission => {
      expect(await decide(permission, developer)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    });

    it.each([
      catalogLocationCreatePermission,
      taskCreatePermission,
      actionExecutePermission,
    ])('may create new things: $name', async permission => {
      expect(await decide(permission, developer)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    });

    it.each([
      catalogEntityDeletePermission,
      catalogEntityRefreshPermission,
      fluxReconcilePermission,
    ])(
      'may change a catalog entity only where they own it: $name',
      async permission => {
        expect(await decide(permission, developer)).toEqual({
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'catalog',
          resourceType: 'catalog-entity',
          conditions: {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'catalog-entity',
            params: {
              claims: ['user:default/ada', 'group:default/team-geo'],
            },
          },
        });
      },
    );

    it('may cancel only the scaffolder tasks they started', async () => {
      expect(await decide(taskCancelPermission, developer)).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'scaffolder',
        resourceType: 'scaffolder-task',
        conditions: {
          rule: 'IS_TASK_OWNER',
          resourceType: 'scaffolder-task',
          params: { createdBy: ['user:default/ada'] },
        },
      });
    });

    it.each([
      catalogLocationDeletePermission,
      catalogIngestionManagePermission,
      templateManagementPermission,
      kubernetesProxyPermission,
      unknownPluginAction,
    ])('are denied admin-only and unknown actions: $name', async permission => {
      expect(await decide(permission, developer)).toEqual({
        result: AuthorizeResult.DENY,
      });
    });
  });

  describe('platform admins', () => {
    it.each([
      catalogEntityDeletePermission,
      catalogLocationDeletePermission,
      kubernetesProxyPermission,
      templateManagementPermission,
      fluxReconcilePermission,
      unknownPluginAction,
    ])('may do everything: $name', async permission => {
      expect(await decide(permission, admin)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    });

    it('are recognised case-insensitively and from configured groups', async () => {
      const custom = new PlatformPortalPolicy({
        adminRefs: ['group:default/SRE'],
      });
      const sre = userOf('lin', ['group:default/sre']);
      expect(
        await custom.handle({ permission: kubernetesProxyPermission }, sre),
      ).toEqual({ result: AuthorizeResult.ALLOW });
      expect(
        await custom.handle({ permission: kubernetesProxyPermission }, admin),
      ).toEqual({ result: AuthorizeResult.DENY });
    });
  });
});
