import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import { LocalGitUrlReader } from './LocalGitUrlReader';

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

describe('LocalGitUrlReader', () => {
  const mockDir = createMockDirectory();
  const reposDir = mockDir.resolve('repos');
  let reader: ReturnType<typeof UrlReaders.create>;
  const url = (p: string) => pathToFileURL(path.join(reposDir, p)).href;

  beforeAll(() => {
    mockDir.setContent({
      work: {
        'catalog-info.yaml': 'kind: Component\n',
        'mkdocs.yml': 'site_name: orders\n',
        docs: { 'index.md': '# Orders\n', 'runbook.md': '# Runbook\n' },
        src: { 'app.ts': 'export {};\n' },
      },
      repos: {},
      'secret.txt': 'not for the catalog',
    });
    const work = mockDir.resolve('work');
    git(work, 'init', '-q', '--initial-branch=main');
    git(work, 'add', '-A');
    git(work, 'commit', '-qm', 'init');
    git(work, 'checkout', '-qb', 'develop');
    mockDir.addContent({
      work: { docs: { 'index.md': '# Orders (develop)\n' } },
    });
    git(work, 'commit', '-qam', 'develop');
    git(work, 'checkout', '-q', 'main');
    git(reposDir, 'clone', '-q', '--bare', work, 'orders.git');
    git(
      reposDir,
      '--git-dir',
      'orders.git',
      'fetch',
      '-q',
      work,
      'develop:develop',
    );
    reader = UrlReaders.create({
      config: new ConfigReader({
        scaffolder: { localGit: { directory: reposDir } },
      }),
      logger: mockServices.logger.mock(),
      factories: [LocalGitUrlReader.factory],
    });
  });

  it('reads a committed file, with its blob id as etag', async () => {
    const res = await reader.readUrl(url('orders.git/catalog-info.yaml'));
    expect((await res.buffer()).toString()).toBe('kind: Component\n');
    expect(res.etag).toMatch(/^[0-9a-f]{40}$/);
    await expect(
      reader.readUrl(url('orders.git/catalog-info.yaml'), { etag: res.etag }),
    ).rejects.toMatchObject({ name: 'NotModifiedError' });
  });

  it('reads other branches through blob/<branch>/', async () => {
    const res = await reader.readUrl(
      url('orders.git/blob/develop/docs/index.md'),
    );
    expect((await res.buffer()).toString()).toBe('# Orders (develop)\n');
  });

  it('reads a tree, as TechDocs does for dir:.', async () => {
    const tree = await reader.readTree(url('orders.git/'));
    const files = await tree.files();
    expect(files.map(f => f.path).sort()).toEqual([
      'catalog-info.yaml',
      'docs/index.md',
      'docs/runbook.md',
      'mkdocs.yml',
      'src/app.ts',
    ]);
    await expect(
      reader.readTree(url('orders.git/'), { etag: tree.etag }),
    ).rejects.toMatchObject({ name: 'NotModifiedError' });
    const docs = await (await reader.readTree(url('orders.git/docs'))).files();
    expect(docs.map(f => f.path).sort()).toEqual(['index.md', 'runbook.md']);
    const dir = await (await reader.readTree(url('orders.git/'))).dir();
    expect(git(dir, 'hash-object', 'docs/index.md')).toMatch(/^[0-9a-f]{40}$/);
  });

  it("reports a repository git cannot archive with git's own message, not as a bad tar file", async () => {
    git(reposDir, 'clone', '-q', '--bare', mockDir.resolve('work'), 'torn.git');
    // A blob lost from the object store: the commit still resolves, the archive cannot be made.
    const blob = git(
      reposDir,
      '--git-dir',
      'torn.git',
      'rev-parse',
      'main:docs/runbook.md',
    );
    const looseObject = path.join(
      reposDir,
      'torn.git/objects',
      blob.slice(0, 2),
      blob.slice(2),
    );
    fs.rmSync(looseObject, { force: true });
    const tree = await reader.readTree(url('torn.git/'));
    await expect(tree.files()).rejects.toThrow(
      /git archive [0-9a-f]{40} in .*torn\.git failed \(exit \d+\): .*(cannot read|invalid object|unable to read)/,
    );
  });

  it('reports a missing file as not found', async () => {
    await expect(
      reader.readUrl(url('orders.git/nope.yaml')),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  it('does not read anything outside the repositories directory', async () => {
    const outside = pathToFileURL(mockDir.resolve('secret.txt')).href;
    await expect(reader.readUrl(outside)).rejects.toThrow(
      /not allowed|No reader/i,
    );
    await expect(
      reader.readUrl(`${url('orders.git')}/../../secret.txt`),
    ).rejects.toThrow(/not allowed|No reader/i);
  });
});
