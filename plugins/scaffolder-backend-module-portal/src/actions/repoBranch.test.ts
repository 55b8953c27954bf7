import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  createMockDirectory,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import yaml from 'yaml';
import { createRepoBranchAction } from './repoBranch';
import { examples } from './repoBranch.examples';

function git(cwd: string, ...args: string[]) {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    },
  }).trim();
}

describe('portal:repo:branch, local target', () => {
  const mockDir = createMockDirectory();
  const reposDir = mockDir.resolve('repos');
  const workspacePath = mockDir.resolve('workspace');
  const action = createRepoBranchAction({
    config: new ConfigReader({
      scaffolder: { defaultAuthor: { name: 'Portal', email: 'portal@x' } },
    }),
    target: { type: 'local', directory: reposDir },
  });
  let mainCommit: string;

  beforeEach(() => {
    mockDir.clear();
    mockDir.setContent({
      work: {
        'package.json': '{"name":"orders","version":"0.1.0"}\n',
        services: { api: { 'main.py': 'print(1)\n' } },
      },
      workspace: {
        develop: {
          'package.json': '{"name":"orders","version":"0.2.0-SNAPSHOT"}\n',
        },
        change: { services: { ingest: { 'main.py': 'print(2)\n' } } },
      },
      repos: {},
    });
    const work = mockDir.resolve('work');
    git(work, 'init', '-q', '--initial-branch=main');
    git(work, 'add', '-A');
    git(work, 'commit', '-qm', 'init');
    mainCommit = git(work, 'rev-parse', 'HEAD');
    git(reposDir, 'clone', '-q', '--bare', work, 'orders.git');
  });

  const run = async (input: Record<string, unknown>, isDryRun = false) => {
    const ctx = {
      ...createMockActionContext({ input: input as any, workspacePath }),
      isDryRun,
    };
    await action.handler(ctx);
    return ctx;
  };
  const show = (ref: string) =>
    git(path.join(reposDir, 'orders.git'), 'show', ref);

  it('creates develop as a child of main with the overlaid version file', async () => {
    const ctx = await run({
      repoName: 'orders',
      branch: 'develop',
      sourcePath: 'develop',
      commitMessage: 'Start 0.2.0-SNAPSHOT',
    });
    expect(show('develop:package.json')).toContain('0.2.0-SNAPSHOT');
    expect(show('main:package.json')).toContain('"0.1.0"');
    expect(
      git(path.join(reposDir, 'orders.git'), 'rev-parse', 'develop^'),
    ).toBe(mainCommit);
    expect(show('develop:services/api/main.py')).toBe('print(1)');
    expect(
      git(
        path.join(reposDir, 'orders.git'),
        'log',
        '-1',
        '--format=%an %s',
        'develop',
      ),
    ).toBe('Portal Start 0.2.0-SNAPSHOT');
    expect(ctx.output).toHaveBeenCalledWith(
      'commitHash',
      git(path.join(reposDir, 'orders.git'), 'rev-parse', 'develop'),
    );
  });

  it('without a sourcePath, points the branch at from', async () => {
    await run({ repoName: 'orders', branch: 'dev' });
    expect(git(path.join(reposDir, 'orders.git'), 'rev-parse', 'dev')).toBe(
      mainCommit,
    );
  });

  it('refuses an existing branch, a missing from branch and a missing repository', async () => {
    await run({ repoName: 'orders', branch: 'dev' });
    await expect(run({ repoName: 'orders', branch: 'dev' })).rejects.toThrow(
      'Branch dev already exists in orders',
    );
    await expect(
      run({ repoName: 'orders', branch: 'x', from: 'trunk' }),
    ).rejects.toThrow('Branch trunk does not exist in orders');
    await expect(run({ repoName: 'nope', branch: 'x' })).rejects.toThrow(
      /Repository nope does not exist/,
    );
  });

  it('refuses a path that exists on from, in a dry run too, and creates nothing', async () => {
    for (const dryRun of [true, false]) {
      await expect(
        run(
          {
            repoName: 'orders',
            branch: 'portal/add-api',
            sourcePath: 'change',
            refuseExistingPaths: ['services/api'],
          },
          dryRun,
        ),
      ).rejects.toThrow(
        'services/api already exists on main of orders; choose another name',
      );
    }
    expect(
      git(path.join(reposDir, 'orders.git'), 'branch', '--list'),
    ).not.toContain('portal/');
    await run({
      repoName: 'orders',
      branch: 'portal/add-ingest',
      sourcePath: 'change',
      refuseExistingPaths: ['services/ingest'],
    });
    expect(show('portal/add-ingest:services/ingest/main.py')).toBe('print(2)');
  });

  it('a dry run changes nothing', async () => {
    await run(
      { repoName: 'orders', branch: 'develop', sourcePath: 'develop' },
      true,
    );
    expect(
      git(path.join(reposDir, 'orders.git'), 'branch', '--list'),
    ).not.toContain('develop');
  });

  it.each(['-x', 'a..b', 'has space'])(
    'refuses the branch name %j',
    async branch => {
      await expect(run({ repoName: 'orders', branch })).rejects.toThrow(
        /Invalid branch name/,
      );
    },
  );

  it('refuses paths outside the repository', async () => {
    await expect(
      run({ repoName: 'orders', branch: 'x', refuseExistingPaths: ['../etc'] }),
    ).rejects.toThrow(/relative paths inside the repository/);
  });

  it('its examples parse', () => {
    for (const { example } of examples) {
      const { steps } = yaml.parse(example);
      expect(steps.some((s: any) => s.action === 'portal:repo:branch')).toBe(
        true,
      );
    }
  });
});

describe('portal:repo:branch, GitHub target (Git Data API)', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const mockDir = createMockDirectory();
  const action = createRepoBranchAction({
    config: new ConfigReader({
      integrations: { github: [{ host: 'github.com', token: 'ghp_x' }] },
    }),
    target: {
      type: 'github',
      host: 'github.com',
      organization: 'orbital-data',
    },
  });
  const api = 'https://api.github.com/repos/orbital-data/orders';
  let calls: Array<{ method: string; path: string; body?: any }>;

  beforeEach(() => {
    calls = [];
    mockDir.setContent({
      develop: { 'package.json': '{"version":"0.2.0-SNAPSHOT"}\n' },
    });
    const record = async (request: Request) => {
      const url = new URL(request.url);
      calls.push({
        method: request.method,
        path: url.pathname.replace('/repos/orbital-data/orders', ''),
        body: request.method === 'GET' ? undefined : await request.json(),
      });
    };
    server.use(
      http.get(`${api}/git/ref/*`, async ({ request }) => {
        await record(request);
        const ref = decodeURIComponent(new URL(request.url).pathname).replace(
          /.*\/git\/ref\//,
          '',
        );
        if (ref === 'heads/main') {
          return HttpResponse.json({
            ref: 'refs/heads/main',
            object: { sha: 'a'.repeat(40), type: 'commit' },
          });
        }
        return HttpResponse.json({ message: 'Not Found' }, { status: 404 });
      }),
      http.get(`${api}/git/commits/:sha`, async ({ request }) => {
        await record(request);
        return HttpResponse.json({
          sha: 'a'.repeat(40),
          tree: { sha: 't'.repeat(40) },
        });
      }),
      http.get(`${api}/contents/*`, async ({ request }) => {
        await record(request);
        if (decodeURIComponent(request.url).includes('services/api')) {
          return HttpResponse.json([{ name: 'main.py', type: 'file' }]);
        }
        return HttpResponse.json({ message: 'Not Found' }, { status: 404 });
      }),
      http.post(`${api}/git/blobs`, async ({ request }) => {
        await record(request);
        return HttpResponse.json({ sha: 'b'.repeat(40) }, { status: 201 });
      }),
      http.post(`${api}/git/trees`, async ({ request }) => {
        await record(request);
        return HttpResponse.json({ sha: 'c'.repeat(40) }, { status: 201 });
      }),
      http.post(`${api}/git/commits`, async ({ request }) => {
        await record(request);
        return HttpResponse.json({ sha: 'd'.repeat(40) }, { status: 201 });
      }),
      http.post(`${api}/git/refs`, async ({ request }) => {
        await record(request);
        return HttpResponse.json(
          { ref: 'refs/heads/develop' },
          { status: 201 },
        );
      }),
    );
  });

  it('creates one commit on top of main and the branch ref pointing at it', async () => {
    const ctx = createMockActionContext({
      input: { repoName: 'orders', branch: 'develop', sourcePath: 'develop' },
      workspacePath: mockDir.path,
    });
    await action.handler(ctx);
    const writes = calls.filter(c => c.method === 'POST');
    expect(writes.map(c => c.path)).toEqual([
      '/git/blobs',
      '/git/trees',
      '/git/commits',
      '/git/refs',
    ]);
    expect(Buffer.from(writes[0].body.content, 'base64').toString()).toContain(
      '0.2.0-SNAPSHOT',
    );
    expect(writes[1].body).toEqual({
      base_tree: 't'.repeat(40),
      tree: [
        {
          path: 'package.json',
          mode: '100644',
          type: 'blob',
          sha: 'b'.repeat(40),
        },
      ],
    });
    expect(writes[2].body.parents).toEqual(['a'.repeat(40)]);
    expect(writes[3].body).toEqual({
      ref: 'refs/heads/develop',
      sha: 'd'.repeat(40),
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'branchUrl',
      'https://github.com/orbital-data/orders/tree/develop',
    );
  });

  it('refuses an existing path before writing anything', async () => {
    const ctx = createMockActionContext({
      input: {
        repoName: 'orders',
        branch: 'portal/add-api',
        refuseExistingPaths: ['services/api'],
      },
      workspacePath: mockDir.path,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      'services/api already exists on main of orbital-data/orders',
    );
    expect(calls.filter(c => c.method === 'POST')).toEqual([]);
  });
});
