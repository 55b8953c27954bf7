import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { generateKeyPairSync } from 'node:crypto';
import {
  createFakeClock,
  createGithubOrgHandlers,
  CreateGithubOrgHandlersOptions,
  FakeGithubRepo,
  generateRepos,
  githubResponses,
} from '../__testUtils__/githubApi';
import { RepoRef } from '../types';
import { GithubApiError, GithubRateLimitError } from './github/errors';
import { GithubRepoSource, GithubRepoSourceOptions } from './GithubRepoSource';

const server = setupServer();
registerMswTestHooks(server);

const ORG = 'orbital-data';
const TOKEN = 'ghp_test_token';

function integrationsFor(
  github: object[] = [{ host: 'github.com', token: TOKEN }],
) {
  return ScmIntegrations.fromConfig(
    new ConfigReader({ integrations: { github } }),
  );
}

const REPOS: FakeGithubRepo[] = [
  {
    name: 'lumen',
    files: {
      'README.md': '# Lumen\n',
      'package.json': '{"name":"lumen"}',
      'services/api/Dockerfile': 'FROM node:22\n',
      'services/api/package.json': '{"name":"api"}',
      'docs/index.md': '# Docs\n',
    },
    topics: ['team-platform', 'lifecycle-production'],
    description: 'The lumen mono-repo',
    homepage: 'https://lumen.example.com',
    visibility: 'internal',
    defaultBranch: 'trunk',
  },
  { name: 'orders', files: { 'go.mod': 'module orders\n' }, archived: true },
  { name: 'empty-one', files: {} },
];

function setup(
  handlerOptions: Partial<CreateGithubOrgHandlersOptions> = {},
  sourceOptions: Partial<GithubRepoSourceOptions> = {},
) {
  const clock = createFakeClock();
  const api = createGithubOrgHandlers({
    org: ORG,
    repos: REPOS,
    token: TOKEN,
    now: clock.now,
    ...handlerOptions,
  });
  server.use(...api.handlers);
  const logger = mockServices.logger.mock();
  const source = GithubRepoSource.create({
    organization: ORG,
    integrations: integrationsFor(),
    logger,
    sleep: clock.sleep,
    now: clock.now,
    ...sourceOptions,
  });
  return { api, clock, logger, source };
}

/** What a provider does per sweep: list, read every tree and a few files. */
async function sweep(
  source: GithubRepoSource,
  files = ['package.json', 'README.md'],
) {
  const repos = await source.listRepositories();
  const contents = await Promise.all(
    repos.map(async repo => {
      const c = await source.readContents(repo);
      const read = await Promise.all(files.map(f => c.readFile(f)));
      return { id: repo.id, paths: [...c.paths], read };
    }),
  );
  return { repos, contents };
}

describe('GithubRepoSource', () => {
  describe('create', () => {
    it('fails fast, naming the host, when no integration exists for it', () => {
      expect(() =>
        GithubRepoSource.create({
          organization: ORG,
          host: 'ghe.example.com',
          integrations: integrationsFor(),
          logger: mockServices.logger.mock(),
        }),
      ).toThrow(
        /No GitHub integration is configured for host 'ghe\.example\.com'/,
      );
    });

    it('rejects an organisation that is not a plain login', () => {
      expect(() =>
        GithubRepoSource.create({
          organization: 'orbital-data/lumen',
          integrations: integrationsFor(),
          logger: mockServices.logger.mock(),
        }),
      ).toThrow(/plain login/);
    });

    it('is identified by host and organisation', () => {
      const { source } = setup();
      expect(source.id).toBe('github:github.com/orbital-data');
    });
  });

  describe('listRepositories', () => {
    it('follows Link headers through every page', async () => {
      const repos = generateRepos(7);
      const { api, source } = setup({ repos, perPage: 2 });
      const listed = await source.listRepositories();
      expect(listed.map(r => r.name)).toEqual(repos.map(r => r.name));
      expect(api.counters.byKind.list).toBe(4);
      const urls = api.log.map(r => new URL(r.url));
      expect(urls[0].pathname).toBe('/orgs/orbital-data/repos');
      expect(Object.fromEntries(urls[0].searchParams)).toEqual({
        type: 'all',
        per_page: '100',
        sort: 'full_name',
      });
      // GitHub's next links point at /organizations/{id}/repos; they are followed verbatim.
      expect(
        urls
          .slice(1)
          .map(u => `${u.pathname}?page=${u.searchParams.get('page')}`),
      ).toEqual([
        '/organizations/9919/repos?page=2',
        '/organizations/9919/repos?page=3',
        '/organizations/9919/repos?page=4',
      ]);
    });

    it('maps GitHub repositories to RepoRefs, archived ones and topics included', async () => {
      const { source } = setup();
      const listed = await source.listRepositories();
      expect(listed.map(r => r.name)).toEqual(['empty-one', 'lumen', 'orders']);
      const lumen = listed.find(r => r.name === 'lumen')!;
      expect(lumen).toEqual<RepoRef>({
        id: 'github.com/orbital-data/lumen',
        name: 'lumen',
        organization: 'orbital-data',
        webUrl: 'https://github.com/orbital-data/lumen',
        defaultBranch: 'trunk',
        archived: false,
        topics: ['team-platform', 'lifecycle-production'],
        description: 'The lumen mono-repo',
        homepage: 'https://lumen.example.com',
        visibility: 'internal',
        pushedAt: expect.stringMatching(/^2024-01-01T/),
      });
      const orders = listed.find(r => r.name === 'orders')!;
      expect(orders).toMatchObject({
        archived: true,
        topics: [],
        visibility: 'private',
      });
      expect(orders.description).toBeUndefined();
      expect(orders.homepage).toBeUndefined();
      // An empty repository has no pushed_at.
      expect(
        listed.find(r => r.name === 'empty-one')!.pushedAt,
      ).toBeUndefined();
    });

    it('throws a NotFoundError for an organisation that does not exist', async () => {
      const { source } = setup({ org: 'someone-else' });
      await expect(source.listRepositories()).rejects.toMatchObject({
        name: 'NotFoundError',
        message: expect.stringContaining(
          "GitHub organization 'orbital-data' was not found on github.com",
        ),
      });
    });

    it('sends the integration token on every request', async () => {
      const { api, source } = setup({ perPage: 1 });
      await sweep(source);
      expect(api.log.length).toBeGreaterThan(5);
      expect(api.counters.unauthorized).toBe(0);
      expect(new Set(api.log.map(r => r.authorization))).toEqual(
        new Set([`Bearer ${TOKEN}`]),
      );
      expect(new Set(api.log.map(r => new URL(r.url).host))).toEqual(
        new Set(['api.github.com']),
      );
    });

    it('uses the API base URL of a GitHub Enterprise integration', async () => {
      const clock = createFakeClock();
      const api = createGithubOrgHandlers({
        org: ORG,
        repos: REPOS,
        token: 'ghe-token',
        apiBaseUrl: 'https://ghe.example.com/api/v3',
        perPage: 2,
        now: clock.now,
      });
      server.use(...api.handlers);
      const source = GithubRepoSource.create({
        organization: ORG,
        host: 'ghe.example.com',
        integrations: integrationsFor([
          {
            host: 'ghe.example.com',
            apiBaseUrl: 'https://ghe.example.com/api/v3',
            token: 'ghe-token',
          },
        ]),
        logger: mockServices.logger.mock(),
        sleep: clock.sleep,
      });
      expect(source.id).toBe('github:ghe.example.com/orbital-data');
      const listed = await source.listRepositories();
      expect(listed.map(r => r.id)).toEqual([
        'ghe.example.com/orbital-data/empty-one',
        'ghe.example.com/orbital-data/lumen',
        'ghe.example.com/orbital-data/orders',
      ]);
      expect(listed[1].webUrl).toBe(
        'https://ghe.example.com/orbital-data/lumen',
      );
      const contents = await source.readContents(listed[1]);
      expect(await contents.readFile('package.json')).toBe('{"name":"lumen"}');
      expect(
        api.log.every(r => r.url.startsWith('https://ghe.example.com/api/v3/')),
      ).toBe(true);
    });
  });

  describe('getRepository', () => {
    it('returns one repository, undefined when deleted, and follows a rename', async () => {
      const { api, source } = setup();
      expect(await source.getRepository('orders')).toMatchObject({
        id: 'github.com/orbital-data/orders',
        archived: true,
      });
      expect(await source.getRepository('nope')).toBeUndefined();

      api.renameRepo('orders', 'orders-v2');
      expect(await source.getRepository('orders')).toMatchObject({
        id: 'github.com/orbital-data/orders-v2',
        name: 'orders-v2',
      });
      expect(api.log.slice(-2).map(r => r.status)).toEqual([301, 200]);

      api.removeRepo('orders-v2');
      expect(await source.getRepository('orders-v2')).toBeUndefined();
    });
  });

  describe('readContents', () => {
    it('lists the blobs of the default branch and reads raw files', async () => {
      const { api, source } = setup();
      const [lumen] = (await source.listRepositories()).filter(
        r => r.name === 'lumen',
      );
      const contents = await source.readContents(lumen);
      expect([...contents.paths].sort()).toEqual([
        'README.md',
        'docs/index.md',
        'package.json',
        'services/api/Dockerfile',
        'services/api/package.json',
      ]);
      const tree = api.log.find(r => r.kind === 'tree')!;
      expect(tree.url).toBe(
        'https://api.github.com/repos/orbital-data/lumen/git/trees/trunk?recursive=1',
      );

      expect(await contents.readFile('services/api/Dockerfile')).toBe(
        'FROM node:22\n',
      );
      const read = api.log.find(r => r.kind === 'contents')!;
      expect(read.url).toBe(
        'https://api.github.com/repos/orbital-data/lumen/contents/services/api/Dockerfile?ref=trunk',
      );
      expect(read.accept).toBe('application/vnd.github.raw+json');

      // Not in the tree: answered without asking GitHub.
      const before = api.counters.requests;
      expect(await contents.readFile('mkdocs.yml')).toBeUndefined();
      expect(api.counters.requests).toBe(before);
      // Read twice: one request.
      expect(await contents.readFile('services/api/Dockerfile')).toBe(
        'FROM node:22\n',
      );
      expect(api.counters.requests).toBe(before);
    });

    it('returns undefined for a file GitHub answers 404 for', async () => {
      const { api, source } = setup();
      const lumen = (await source.getRepository('lumen'))!;
      const contents = await source.readContents(lumen);
      api.setFile('lumen', 'README.md', undefined); // deleted after the tree was read
      expect(await contents.readFile('README.md')).toBeUndefined();
      expect(api.log.at(-1)).toMatchObject({ kind: 'contents', status: 404 });
    });

    it('does not read files over 1 MB', async () => {
      const big = 'x'.repeat(1024 * 1024 + 1);
      const { api, source } = setup({
        repos: [
          { name: 'big', files: { 'data.json': big, 'small.txt': 'hi' } },
        ],
      });
      const contents = await source.readContents(
        (await source.getRepository('big'))!,
      );
      expect(await contents.readFile('data.json')).toBeUndefined();
      expect(await contents.readFile('small.txt')).toBe('hi');
      expect(api.counters.byKind.contents).toBe(1);
    });

    it('has no paths for an empty repository (409)', async () => {
      const { api, source } = setup();
      const empty = (await source.getRepository('empty-one'))!;
      const contents = await source.readContents(empty);
      expect(contents.paths).toEqual([]);
      expect(await contents.readFile('README.md')).toBeUndefined();
      expect(api.log.find(r => r.kind === 'tree')!.status).toBe(409);
    });

    it('falls back to two non-recursive levels when the tree is truncated', async () => {
      const files: Record<string, string> = {
        'README.md': 'root',
        'package.json': '{}',
        'apps/web/package.json': '{}',
        'apps/web/src/index.ts': '',
        'libs/a.ts': '',
        'libs/b.ts': '',
        'services/api/Dockerfile': '',
        'zz.txt': '',
      };
      const { api, logger, source } = setup({
        repos: [{ name: 'huge', files, truncatedTree: true }],
      });
      const contents = await source.readContents(
        (await source.getRepository('huge'))!,
      );
      expect([...contents.paths].sort()).toEqual([
        'README.md',
        'libs/a.ts',
        'libs/b.ts',
        'package.json',
        'zz.txt',
      ]);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('truncated'),
      );
      const trees = api.log
        .filter(r => r.kind === 'tree')
        .map(r => new URL(r.url));
      expect(trees).toHaveLength(1 + 1 + 3); // recursive, root, apps/libs/services
      expect(trees[0].searchParams.get('recursive')).toBe('1');
      expect(trees.slice(1).every(u => !u.searchParams.has('recursive'))).toBe(
        true,
      );
      // The listing is incomplete, so a file outside it is still asked for.
      expect(await contents.readFile('apps/web/package.json')).toBe('{}');
    });

    it('throws NotFoundError when the repository is gone', async () => {
      const { api, source } = setup();
      const orders = (await source.getRepository('orders'))!;
      api.removeRepo('orders');
      await expect(source.readContents(orders)).rejects.toMatchObject({
        name: 'NotFoundError',
      });
    });
  });

  describe('conditional requests', () => {
    it('re-sweeps an unchanged organisation with 304s only and identical results', async () => {
      const repos = generateRepos(12);
      const { api, source } = setup({ repos, perPage: 5 });
      const first = await sweep(source);
      const firstRequests = api.counters.requests;
      expect(api.counters.notModified).toBe(0);
      expect(source.stats()).toMatchObject({
        requests: firstRequests,
        notModified: 0,
      });
      // 3 list pages + 12 trees + 24 files
      expect(firstRequests).toBe(3 + 12 + 24);

      api.resetCounters();
      const second = await sweep(source);
      expect(second).toEqual(first);
      expect(api.counters.requests).toBe(firstRequests);
      expect(api.counters.notModified).toBe(firstRequests);
      expect(api.log.every(r => r.ifNoneMatch && r.status === 304)).toBe(true);
      expect(source.stats()).toMatchObject({
        requests: 2 * firstRequests,
        notModified: firstRequests,
        retries: 0,
      });
    });

    it('sees what changed between sweeps', async () => {
      const repos = generateRepos(3);
      const { api, source } = setup({ repos });
      await sweep(source);
      api.setFile(repos[1].name, 'package.json', '{"name":"changed"}');
      api.resetCounters();
      const second = await sweep(source);
      expect(second.contents[1].read[0]).toBe('{"name":"changed"}');
      const fresh = api.log
        .filter(r => r.status === 200)
        .map(r => `${r.kind}:${r.repo ?? ''}`);
      // The listing page (pushed_at moved), that repository's tree and file.
      expect(fresh.sort()).toEqual(
        ['contents:repo-00002', 'list:', 'tree:repo-00002'].sort(),
      );
    });
  });

  describe('rate limits', () => {
    it('waits for the reset when the primary limit is exhausted, then resumes', async () => {
      const { api, clock, source } = setup({
        repos: generateRepos(5),
        perPage: 2,
        // Another client already used the whole window, which resets 120 s from now.
        rateLimit: { limit: 1000, used: 1000, windowSeconds: 120 },
      });
      const listed = await source.listRepositories();
      expect(listed).toHaveLength(5);
      // Until x-ratelimit-reset, plus one second.
      expect(clock.sleeps).toEqual([121_000]);
      expect(api.counters.rateLimited).toBe(1);
      expect(api.counters.byKind.list).toBe(1 + 3);
      expect(source.stats()).toMatchObject({
        rateLimitWaits: 1,
        retries: 1,
        waitedMs: 121_000,
      });
    });

    it('slows down as the primary limit runs low instead of running into it', async () => {
      const { api, clock, source } = setup({
        repos: generateRepos(12),
        perPage: 1,
        rateLimit: { limit: 5, windowSeconds: 600 },
      });
      const listed = await source.listRepositories();
      expect(listed).toHaveLength(12);
      // Never a 403: paced, then paused until each reset.
      expect(api.counters.rateLimited).toBe(0);
      expect(api.counters.requests).toBe(12);
      expect(source.stats().rateLimitWaits).toBe(2);
      expect(clock.sleeps.length).toBeGreaterThan(2);
      // 12 requests at 5 a window of 10 minutes take three windows.
      expect(clock.nowMs - 1_700_000_000_000).toBeGreaterThanOrEqual(
        2 * 600_000,
      );
    });

    it.each([
      [403, 30],
      [429, 7],
    ])(
      'waits retry-after after a secondary limit (%s), and retries',
      async (status, retryAfterSeconds) => {
        const { api, clock, source } = setup({
          inject: ({ kind, kindCount }) =>
            kind === 'list' && kindCount <= 2
              ? githubResponses.secondaryRateLimit({
                  status: status as 403 | 429,
                  retryAfterSeconds,
                })
              : undefined,
        });
        expect(await source.listRepositories()).toHaveLength(3);
        expect(clock.sleeps).toEqual([
          retryAfterSeconds * 1000,
          retryAfterSeconds * 1000,
        ]);
        expect(api.counters.byKind.list).toBe(3);
        expect(source.stats()).toMatchObject({ retries: 2, rateLimitWaits: 2 });
      },
    );

    it('backs off from one minute, exponentially, for a secondary limit without retry-after', async () => {
      const { api, clock, source } = setup({
        inject: ({ kindCount }) =>
          kindCount <= 3 ? githubResponses.secondaryRateLimit() : undefined,
      });
      expect(await source.listRepositories()).toHaveLength(3);
      expect(clock.sleeps).toEqual([60_000, 120_000, 240_000]);
      expect(api.counters.requests).toBe(4);
      expect(api.counters.rateLimited).toBe(3);
    });

    it('gives up after maxRetries when the limit persists, without hammering', async () => {
      const { api, clock, source } = setup(
        {
          inject: () =>
            githubResponses.secondaryRateLimit({ retryAfterSeconds: 5 }),
        },
        { maxRetries: 3 },
      );
      const error = await source.listRepositories().catch(e => e);
      expect(error).toBeInstanceOf(GithubRateLimitError);
      expect(error.message).toMatch(/still limited after 4 attempts/);
      expect(api.counters.requests).toBe(4);
      expect(clock.sleeps).toEqual([5000, 5000, 5000]);
    });

    it('throws instead of waiting longer than maxRateLimitWaitMs', async () => {
      const { api, clock, source } = setup(
        {
          inject: () =>
            githubResponses.secondaryRateLimit({ retryAfterSeconds: 3600 }),
        },
        { maxRateLimitWaitMs: 10 * 60_000 },
      );
      await expect(source.listRepositories()).rejects.toThrow(
        /would have to wait 60 min, more than the 10 min allowed/,
      );
      expect(api.counters.requests).toBe(1);
      expect(clock.sleeps).toEqual([]);
    });

    it('pauses all concurrent requests once for one secondary limit', async () => {
      let limited = 0;
      const { api, clock, source } = setup(
        {
          repos: generateRepos(20),
          delayMs: 5,
          inject: ({ kind }) =>
            kind === 'tree' && limited++ < 4
              ? githubResponses.secondaryRateLimit({ retryAfterSeconds: 10 })
              : undefined,
        },
        { concurrency: 4 },
      );
      const { contents } = await sweep(source, []);
      expect(contents).toHaveLength(20);
      expect(clock.sleeps).toEqual([10_000]);
      expect(source.stats().rateLimitWaits).toBe(1);
      expect(api.counters.rateLimited).toBe(4);
    });
  });

  describe('errors and retries', () => {
    it('retries 5xx with exponential back-off and jitter, then succeeds', async () => {
      const { api, clock, source } = setup({
        inject: ({ kind, kindCount }) =>
          kind === 'tree' && kindCount <= 2
            ? githubResponses.serverError(502)
            : undefined,
      });
      const lumen = (await source.getRepository('lumen'))!;
      const contents = await source.readContents(lumen);
      expect(contents.paths).toHaveLength(5);
      expect(api.counters.byKind.tree).toBe(3);
      expect(clock.sleeps).toHaveLength(2);
      expect(clock.sleeps[0]).toBeGreaterThanOrEqual(500);
      expect(clock.sleeps[0]).toBeLessThanOrEqual(1000);
      expect(clock.sleeps[1]).toBeGreaterThanOrEqual(1000);
      expect(clock.sleeps[1]).toBeLessThanOrEqual(2000);
      expect(source.stats()).toMatchObject({ retries: 2, rateLimitWaits: 0 });
    });

    it('retries network errors', async () => {
      const { source } = setup({
        inject: ({ count }) => (count === 1 ? HttpResponse.error() : undefined),
      });
      expect(await source.listRepositories()).toHaveLength(3);
      expect(source.stats().retries).toBe(1);
    });

    it('throws after bounded retries when GitHub keeps failing, so callers keep their data', async () => {
      const { api, source } = setup(
        { inject: () => githubResponses.serverError(503) },
        { maxRetries: 2 },
      );
      const error = await source.listRepositories().catch(e => e);
      expect(error).toBeInstanceOf(GithubApiError);
      expect(error.statusCode).toBe(503);
      expect(error.message).toMatch(/failed with 503 .*after 3 attempts/);
      expect(api.counters.requests).toBe(3);
    });

    it('does not retry other 4xx', async () => {
      const { api, source } = setup({
        inject: ({ kind }) =>
          kind === 'tree'
            ? HttpResponse.json(
                {
                  message: 'Resource not accessible by integration',
                  status: '403',
                },
                { status: 403 },
              )
            : undefined,
      });
      const lumen = (await source.getRepository('lumen'))!;
      const error = await source.readContents(lumen).catch(e => e);
      expect(error).toBeInstanceOf(GithubApiError);
      expect(error).toMatchObject({ statusCode: 403 });
      expect(error.message).toContain('Resource not accessible by integration');
      expect(api.counters.byKind.tree).toBe(1);
    });

    it('rejects bad credentials with a 401 error', async () => {
      const { source } = setup({ token: 'another-token' });
      await expect(source.listRepositories()).rejects.toMatchObject({
        name: 'GithubApiError',
        statusCode: 401,
      });
    });
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    const { api, source } = setup(
      { repos: generateRepos(30), delayMs: 10 },
      { concurrency: 3 },
    );
    const { contents } = await sweep(source, ['package.json']);
    expect(contents).toHaveLength(30);
    expect(api.counters.maxInFlight).toBe(3);
  });

  it('authenticates as a GitHub App installation', async () => {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const api = createGithubOrgHandlers({
      org: ORG,
      repos: REPOS,
      token: [],
      app: { installationId: 42, token: 'ghs_installation_token', appId: 7 },
    });
    server.use(...api.handlers);
    const source = GithubRepoSource.create({
      organization: ORG,
      integrations: integrationsFor([
        {
          host: 'github.com',
          apps: [
            {
              appId: 7,
              clientId: 'Iv1.test',
              clientSecret: 'secret',
              webhookSecret: 'hook',
              privateKey,
            },
          ],
        },
      ]),
      logger: mockServices.logger.mock(),
    });
    const listed = await source.listRepositories();
    const contents = await source.readContents(
      listed.find(r => r.name === 'lumen')!,
    );
    expect(await contents.readFile('package.json')).toBe('{"name":"lumen"}');
    const apiCalls = api.log.filter(r => r.kind !== 'app');
    expect(apiCalls.length).toBe(3);
    expect(
      apiCalls.every(r => r.authorization === 'Bearer ghs_installation_token'),
    ).toBe(true);
    expect(api.log.filter(r => r.kind === 'app').map(r => r.method)).toEqual([
      'GET',
      'POST',
    ]);
  });

  it('sweeps 10 000 repositories, and re-sweeps them with 304s', async () => {
    const repos = generateRepos(10_000, i => ({
      'package.json': `{"n":${i}}`,
    }));
    const { api, source } = setup(
      { repos, record: false },
      { concurrency: 16 },
    );
    const first = await sweep(source, ['package.json']);
    expect(first.repos).toHaveLength(10_000);
    expect(first.repos.filter(r => r.archived)).toHaveLength(200);
    expect(api.counters.requests).toBe(100 + 10_000 + 10_000);
    api.resetCounters();
    const second = await sweep(source, ['package.json']);
    expect(second.contents[9_999].read).toEqual(['{"n":10000}']);
    expect(api.counters.notModified).toBe(api.counters.requests);
  }, 60_000);
});
