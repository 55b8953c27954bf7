/**
 * Plans from GitHub Actions artifacts, against GitHub simulated at the HTTP layer (documented
 * REST shapes, `Link` pagination, the 302 to blob storage, real zips). Every request the source
 * makes is checked to go to a configured host; msw fails any other.
 */
import { Readable } from 'node:stream';
import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { InputError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  buildZip,
  GithubActionsSimulator,
} from '../../__testUtils__/githubActions';
import { GithubArtifactsPlanSource } from './GithubArtifactsPlanSource';

const server = setupServer();
registerMswTestHooks(server);

/** Hosts every request went to, to compare with the configured ones. */
let hostsCalled: string[] = [];
server.events.on('request:start', ({ request }) => {
  hostsCalled.push(new URL(request.url).host);
});

const TOKEN = 'ghp_portalTestToken';
const REPO = 'acme/infra';

let github: GithubActionsSimulator;
/** The configured API host and the storage GitHub redirects downloads to. */
let allowedHosts: string[];

beforeEach(() => {
  hostsCalled = [];
  allowedHosts = [
    'api.github.com',
    'productionresultssa7.blob.core.windows.net',
  ];
  github = new GithubActionsSimulator({ token: TOKEN });
  server.use(...github.handlers());
});

afterEach(() => {
  // Nothing else, ever.
  const stray = hostsCalled.filter(host => !allowedHosts.includes(host));
  if (stray.length) throw new Error(`Requests to ${stray.join(', ')}`);
});

function source(githubConfig: JsonObject = {}, terraform: JsonObject = {}) {
  return GithubArtifactsPlanSource.fromConfig(
    new ConfigReader({
      integrations: { github: [{ host: 'github.com', token: TOKEN }] },
      terraform: { github: githubConfig, ...terraform },
    }),
    { logger: mockServices.logger.mock() },
  );
}

const plan = (name: string) =>
  JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.9.8',
    resource_changes: [
      {
        address: `aws_s3_bucket.${name}`,
        type: 'aws_s3_bucket',
        name,
        change: { actions: ['create'], before: null, after: {} },
      },
    ],
  });

const zipOf = (json: string) => buildZip([{ name: 'plan.json', data: json }]);

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

const at = (day: number, hour = 0) =>
  new Date(Date.UTC(2026, 2, day, hour)).toISOString();

describe('GithubArtifactsPlanSource', () => {
  describe('configuration', () => {
    it('fails at startup when terraform.github names a host that integrations.github lacks', () => {
      expect(() =>
        GithubArtifactsPlanSource.fromConfig(
          new ConfigReader({
            integrations: { github: [{ host: 'github.com', token: TOKEN }] },
            terraform: { github: { host: 'ghe.acme.test' } },
          }),
          { logger: mockServices.logger.mock() },
        ),
      ).toThrow(/integrations\.github has no entry for host ghe\.acme\.test/);
      expect(() =>
        GithubArtifactsPlanSource.fromConfig(
          new ConfigReader({ terraform: { github: {} } }),
          { logger: mockServices.logger.mock() },
        ),
      ).toThrow(/integrations\.github has no entry for host github\.com/);
    });

    it('without any GitHub configuration, says so for every repository and calls nothing', async () => {
      const unconfigured = GithubArtifactsPlanSource.fromConfig(
        new ConfigReader({}),
        { logger: mockServices.logger.mock() },
      );
      expect(() => unconfigured.validateTarget(REPO)).not.toThrow();
      await expect(unconfigured.listPlans(REPO)).rejects.toMatchObject({
        name: 'PlanSourceReadError',
        code: 'NotConfigured',
      });
      await expect(unconfigured.fetchPlan(REPO, '1')).rejects.toMatchObject({
        code: 'NotConfigured',
      });
      expect(github.requests).toEqual([]);
    });

    it('reads GitHub Enterprise at the apiBaseUrl of its integration', async () => {
      allowedHosts.push('ghe.acme.test');
      const ghe = new GithubActionsSimulator({
        token: TOKEN,
        apiBaseUrl: 'https://ghe.acme.test/api/v3',
        htmlBaseUrl: 'https://ghe.acme.test',
      });
      server.use(...ghe.handlers());
      const run = ghe.addRun(REPO, {
        event: 'pull_request',
        headBranch: 'feat',
        pullRequests: [5],
      });
      ghe.addArtifact(REPO, {
        name: 'terraform-plan-dev',
        run,
        zip: zipOf(plan('a')),
      });
      const enterprise = GithubArtifactsPlanSource.fromConfig(
        new ConfigReader({
          integrations: {
            github: [
              {
                host: 'ghe.acme.test',
                apiBaseUrl: 'https://ghe.acme.test/api/v3',
                token: TOKEN,
              },
            ],
          },
          terraform: { github: { host: 'ghe.acme.test' } },
        }),
        { logger: mockServices.logger.mock() },
      );
      const [found] = await enterprise.listPlans(REPO);
      expect(found.pullRequest).toEqual({
        number: 5,
        url: 'https://ghe.acme.test/acme/infra/pull/5',
        title: 'terraform plan',
      });
      expect(ghe.requests.map(r => new URL(r.url).pathname)).toContain(
        '/api/v3/repos/acme/infra/actions/artifacts',
      );
      expect(github.requests).toEqual([]);
    });
  });

  describe('validateTarget', () => {
    it.each(['acme/infra', 'acme/infra.tf', 'acme-corp/.github', 'a_b/x-y_z'])(
      'accepts the repository %s',
      target => {
        expect(() => source().validateTarget(target)).not.toThrow();
      },
    );

    it.each([
      '../x',
      'acme/..',
      'acme/.',
      'https://evil.test/acme/infra',
      'evil.test:443/infra',
      'acme/infra/extra',
      'acme',
      '',
      'acme/in fra',
      '-acme/infra',
      'acme/infra?per_page=1',
      'acme/infra#x',
      'acme%2Finfra/x',
    ])('rejects %j', target => {
      expect(() => source().validateTarget(target)).toThrow(InputError);
    });

    it('never calls GitHub for a malformed repository', async () => {
      await expect(source().listPlans('../../users')).rejects.toThrow(
        InputError,
      );
      expect(github.requests).toEqual([]);
    });
  });

  describe('listPlans', () => {
    it('lists the latest plan per environment and pull request (or branch), newest first, with its run', async () => {
      const mainOld = github.addRun(REPO, {
        headBranch: 'main',
        createdAt: at(1),
      });
      github.addArtifact(REPO, {
        name: 'terraform-plan-dev',
        run: mainOld,
        zip: zipOf(plan('old')),
      });
      github.addArtifact(REPO, {
        name: 'terraform-plan-production',
        run: mainOld,
        zip: zipOf(plan('old')),
      });
      const main = github.addRun(REPO, {
        headBranch: 'main',
        headSha: 'a'.repeat(40),
        actor: 'merger',
        createdAt: at(3),
      });
      const dev = github.addArtifact(REPO, {
        name: 'terraform-plan-dev',
        run: main,
        zip: zipOf(plan('a')),
      });
      const production = github.addArtifact(REPO, {
        name: 'terraform-plan-production',
        run: main,
        zip: zipOf(plan('a')),
      });
      // Not a plan: other artifacts of the same runs are ignored.
      github.addArtifact(REPO, {
        name: 'coverage',
        run: main,
        zip: zipOf('{}'),
      });
      const prFirstPush = github.addRun(REPO, {
        event: 'pull_request',
        headBranch: 'add-queue',
        pullRequests: [42],
        createdAt: at(4),
      });
      github.addArtifact(REPO, {
        name: 'terraform-plan-dev',
        run: prFirstPush,
        zip: zipOf(plan('b')),
      });
      const pr = github.addRun(REPO, {
        event: 'pull_request',
        headBranch: 'add-queue',
        headSha: 'b'.repeat(40),
        pullRequests: [42],
        displayTitle: 'Add the orders queue',
        status: 'in_progress',
        conclusion: null,
        actor: 'alice',
        triggeringActor: 'bob',
        createdAt: at(5),
      });
      const prDev = github.addArtifact(REPO, {
        name: 'terraform-plan-dev',
        run: pr,
        zip: zipOf(plan('c')),
      });

      const plans = await source().listPlans(REPO);

      expect(plans).toEqual([
        {
          key: String(prDev.id),
          environment: 'dev',
          branch: 'add-queue',
          pullRequest: {
            number: 42,
            url: 'https://github.com/acme/infra/pull/42',
            title: 'Add the orders queue',
          },
          run: {
            id: String(pr.id),
            url: `https://github.com/acme/infra/actions/runs/${pr.id}`,
            status: 'in_progress',
            triggeredBy: 'bob',
            commit: 'b'.repeat(40),
          },
          createdAt: at(5),
          url: `https://github.com/acme/infra/actions/runs/${pr.id}`,
        },
        {
          key: String(production.id),
          environment: 'production',
          branch: 'main',
          run: {
            id: String(main.id),
            url: `https://github.com/acme/infra/actions/runs/${main.id}`,
            status: 'success',
            triggeredBy: 'merger',
            commit: 'a'.repeat(40),
          },
          createdAt: at(3),
          url: `https://github.com/acme/infra/actions/runs/${main.id}`,
        },
        expect.objectContaining({
          key: String(dev.id),
          environment: 'dev',
          branch: 'main',
        }),
      ]);
      // Only the runs of the plans kept were read.
      const runsRead = github.requests
        .map(r => new URL(r.url).pathname)
        .filter(p => p.includes('/actions/runs/'));
      expect(runsRead.sort()).toEqual(
        [
          `/repos/acme/infra/actions/runs/${main.id}`,
          `/repos/acme/infra/actions/runs/${pr.id}`,
        ].sort(),
      );
      // With the integration's token.
      expect(
        github.requests.every(r => r.authorization === `Bearer ${TOKEN}`),
      ).toBe(true);
    });

    it('reads every page GitHub links to', async () => {
      github = new GithubActionsSimulator({ token: TOKEN, maxPerPage: 2 });
      server.use(...github.handlers());
      const environments = [
        'dev',
        'test',
        'qa',
        'staging',
        'production',
        'dr',
        'sandbox',
      ];
      environments.forEach((environment, i) => {
        const run = github.addRun(REPO, { createdAt: at(i + 1) });
        github.addArtifact(REPO, {
          name: `terraform-plan-${environment}`,
          run,
          zip: zipOf(plan(environment)),
        });
      });

      const plans = await source().listPlans(REPO);

      expect(plans.map(p => p.environment)).toEqual(
        [...environments].reverse(),
      );
      const pages = github.requests.filter(r =>
        r.url.includes('/actions/artifacts?'),
      );
      expect(pages).toHaveLength(4);
      // GitHub's next links, followed as given, on the configured API.
      expect(new URL(pages[1].url).pathname).toMatch(
        /^\/repositories\/\d+\/actions\/artifacts$/,
      );
      expect(new URL(pages[3].url).searchParams.get('page')).toBe('4');
    });

    it('skips expired artifacts', async () => {
      const older = github.addRun(REPO, { createdAt: at(1) });
      const kept = github.addArtifact(REPO, {
        name: 'terraform-plan-dev',
        run: older,
        zip: zipOf(plan('a')),
      });
      const newer = github.addRun(REPO, { createdAt: at(2) });
      github.addArtifact(REPO, {
        name: 'terraform-plan-dev',
        run: newer,
        zip: zipOf(plan('b')),
        expired: true,
      });

      const plans = await source().listPlans(REPO);

      expect(plans.map(p => p.key)).toEqual([String(kept.id)]);
    });

    it('looks at the artifacts of terraform.github.maxRuns workflow runs at most', async () => {
      github = new GithubActionsSimulator({ token: TOKEN, maxPerPage: 2 });
      server.use(...github.handlers());
      for (let i = 1; i <= 6; i++) {
        const run = github.addRun(REPO, { createdAt: at(i) });
        github.addArtifact(REPO, {
          name: `terraform-plan-env${i}`,
          run,
          zip: zipOf(plan('x')),
        });
      }

      const plans = await source({ maxRuns: 3 }).listPlans(REPO);

      expect(plans.map(p => p.environment)).toEqual(['env6', 'env5', 'env4']);
      // The fourth run is on page 2: page 3 is never asked for.
      expect(
        github.requests.filter(r => r.url.includes('/actions/artifacts?')),
      ).toHaveLength(2);
    });

    it('uses terraform.github.artifactPrefix', async () => {
      const run = github.addRun(REPO);
      github.addArtifact(REPO, {
        name: 'tfplan-dev',
        run,
        zip: zipOf(plan('a')),
      });
      github.addArtifact(REPO, {
        name: 'terraform-plan-dev',
        run,
        zip: zipOf(plan('a')),
      });

      const plans = await source({ artifactPrefix: 'tfplan-' }).listPlans(REPO);

      expect(plans.map(p => p.environment)).toEqual(['dev']);
    });

    it("keeps a fork's pull request apart from the repository's branch of the same name", async () => {
      const main = github.addRun(REPO, {
        headBranch: 'main',
        createdAt: at(1),
      });
      const mainPlan = github.addArtifact(REPO, {
        name: 'terraform-plan-dev',
        run: main,
        zip: zipOf(plan('a')),
      });
      // GitHub leaves pull_requests empty for a fork's pull request.
      const fork = github.addRun(REPO, {
        event: 'pull_request',
        headBranch: 'main',
        headRepositoryId: 99,
        createdAt: at(2),
      });
      const forkPlan = github.addArtifact(REPO, {
        name: 'terraform-plan-dev',
        run: fork,
        zip: zipOf(plan('b')),
      });

      const plans = await source().listPlans(REPO);

      expect(plans.map(p => p.key)).toEqual([
        String(forkPlan.id),
        String(mainPlan.id),
      ]);
    });

    it('still lists a plan whose workflow run was deleted, without the run details', async () => {
      const run = github.addRun('acme/elsewhere');
      // The run of another repository answers 404 here, as a deleted run does.
      const artifact = github.addArtifact(REPO, {
        name: 'terraform-plan-dev',
        run,
        zip: zipOf(plan('a')),
      });

      const [found] = await source().listPlans(REPO);

      expect(found).toEqual({
        key: String(artifact.id),
        environment: 'dev',
        branch: 'main',
        run: {
          id: String(run.id),
          url: `https://github.com/acme/infra/actions/runs/${run.id}`,
          commit: run.headSha,
        },
        createdAt: artifact.createdAt,
        url: `https://github.com/acme/infra/actions/runs/${run.id}`,
      });
    });
  });

  describe('fetchPlan', () => {
    it("downloads the artifact through GitHub's redirect, without sending the token to the storage", async () => {
      const run = github.addRun(REPO);
      const artifact = github.addArtifact(REPO, {
        name: 'terraform-plan-dev',
        run,
        zip: zipOf(plan('orders')),
      });

      const stream = await source().fetchPlan(REPO, String(artifact.id));

      expect(await text(stream)).toBe(plan('orders'));
      const zipRequest = github.requests.find(r =>
        r.url.endsWith(`/artifacts/${artifact.id}/zip`),
      );
      expect(zipRequest?.authorization).toBe(`Bearer ${TOKEN}`);
      const storage = github.requests.filter(r =>
        r.url.startsWith('https://productionresultssa7.blob.core.windows.net/'),
      );
      expect(storage).toHaveLength(1);
      expect(storage[0].authorization).toBeNull();
    });

    it('reads plan.json from a subdirectory when the artifact has only that one', async () => {
      const artifact = github.addArtifact(REPO, {
        name: 'terraform-plan-dev',
        run: github.addRun(REPO),
        zip: buildZip([
          { name: 'README.md', data: 'plan of dev', method: 'store' },
          { name: 'out/plan.json', data: plan('nested') },
        ]),
      });

      const stream = await source().fetchPlan(REPO, String(artifact.id));

      expect(await text(stream)).toBe(plan('nested'));
    });

    it('refuses a zip bomb before inflating it', async () => {
      // 8 MiB of spaces deflate to about 8 KiB.
      const bomb = buildZip([
        { name: 'plan.json', data: Buffer.alloc(8 * 1024 * 1024, 0x20) },
      ]);
      expect(bomb.length).toBeLessThan(64 * 1024);
      const artifact = github.addArtifact(REPO, {
        name: 'terraform-plan-dev',
        run: github.addRun(REPO),
        zip: bomb,
      });

      await expect(
        source({}, { maxPlanBytes: 1024 * 1024 }).fetchPlan(
          REPO,
          String(artifact.id),
        ),
      ).rejects.toMatchObject({
        code: 'PlanTooLarge',
        message: expect.stringMatching(
          /would inflate to 8388608 bytes, more than the 1048576 allowed/,
        ),
      });
    });

    it('refuses entries that together inflate past terraform.maxPlanBytes', async () => {
      const artifact = github.addArtifact(REPO, {
        name: 'terraform-plan-dev',
        run: github.addRun(REPO),
        zip: buildZip([
          { name: 'plan.json', data: Buffer.alloc(600 * 1024, 0x20) },
          { name: 'padding.bin', data: Buffer.alloc(600 * 1024, 0x20) },
        ]),
      });

      await expect(
        source({}, { maxPlanBytes: 1024 * 1024 }).fetchPlan(
          REPO,
          String(artifact.id),
        ),
      ).rejects.toMatchObject({ code: 'PlanTooLarge' });
    });

    it('cuts off an entry inflating to more than its header declares', async () => {
      const artifact = github.addArtifact(REPO, {
        name: 'terraform-plan-dev',
        run: github.addRun(REPO),
        zip: buildZip([
          {
            name: 'plan.json',
            data: Buffer.alloc(4 * 1024 * 1024, 0x20),
            declaredSize: 100,
          },
        ]),
      });

      const stream = await source({}, { maxPlanBytes: 1024 * 1024 }).fetchPlan(
        REPO,
        String(artifact.id),
      );

      await expect(text(stream)).rejects.toMatchObject({
        name: 'PlanSourceReadError',
        code: expect.stringMatching(/^(InvalidArtifact|PlanTooLarge)$/),
      });
    });

    it('says what an artifact without plan.json holds', async () => {
      const artifact = github.addArtifact(REPO, {
        name: 'terraform-plan-dev',
        run: github.addRun(REPO),
        zip: buildZip([
          { name: 'tfplan.binary', data: 'x' },
          { name: 'plan.txt', data: 'x' },
        ]),
      });

      await expect(
        source().fetchPlan(REPO, String(artifact.id)),
      ).rejects.toMatchObject({
        code: 'InvalidArtifact',
        message: `Artifact terraform-plan-dev (${artifact.id}) of acme/infra has no plan.json; it holds tfplan.binary, plan.txt`,
      });
    });

    it('says when the artifact is not a zip', async () => {
      const artifact = github.addArtifact(REPO, {
        name: 'terraform-plan-dev',
        run: github.addRun(REPO),
        zip: Buffer.from(plan('raw')),
      });

      await expect(
        source().fetchPlan(REPO, String(artifact.id)),
      ).rejects.toMatchObject({
        code: 'InvalidArtifact',
        message: expect.stringContaining('is not a readable zip archive'),
      });
    });

    it('does not read an artifact of another repository', async () => {
      const other = github.addArtifact('acme/secrets', {
        name: 'terraform-plan-dev',
        run: github.addRun('acme/secrets'),
        zip: zipOf(plan('secret')),
      });

      await expect(
        source().fetchPlan(REPO, String(other.id)),
      ).rejects.toMatchObject({
        code: 'NotFound',
        statusCode: 404,
      });
      // The repository of the target is in every URL: GitHub itself refused it.
      expect(github.requests.map(r => new URL(r.url).pathname)).toEqual([
        `/repos/acme/infra/actions/artifacts/${other.id}`,
      ]);
    });

    it('does not read artifacts that are not plans', async () => {
      const coverage = github.addArtifact(REPO, {
        name: 'coverage',
        run: github.addRun(REPO),
        zip: zipOf('{}'),
      });

      await expect(
        source().fetchPlan(REPO, String(coverage.id)),
      ).rejects.toMatchObject({
        code: 'NotFound',
        message: expect.stringContaining(
          'not a terraform-plan-<environment> artifact',
        ),
      });
      expect(github.requests.some(r => r.url.endsWith('/zip'))).toBe(false);
    });

    it('says an expired artifact is gone', async () => {
      const artifact = github.addArtifact(REPO, {
        name: 'terraform-plan-dev',
        run: github.addRun(REPO),
        zip: zipOf(plan('a')),
        expired: true,
      });

      await expect(
        source().fetchPlan(REPO, String(artifact.id)),
      ).rejects.toMatchObject({
        code: 'NotFound',
        message: expect.stringContaining('has expired'),
      });
    });

    it.each(['../1', '1/../../2', 'abc', '', '01', '1?x=y'])(
      'treats the key %j as no plan, without calling GitHub',
      async key => {
        await expect(source().fetchPlan(REPO, key)).rejects.toMatchObject({
          code: 'NotFound',
        });
        expect(github.requests).toEqual([]);
      },
    );

    it('refuses a redirect to anything but http(s)', async () => {
      const artifact = github.addArtifact(REPO, {
        name: 'terraform-plan-dev',
        run: github.addRun(REPO),
        zip: zipOf(plan('a')),
      });
      server.use(
        http.get(
          'https://api.github.com/repos/acme/infra/actions/artifacts/:id/zip',
          () =>
            new HttpResponse(null, {
              status: 302,
              headers: { Location: 'file:///etc/passwd' },
            }),
        ),
      );

      await expect(
        source().fetchPlan(REPO, String(artifact.id)),
      ).rejects.toMatchObject({
        code: 'UpstreamError',
        message: expect.stringContaining('to an unusable location'),
      });
    });
  });

  describe('errors', () => {
    it('says when GitHub rejects the credentials (401)', async () => {
      github = new GithubActionsSimulator({ token: 'another-token' });
      server.use(...github.handlers());
      github.addRepository(REPO);

      await expect(source().listPlans(REPO)).rejects.toMatchObject({
        code: 'Unauthorized',
        statusCode: 401,
        message:
          'GitHub github.com rejected the credentials of integrations.github while reading the Actions artifacts of acme/infra (401) (GitHub: Bad credentials)',
      });
    });

    it('says when the repository does not exist or cannot be seen (404)', async () => {
      await expect(source().listPlans('acme/nothing')).rejects.toMatchObject({
        code: 'NotFound',
        statusCode: 404,
        message:
          'Repository acme/nothing was not found on github.com, or the GitHub credentials may not read it',
      });
    });

    it('says when the rate limit resets (403, x-ratelimit-remaining: 0)', async () => {
      github.addRepository(REPO);
      github.failure = {
        status: 403,
        headers: {
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-used': '5000',
          'x-ratelimit-reset': String(Date.UTC(2026, 2, 1, 12, 30) / 1000),
          'x-ratelimit-resource': 'core',
        },
        body: {
          message: 'API rate limit exceeded for user ID 1.',
          documentation_url:
            'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
        },
      };

      await expect(source().listPlans(REPO)).rejects.toMatchObject({
        code: 'RateLimited',
        statusCode: 403,
        message: expect.stringContaining(
          'the limit resets at 2026-03-01T12:30:00.000Z',
        ),
      });
    });

    it('says when to retry after a secondary rate limit (429, retry-after)', async () => {
      github.addRepository(REPO);
      github.failure = {
        status: 429,
        headers: { 'retry-after': '60' },
        body: { message: 'You have exceeded a secondary rate limit.' },
      };

      await expect(source().listPlans(REPO)).rejects.toMatchObject({
        code: 'RateLimited',
        statusCode: 429,
        message: expect.stringContaining('retry in 60 seconds'),
      });
    });

    it('tells a missing permission (403) from a rate limit', async () => {
      github.addRepository(REPO);
      github.failure = {
        status: 403,
        headers: { 'x-ratelimit-remaining': '4999' },
        body: { message: 'Resource not accessible by integration' },
      };

      await expect(source().listPlans(REPO)).rejects.toMatchObject({
        code: 'Forbidden',
        statusCode: 403,
        message: expect.stringContaining(
          'Resource not accessible by integration',
        ),
      });
    });

    it('does not follow a next page outside the configured API', async () => {
      server.use(
        http.get(
          'https://api.github.com/repos/acme/infra/actions/artifacts',
          () =>
            HttpResponse.json(
              { total_count: 2, artifacts: [] },
              {
                headers: {
                  Link: '<https://evil.test/steal?page=2>; rel="next"',
                },
              },
            ),
        ),
      );

      await expect(source().listPlans(REPO)).rejects.toMatchObject({
        code: 'UpstreamError',
        message: expect.stringContaining('outside its API'),
      });
      expect(hostsCalled).toEqual(['api.github.com']);
    });
  });
});
