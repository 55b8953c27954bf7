import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createPublishLocalAction } from './publishLocal';
import { examples } from './publishLocal.examples';

describe('publish:local examples', () => {
  const mockDir = createMockDirectory();
  const action = createPublishLocalAction({
    config: new ConfigReader({}),
    directory: mockDir.resolve('repos'),
  });

  beforeEach(() => {
    mockDir.setContent({
      workspace: { repo: { 'catalog-info.yaml': 'kind: Component\n' } },
    });
  });

  it('are attached to the action', () => {
    expect(action.examples).toBe(examples);
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_description, example) => {
      const { steps } = yaml.parse(example);
      expect(steps).toHaveLength(1);
      expect(steps[0].action).toBe('publish:local');

      const ctx = createMockActionContext({
        input: steps[0].input,
        workspacePath: mockDir.resolve('workspace'),
      });
      await action.handler(ctx);

      expect(ctx.output).toHaveBeenCalledWith(
        'repoPath',
        mockDir.resolve('repos', `${steps[0].input.repoName}.git`),
      );
      expect(ctx.output).toHaveBeenCalledWith(
        'commitHash',
        expect.stringMatching(/^[0-9a-f]{40}$/),
      );
    },
  );
});
