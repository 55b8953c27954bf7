import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleLocalGit } from './module';

describe('scaffolderModuleLocalGit', () => {
  it('adds publish:local, publishing to scaffolder.localGit.directory', async () => {
    const addActions = jest.fn();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [
        scaffolderModuleLocalGit,
        mockServices.rootConfig.factory({
          data: { scaffolder: { localGit: { directory: '/srv/repos' } } },
        }),
      ],
    });

    expect(addActions).toHaveBeenCalledTimes(1);
    const actions = addActions.mock.calls[0];
    expect(actions.map((a: { id: string }) => a.id)).toEqual(['publish:local']);
    expect(actions[0].supportsDryRun).toBe(true);
    expect(Object.keys(actions[0].schema.input.properties)).toEqual(
      expect.arrayContaining(['repoName', 'defaultBranch', 'extraBranches']),
    );
  });
});
