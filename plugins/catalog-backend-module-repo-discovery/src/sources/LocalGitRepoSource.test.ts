import { createMockDirectory } from '@backstage/backend-test-utils';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { commitFiles, createGitRepo } from '../__testUtils__/gitRepos';
import { LocalGitRepoSource } from './LocalGitRepoSource';

const ORDERS_FILES = {
  'package.json': '{ "name": "orders", "version": "1.0.0" }\n',
  'src/index.js': "module.exports = 'orders';\n",
  Dockerfile: 'FROM node:22-bookworm-slim\n',
  'docs/odd name with spaces.md': '# Odd\n',
};

describe('LocalGitRepoSource', () => {
  const mockDir = createMockDirectory();
  let repos: string;

  beforeEach(async () => {
    mockDir.clear();
    repos = path.join(mockDir.path, 'repos');
    await fs.mkdir(repos, { recursive: true });
  });

  it('lists every bare and non-bare git repository of the directory, and nothing else', async () => {
    await createGitRepo(repos, 'orders', ORDERS_FILES, { bare: true });
    await createGitRepo(repos, 'ui-kit', { 'package.json': '{}' });
    await fs.mkdir(path.join(repos, 'notes'));
    await fs.writeFile(path.join(repos, 'notes', 'todo.md'), '- nothing\n');
    await fs.writeFile(path.join(repos, 'README.md'), 'not a repository\n');

    const source = new LocalGitRepoSource({ directory: repos });
    const listed = await source.listRepositories();

    expect(listed).toEqual([
      {
        id: 'local:orders',
        name: 'orders',
        webUrl: pathToFileURL(path.join(repos, 'orders.git')).href,
        defaultBranch: 'main',
        archived: false,
        topics: [],
      },
      {
        id: 'local:ui-kit',
        name: 'ui-kit',
        webUrl: pathToFileURL(path.join(repos, 'ui-kit')).href,
        defaultBranch: 'main',
        archived: false,
        topics: [],
      },
    ]);
    expect(source.id).toBe(`local:${repos}`);
    expect(
      new LocalGitRepoSource({ directory: repos, id: 'local:templates' }).id,
    ).toBe('local:templates');
  });

  it('reads the tree and files of a bare repository at its default branch', async () => {
    await createGitRepo(repos, 'orders', ORDERS_FILES, { bare: true });
    const source = new LocalGitRepoSource({ directory: repos });
    const [orders] = await source.listRepositories();

    const contents = await source.readContents(orders);
    expect([...contents.paths].sort()).toEqual(
      Object.keys(ORDERS_FILES).sort(),
    );
    expect(await contents.readFile('Dockerfile')).toBe(
      'FROM node:22-bookworm-slim\n',
    );
    expect(await contents.readFile('docs/odd name with spaces.md')).toBe(
      '# Odd\n',
    );
    expect(await contents.readFile('missing.txt')).toBeUndefined();
    expect(await contents.readFile('src')).toBeUndefined();
  });

  it('reads a work tree from its commits, not from uncommitted files', async () => {
    const repo = await createGitRepo(repos, 'ui-kit', { 'package.json': '{}' });
    await fs.writeFile(path.join(repo.path, 'scratch.txt'), 'not committed\n');
    const source = new LocalGitRepoSource({ directory: repos });

    const contents = await source.readContents(
      (await source.getRepository('ui-kit'))!,
    );
    expect(contents.paths).toEqual(['package.json']);
    expect(await contents.readFile('scratch.txt')).toBeUndefined();
  });

  it('inspects the branch HEAD points at, whatever it is called', async () => {
    await createGitRepo(
      repos,
      'billing',
      { 'pom.xml': '<project/>\n' },
      { bare: true, branch: 'develop' },
    );
    await createGitRepo(
      repos,
      'ledger',
      { 'go.mod': 'module ledger\n' },
      { branch: 'trunk' },
    );
    const source = new LocalGitRepoSource({ directory: repos });

    const billing = (await source.getRepository('billing'))!;
    expect(billing.defaultBranch).toBe('develop');
    expect((await source.readContents(billing)).paths).toEqual(['pom.xml']);
    expect((await source.getRepository('ledger'))!.defaultBranch).toBe('trunk');
  });

  it('falls back to main when HEAD points at a branch nobody pushed', async () => {
    await createGitRepo(
      repos,
      'orders',
      { Dockerfile: 'FROM node:22\n' },
      { bare: true, branch: 'main', head: 'master' },
    );
    const source = new LocalGitRepoSource({ directory: repos });
    const orders = (await source.getRepository('orders'))!;
    expect(orders.defaultBranch).toBe('main');
    expect((await source.readContents(orders)).paths).toEqual(['Dockerfile']);
  });

  it('lists an empty repository, without commits, with no files', async () => {
    await createGitRepo(repos, 'fresh', {}, { bare: true });
    await createGitRepo(repos, 'scratch', {});
    const source = new LocalGitRepoSource({ directory: repos });

    const listed = await source.listRepositories();
    expect(listed.map(r => [r.name, r.defaultBranch])).toEqual([
      ['fresh', 'main'],
      ['scratch', 'main'],
    ]);
    for (const repo of listed) {
      const contents = await source.readContents(repo);
      expect(contents.paths).toEqual([]);
      expect(await contents.readFile('README.md')).toBeUndefined();
    }
  });

  it('marks repositories archived and gives them topics from their git config', async () => {
    await createGitRepo(
      repos,
      'legacy-ftp-gateway',
      { Dockerfile: 'FROM alpine:3.12\n' },
      {
        bare: true,
        config: {
          'platform-portal.archived': 'true',
          'platform-portal.topics': 'Legacy, ftp,,owner-shop-backend',
        },
      },
    );
    await createGitRepo(
      repos,
      'shop-pricing-lib',
      { 'pom.xml': '<project/>\n' },
      { config: { 'platform-portal.archived': 'false' } },
    );
    const source = new LocalGitRepoSource({ directory: repos });

    const [legacy, pricing] = await source.listRepositories();
    expect(legacy).toMatchObject({
      name: 'legacy-ftp-gateway',
      archived: true,
      topics: ['legacy', 'ftp', 'owner-shop-backend'],
    });
    expect(pricing).toMatchObject({
      name: 'shop-pricing-lib',
      archived: false,
      topics: [],
    });
  });

  it("takes a bare repository's description, but not git's placeholder", async () => {
    await createGitRepo(
      repos,
      'runbooks',
      { 'mkdocs.yml': 'site_name: Runbooks\n' },
      { bare: true, description: 'How we page and who answers.' },
    );
    await createGitRepo(
      repos,
      'status-site',
      { 'public/index.html': '<h1>ok</h1>\n' },
      { bare: true },
    );
    const source = new LocalGitRepoSource({ directory: repos });

    const [runbooks, status] = await source.listRepositories();
    expect(runbooks.description).toBe('How we page and who answers.');
    expect(status.description).toBeUndefined();
  });

  it('sees what was pushed since the last read', async () => {
    const repo = await createGitRepo(
      repos,
      'orders',
      { 'package.json': '{}' },
      { bare: true },
    );
    const source = new LocalGitRepoSource({ directory: repos });
    const ref = (await source.getRepository('orders'))!;
    expect((await source.readContents(ref)).paths).toEqual(['package.json']);

    await commitFiles(
      repo,
      { Dockerfile: 'FROM node:22\n', 'package.json': null },
      'Containerise',
    );
    const after = await source.readContents(ref);
    expect(after.paths).toEqual(['Dockerfile']);
    expect(await after.readFile('package.json')).toBeUndefined();
  });

  it('finds one repository by name, bare or not, and nothing for other names', async () => {
    await createGitRepo(
      repos,
      'orders',
      { Dockerfile: 'FROM node:22\n' },
      { bare: true },
    );
    await createGitRepo(repos, 'ui-kit', { 'package.json': '{}' });
    const source = new LocalGitRepoSource({ directory: repos });

    expect((await source.getRepository('orders'))?.id).toBe('local:orders');
    expect((await source.getRepository('orders.git'))?.id).toBe('local:orders');
    expect((await source.getRepository('ui-kit'))?.id).toBe('local:ui-kit');
    expect(await source.getRepository('gone')).toBeUndefined();
    expect(await source.getRepository('../repos')).toBeUndefined();
    expect(await source.getRepository('.git')).toBeUndefined();
  });

  it('has no repositories while its directory does not exist yet', async () => {
    const source = new LocalGitRepoSource({
      directory: path.join(mockDir.path, 'not-yet'),
    });
    expect(await source.listRepositories()).toEqual([]);
    expect(await source.getRepository('orders')).toBeUndefined();
  });
});
