import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  createPublishLocalAction,
  resolveLocalGitDirectory,
} from './publishLocal';

const execFileAsync = promisify(execFile);

async function git(gitDir: string, ...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', ['--git-dir', gitDir, ...args]);
  return stdout.trim();
}

describe('publish:local', () => {
  const mockDir = createMockDirectory();
  const workspacePath = mockDir.resolve('workspace');
  const reposDir = mockDir.resolve('repos');

  const config = new ConfigReader({
    scaffolder: {
      defaultAuthor: { name: 'Portal Bot', email: 'bot@portal.example' },
    },
  });
  const action = createPublishLocalAction({ config, directory: reposDir });

  const context = (input: Record<string, unknown>) =>
    createMockActionContext({ input: input as any, workspacePath });

  beforeEach(() => {
    mockDir.setContent({
      workspace: {
        'catalog-info.yaml': 'kind: Component\n',
        'README.md': '# Orders\n',
        src: { 'index.ts': 'export {};\n' },
        repo: {
          'catalog-info.yaml': 'kind: Component\n',
          'main.py': 'print(1)\n',
        },
      },
    });
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('publishes the workspace as a bare repository', async () => {
    const ctx = context({
      repoName: 'orders-service',
      description: 'Order management service',
      extraBranches: ['develop'],
      topics: ['Java', 'gitflow', 'java'],
    });
    await action.handler(ctx);

    const repoPath = path.join(reposDir, 'orders-service.git');
    const remoteUrl = pathToFileURL(repoPath).href;
    const head = await git(repoPath, 'rev-parse', 'refs/heads/main');
    expect(ctx.output).toHaveBeenCalledWith('repoPath', repoPath);
    expect(ctx.output).toHaveBeenCalledWith('remoteUrl', remoteUrl);
    expect(ctx.output).toHaveBeenCalledWith(
      'repoContentsUrl',
      `${remoteUrl}/blob/main`,
    );
    expect(ctx.output).toHaveBeenCalledWith('commitHash', head);

    expect(await git(repoPath, 'rev-parse', '--is-bare-repository')).toBe(
      'true',
    );
    expect(await git(repoPath, 'symbolic-ref', 'HEAD')).toBe('refs/heads/main');
    expect(
      await git(repoPath, 'for-each-ref', '--format=%(refname:short)'),
    ).toBe('develop\nmain');
    expect(await git(repoPath, 'rev-parse', 'refs/heads/develop')).toBe(head);
    expect(
      await git(repoPath, 'log', '--format=%s|%an|%ae|%cn|%ce', 'main'),
    ).toBe(
      'Initial commit|Portal Bot|bot@portal.example|Portal Bot|bot@portal.example',
    );
    expect(
      (await git(repoPath, 'ls-tree', '-r', '--name-only', 'HEAD')).split('\n'),
    ).toEqual([
      'README.md',
      'catalog-info.yaml',
      'repo/catalog-info.yaml',
      'repo/main.py',
      'src/index.ts',
    ]);
    expect(await git(repoPath, 'config', 'platform-portal.topics')).toBe(
      'java,gitflow',
    );
    expect(await fs.readFile(path.join(repoPath, 'description'), 'utf8')).toBe(
      'Order management service\n',
    );
    // the workspace gets no repository of its own
    await expect(fs.stat(path.join(workspacePath, '.git'))).rejects.toThrow();
  });

  it('publishes a sub-directory with the given branch, message and author', async () => {
    const ctx = context({
      repoName: 'eo-tiler',
      sourcePath: './repo',
      defaultBranch: 'trunk',
      gitCommitMessage: 'Scaffolded',
      gitAuthorName: 'Lumen',
      gitAuthorEmail: 'lumen@example.com',
    });
    await action.handler(ctx);

    const repoPath = path.join(reposDir, 'eo-tiler.git');
    expect(await git(repoPath, 'symbolic-ref', 'HEAD')).toBe(
      'refs/heads/trunk',
    );
    expect(
      await git(repoPath, 'for-each-ref', '--format=%(refname:short)'),
    ).toBe('trunk');
    expect(await git(repoPath, 'log', '--format=%s|%an|%ae|%ce', 'trunk')).toBe(
      'Scaffolded|Lumen|lumen@example.com|lumen@example.com',
    );
    expect(
      (await git(repoPath, 'ls-tree', '-r', '--name-only', 'HEAD')).split('\n'),
    ).toEqual(['catalog-info.yaml', 'main.py']);
    await expect(
      git(repoPath, 'config', 'platform-portal.topics'),
    ).rejects.toThrow();
  });

  it('falls back to the built-in author without scaffolder.defaultAuthor', async () => {
    const bare = createPublishLocalAction({
      config: new ConfigReader({}),
      directory: reposDir,
    });
    await bare.handler(context({ repoName: 'plain' }));
    expect(
      await git(path.join(reposDir, 'plain.git'), 'log', '--format=%an|%ae'),
    ).toBe('Platform Portal|portal@localhost');
  });

  it('refuses a sourcePath outside the workspace or missing', async () => {
    await expect(
      action.handler(context({ repoName: 'escape', sourcePath: '../repos' })),
    ).rejects.toThrow(/outside/i);
    await expect(
      action.handler(context({ repoName: 'missing', sourcePath: 'nope' })),
    ).rejects.toMatchObject({ name: 'InputError' });
    await expect(fs.stat(reposDir)).rejects.toThrow();
  });

  it('announces the new repository to the catalog, and not on a dry run', async () => {
    const events = { publish: jest.fn(async () => {}), subscribe: jest.fn() };
    const announcing = createPublishLocalAction({
      config,
      directory: reposDir,
      events,
    });
    await announcing.handler({
      ...context({ repoName: 'dry-announce' }),
      isDryRun: true,
    });
    expect(events.publish).not.toHaveBeenCalled();
    await announcing.handler(context({ repoName: 'announced' }));
    expect(events.publish).toHaveBeenCalledWith({
      topic: 'platform-portal.repository',
      eventPayload: {
        action: 'published',
        directory: reposDir,
        name: 'announced',
      },
    });
  });

  it('publishes even when the announcement fails', async () => {
    const events = {
      publish: jest.fn(async () => {
        throw new Error('events backend down');
      }),
      subscribe: jest.fn(),
    };
    const ctx = context({ repoName: 'unannounced' });
    await createPublishLocalAction({
      config,
      directory: reposDir,
      events,
    }).handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'repoPath',
      path.join(reposDir, 'unannounced.git'),
    );
  });

  it('creates nothing on a dry run', async () => {
    const ctx = {
      ...context({ repoName: 'dry', extraBranches: ['develop'] }),
      isDryRun: true,
    };
    await action.handler(ctx);

    const repoPath = path.join(reposDir, 'dry.git');
    expect(ctx.output).toHaveBeenCalledWith('repoPath', repoPath);
    expect(ctx.output).toHaveBeenCalledWith(
      'remoteUrl',
      pathToFileURL(repoPath).href,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'commitHash',
      expect.stringMatching(/^[0-9a-f]{40}$/),
    );
    await expect(fs.stat(reposDir)).rejects.toThrow();
  });

  it('refuses an existing repository before doing anything', async () => {
    await action.handler(context({ repoName: 'taken', topics: ['a'] }));
    const repoPath = path.join(reposDir, 'taken.git');
    const before = await git(repoPath, 'rev-parse', 'HEAD');

    const mkdir = jest.spyOn(fs, 'mkdir');
    const mkdtemp = jest.spyOn(fs, 'mkdtemp');
    for (const isDryRun of [false, true]) {
      const ctx = {
        ...context({ repoName: 'taken', topics: ['b'] }),
        isDryRun,
      };
      await expect(action.handler(ctx)).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringContaining('taken already exists'),
      });
      expect(ctx.output).not.toHaveBeenCalled();
    }
    expect(mkdir).not.toHaveBeenCalled();
    expect(mkdtemp).not.toHaveBeenCalled();

    expect(await git(repoPath, 'rev-parse', 'HEAD')).toBe(before);
    expect(await git(repoPath, 'log', '--format=%H')).toBe(before);
    expect(await git(repoPath, 'config', 'platform-portal.topics')).toBe('a');
  });

  it('refuses a name that a non-bare repository already has', async () => {
    mockDir.addContent({ repos: { lumen: { '.git': {} } } });
    await expect(
      action.handler(context({ repoName: 'lumen' })),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    await expect(fs.readdir(reposDir)).resolves.toEqual(['lumen']);
  });

  it.each([
    '',
    'Orders',
    '-orders',
    '.hidden',
    'a/b',
    '../escape',
    'with space',
    'x'.repeat(101),
    'orders.git',
  ])('refuses the repository name %j', async repoName => {
    await expect(action.handler(context({ repoName }))).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('repoName'),
    });
    await expect(fs.stat(reposDir)).rejects.toThrow();
  });

  it('refuses invalid branch names and topics', async () => {
    await expect(
      action.handler(context({ repoName: 'ok', defaultBranch: 'a..b' })),
    ).rejects.toMatchObject({ name: 'InputError' });
    await expect(
      action.handler(context({ repoName: 'ok', extraBranches: ['-f'] })),
    ).rejects.toMatchObject({ name: 'InputError' });
    await expect(
      action.handler(context({ repoName: 'ok', topics: ['a,b'] })),
    ).rejects.toMatchObject({ name: 'InputError' });
    await expect(fs.stat(reposDir)).rejects.toThrow();
  });

  it('does not publish twice when a retried task replays its checkpoint', async () => {
    const store = new Map<string, unknown>();
    const checkpoint = jest.fn(
      async ({ key, fn }: { key: string; fn: () => unknown }) => {
        if (!store.has(key)) store.set(key, await fn());
        return store.get(key);
      },
    );
    const run = async () => {
      const ctx = {
        ...context({ repoName: 'retried', extraBranches: ['develop'] }),
        checkpoint,
      } as ReturnType<typeof context>;
      await action.handler(ctx);
      return ctx;
    };

    const first = await run();
    const repoPath = path.join(reposDir, 'retried.git');
    const head = await git(repoPath, 'rev-parse', 'HEAD');

    const second = await run();
    expect(checkpoint).toHaveBeenCalledTimes(2);
    expect(checkpoint.mock.calls[0][0].key).toBe('publish.local.retried');
    expect(store.size).toBe(1);
    expect((second.output as jest.Mock).mock.calls).toEqual(
      (first.output as jest.Mock).mock.calls,
    );
    expect(second.output).toHaveBeenCalledWith('commitHash', head);
    expect(await git(repoPath, 'log', '--format=%H', '--all')).toBe(head);
  });

  it('removes the repository it created when publishing fails', async () => {
    jest.spyOn(fs, 'writeFile').mockRejectedValueOnce(new Error('disk full'));
    const ctx = context({ repoName: 'broken', description: 'Broken' });
    await expect(action.handler(ctx)).rejects.toThrow('disk full');

    await expect(fs.readdir(reposDir)).resolves.toEqual([]);
    expect(ctx.output).not.toHaveBeenCalled();

    // and the name is free again
    await action.handler(context({ repoName: 'broken' }));
    await expect(fs.readdir(reposDir)).resolves.toEqual(['broken.git']);
  });
});

describe('resolveLocalGitDirectory', () => {
  it('prefers scaffolder.localGit.directory, then PORTAL_DATA_DIR, then ./.data', () => {
    const configured = new ConfigReader({
      scaffolder: { localGit: { directory: '../../.data/repos' } },
    });
    const empty = new ConfigReader({});
    expect(
      resolveLocalGitDirectory(
        configured,
        { PORTAL_DATA_DIR: '/srv' },
        '/a/b/c',
      ),
    ).toBe('/a/.data/repos');
    expect(
      resolveLocalGitDirectory(empty, { PORTAL_DATA_DIR: '/srv/portal' }, '/x'),
    ).toBe('/srv/portal/repos');
    expect(resolveLocalGitDirectory(empty, {}, '/x')).toBe('/x/.data/repos');
  });
});
