import {
  createMockDirectory,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import yaml from 'yaml';
import { createPrepareRepoAction, readPublishTarget } from './prepareRepo';
import { examples } from './prepareRepo.examples';

const githubConfig = new ConfigReader({
  integrations: {
    github: [{ host: 'github.com', token: 'ghp_test_token' }],
  },
  portal: {
    scaffolder: {
      publishTarget: 'github',
      github: { organization: 'orbital-data' },
    },
  },
});

describe('readPublishTarget', () => {
  it('defaults to the local directory', () => {
    expect(readPublishTarget(new ConfigReader({}), '/data/repos')).toEqual({
      type: 'local',
      directory: '/data/repos',
    });
  });

  it('reads the GitHub organisation', () => {
    expect(readPublishTarget(githubConfig, '/data/repos')).toEqual({
      type: 'github',
      host: 'github.com',
      organization: 'orbital-data',
    });
  });

  it('fails fast without an organisation, an integration, or with an unknown target', () => {
    expect(() =>
      readPublishTarget(
        new ConfigReader({
          portal: { scaffolder: { publishTarget: 'github' } },
        }),
        '/x',
      ),
    ).toThrow(/organization is required/);
    expect(() =>
      readPublishTarget(
        new ConfigReader({
          portal: {
            scaffolder: {
              publishTarget: 'github',
              github: { host: 'ghe.example.com', organization: 'o' },
            },
          },
        }),
        '/x',
      ),
    ).toThrow(/no entry for it/);
    expect(() =>
      readPublishTarget(
        new ConfigReader({
          portal: { scaffolder: { publishTarget: 'gitlab' } },
        }),
        '/x',
      ),
    ).toThrow(/"local" or "github"/);
  });
});

describe('portal:repo:prepare, local target', () => {
  const mockDir = createMockDirectory();
  const action = createPrepareRepoAction({
    config: new ConfigReader({}),
    target: { type: 'local', directory: mockDir.path },
  });

  beforeEach(() => {
    mockDir.setContent({
      'geo-tiles-service.git': { HEAD: 'ref: x' },
      runbooks: {},
    });
  });

  it('outputs the local target for a free name', async () => {
    const ctx = createMockActionContext({ input: { name: 'orders-service' } });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('target', 'local');
    expect(ctx.output).toHaveBeenCalledWith('repoName', 'orders-service');
    expect(ctx.output).toHaveBeenCalledWith(
      'remoteUrl',
      expect.stringMatching(/^file:\/\/.*\/orders-service\.git$/),
    );
    expect(ctx.output).toHaveBeenCalledWith('projectSlug', '');
  });

  it.each(['geo-tiles-service', 'runbooks'])(
    'refuses %s, which exists (bare or not), also in a dry run',
    async name => {
      for (const isDryRun of [false, true]) {
        const ctx = {
          ...createMockActionContext({ input: { name } }),
          isDryRun,
        };
        await expect(action.handler(ctx)).rejects.toThrow(
          new RegExp(`Repository ${name} already exists .*choose another name`),
        );
        expect(ctx.output).not.toHaveBeenCalled();
      }
    },
  );

  it('with mustExist, accepts an existing repository and refuses a missing one', async () => {
    const ctx = createMockActionContext({
      input: { name: 'geo-tiles-service', mustExist: true },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'remoteUrl',
      expect.stringMatching(/^file:\/\/.*\/geo-tiles-service\.git$/),
    );
    await expect(
      action.handler(
        createMockActionContext({
          input: { name: 'lumen-ml', mustExist: true },
        }),
      ),
    ).rejects.toThrow(/Repository lumen-ml does not exist in /);
  });

  it.each([
    ['Orders', 'upper case'],
    ['1orders', 'leading digit'],
    ['orders-', 'trailing hyphen'],
    ['or--ders', 'double hyphen'],
    ['o', 'too short'],
    ['a'.repeat(64), 'too long'],
    ['../etc', 'path'],
    ['orders_service', 'underscore'],
  ])('refuses %j (%s) with a clear message', async name => {
    const ctx = createMockActionContext({ input: { name } });
    await expect(action.handler(ctx)).rejects.toThrow(
      /Invalid name .*lower-case letters, digits and single hyphens/,
    );
  });
});

describe('portal:repo:prepare, GitHub target', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const action = createPrepareRepoAction({
    config: githubConfig,
    target: {
      type: 'github',
      host: 'github.com',
      organization: 'orbital-data',
    },
  });
  const authHeaders: string[] = [];

  beforeEach(() => {
    authHeaders.length = 0;
    server.use(
      http.get(
        'https://api.github.com/repos/orbital-data/:repo',
        ({ params, request }) => {
          authHeaders.push(request.headers.get('authorization') ?? '');
          if (params.repo === 'checkout-service') {
            return HttpResponse.json({
              id: 1,
              name: 'checkout-service',
              full_name: 'orbital-data/checkout-service',
              private: true,
            });
          }
          if (params.repo === 'rate-limited') {
            return HttpResponse.json(
              {
                message: 'API rate limit exceeded',
                documentation_url: 'https://docs.github.com/rest/rate-limit',
              },
              { status: 403, headers: { 'x-ratelimit-remaining': '0' } },
            );
          }
          return HttpResponse.json(
            {
              message: 'Not Found',
              documentation_url:
                'https://docs.github.com/rest/repos/repos#get-a-repository',
            },
            { status: 404 },
          );
        },
      ),
    );
  });

  it('outputs the repoUrl for publish:github when the name is free', async () => {
    const ctx = createMockActionContext({ input: { name: 'orders-service' } });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('target', 'github');
    expect(ctx.output).toHaveBeenCalledWith(
      'repoUrl',
      'github.com?owner=orbital-data&repo=orders-service',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'projectSlug',
      'orbital-data/orders-service',
    );
    expect(authHeaders).toEqual(['token ghp_test_token']);
  });

  it('refuses a repository that exists in the organisation', async () => {
    const ctx = {
      ...createMockActionContext({ input: { name: 'checkout-service' } }),
      isDryRun: true,
    };
    await expect(action.handler(ctx)).rejects.toThrow(
      'Repository orbital-data/checkout-service already exists on github.com; choose another name',
    );
  });

  it('with mustExist, accepts an existing repository and refuses a missing one', async () => {
    const ctx = createMockActionContext({
      input: { name: 'checkout-service', mustExist: true },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'repoUrl',
      'github.com?owner=orbital-data&repo=checkout-service',
    );
    await expect(
      action.handler(
        createMockActionContext({
          input: { name: 'nothing-here', mustExist: true },
        }),
      ),
    ).rejects.toThrow(
      'Repository orbital-data/nothing-here does not exist on github.com',
    );
  });

  it('reports GitHub errors other than 404 instead of guessing', async () => {
    const ctx = createMockActionContext({ input: { name: 'rate-limited' } });
    await expect(action.handler(ctx)).rejects.toThrow(
      /Could not check whether orbital-data\/rate-limited exists on github.com: HTTP 403 .*rate limit/,
    );
  });
});

describe('portal:repo:prepare examples', () => {
  it('parse, and start with this action', () => {
    for (const { example } of examples) {
      const { steps } = yaml.parse(example);
      expect(steps[0].action).toBe('portal:repo:prepare');
      expect(steps[0].input.name).toBeDefined();
    }
  });
});
