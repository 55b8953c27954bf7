/**
 * Plans from HCP Terraform runs, against HCP Terraform simulated at the HTTP layer (documented
 * JSON:API shapes, pagination, the 307 to the archivist). Every request the source makes is
 * checked to go to a configured host; msw fails any other.
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
import { HcpTerraformSimulator } from '../../__testUtils__/hcpTerraform';
import {
  environmentOf,
  HcpTerraformPlanSource,
} from './HcpTerraformPlanSource';

const server = setupServer();
registerMswTestHooks(server);

let hostsCalled: string[] = [];
server.events.on('request:start', ({ request }) => {
  hostsCalled.push(new URL(request.url).host);
});

const TOKEN = 'atlasv1.portal-test-token';
let hcp: HcpTerraformSimulator;

beforeEach(() => {
  hostsCalled = [];
  hcp = new HcpTerraformSimulator({ token: TOKEN });
  server.use(...hcp.handlers());
});

afterEach(() => {
  // The configured base URL and the archivist it redirected to; nothing else, ever.
  const stray = hostsCalled.filter(
    host => !['app.terraform.io', 'archivist.terraform.io'].includes(host),
  );
  if (stray.length) throw new Error(`Requests to ${stray.join(', ')}`);
});

function source(hcpConfig: JsonObject = {}, terraform: JsonObject = {}) {
  return HcpTerraformPlanSource.fromConfig(
    new ConfigReader({
      terraform: { hcp: { token: TOKEN, ...hcpConfig }, ...terraform },
    }),
    { logger: mockServices.logger.mock() },
  );
}

const planText = (name: string) =>
  JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.9.8',
    resource_changes: [
      {
        address: `aws_sqs_queue.${name}`,
        type: 'aws_sqs_queue',
        name,
        change: { actions: ['create'], before: null, after: {} },
      },
    ],
  });

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

const at = (day: number) => new Date(Date.UTC(2026, 2, day)).toISOString();
const zero = {
  add: 0,
  change: 0,
  replace: 0,
  destroy: 0,
  read: 0,
  forget: 0,
  import: 0,
  move: 0,
  noOp: 0,
  drift: 0,
};

describe('HcpTerraformPlanSource', () => {
  describe('configuration', () => {
    it('without a token, says so for every workspace and calls nothing', async () => {
      const logger = mockServices.logger.mock();
      const unconfigured = HcpTerraformPlanSource.fromConfig(
        new ConfigReader({
          terraform: { hcp: { baseUrl: 'https://tfe.acme.test' } },
        }),
        { logger },
      );
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('terraform.hcp has no token'),
      );
      await expect(
        unconfigured.listPlans('acme/network-dev'),
      ).rejects.toMatchObject({
        name: 'PlanSourceReadError',
        code: 'NotConfigured',
      });
      await expect(
        unconfigured.fetchPlan('acme/network-dev', 'run-a:plan-b'),
      ).rejects.toMatchObject({
        code: 'NotConfigured',
      });
      expect(hostsCalled).toEqual([]);
    });

    it.each(['file:///etc', 'tfe.acme.test', 'https://tfe.acme.test/?x=1'])(
      'fails at startup on the base URL %j',
      baseUrl => {
        expect(() => source({ baseUrl })).toThrow(
          /terraform\.hcp\.baseUrl must be an http\(s\) URL/,
        );
      },
    );
  });

  describe('validateTarget', () => {
    it.each(['acme/network-dev', 'acme_corp/ws_1', 'A-1/B-2'])(
      'accepts the workspace %s',
      target => {
        expect(() => source().validateTarget(target)).not.toThrow();
      },
    );

    it.each([
      '../x',
      'acme/..',
      'https://evil.test/acme/ws',
      'evil.test:443/ws',
      'org/ws/extra',
      'org',
      '',
      'org/ws name',
      'org/ws.dev',
      'org/ws?include=x',
      'org%2Fws/x',
      `org/${'w'.repeat(91)}`,
    ])('rejects %j', target => {
      expect(() => source().validateTarget(target)).toThrow(InputError);
    });

    it('never calls HCP Terraform for a malformed workspace', async () => {
      await expect(source().listPlans('acme/../../admin')).rejects.toThrow(
        InputError,
      );
      expect(hcp.requests).toEqual([]);
    });
  });

  describe('listPlans', () => {
    it('lists the runs with their status, counts, author and pull request or branch', async () => {
      const ws = hcp.addWorkspace('acme', 'network-dev');
      const pr = hcp.addRun(ws, {
        status: 'planned_and_finished',
        createdAt: at(5),
        source: 'tfe-configuration-version',
        message: 'Add the orders queue',
        plan: {
          additions: 2,
          changes: 1,
          destructions: 1,
          imports: 1,
          json: planText('a'),
        },
        ingress: {
          branch: 'add-queue',
          commitSha: 'c'.repeat(40),
          pullRequestNumber: 42,
          pullRequestUrl: 'https://github.com/acme/infra/pull/42',
          pullRequestTitle: 'Add the orders queue',
          senderUsername: 'alice-gh',
        },
      });
      const applied = hcp.addRun(ws, {
        status: 'applied',
        createdAt: at(4),
        createdBy: 'deployer',
        plan: {
          additions: 0,
          changes: 3,
          destructions: 0,
          json: planText('b'),
        },
        ingress: {
          branch: 'main',
          commitSha: 'd'.repeat(40),
          senderUsername: 'bob-gh',
        },
      });
      const cli = hcp.addRun(ws, {
        status: 'errored',
        createdAt: at(3),
        createdBy: 'carol',
        source: 'terraform+cloud',
        // Errored while applying: the plan finished and is there to read.
        plan: { hasChanges: false, json: planText('c') },
      });

      const plans = await source().listPlans('acme/network-dev');

      const runUrl = (id: string) =>
        `https://app.terraform.io/app/acme/workspaces/network-dev/runs/${id}`;
      expect(plans).toEqual([
        {
          key: `${pr.id}:${pr.plan.id}`,
          workspace: 'acme/network-dev',
          environment: 'dev',
          branch: 'add-queue',
          pullRequest: {
            number: 42,
            url: 'https://github.com/acme/infra/pull/42',
            title: 'Add the orders queue',
          },
          run: {
            id: pr.id,
            url: runUrl(pr.id),
            status: 'planned_and_finished',
            // No HCP user started a VCS run: the VCS sender did.
            triggeredBy: 'alice-gh',
            commit: 'c'.repeat(40),
          },
          createdAt: at(5),
          // Replacements are not told apart by HCP Terraform: 0 until the plan is read.
          counts: { ...zero, add: 2, change: 1, destroy: 1, import: 1 },
          url: runUrl(pr.id),
        },
        {
          key: `${applied.id}:${applied.plan.id}`,
          workspace: 'acme/network-dev',
          environment: 'dev',
          branch: 'main',
          run: {
            id: applied.id,
            url: runUrl(applied.id),
            status: 'applied',
            triggeredBy: 'deployer',
            commit: 'd'.repeat(40),
          },
          createdAt: at(4),
          counts: { ...zero, change: 3 },
          url: runUrl(applied.id),
        },
        {
          key: `${cli.id}:${cli.plan.id}`,
          workspace: 'acme/network-dev',
          environment: 'dev',
          run: {
            id: cli.id,
            url: runUrl(cli.id),
            status: 'errored',
            triggeredBy: 'carol',
          },
          createdAt: at(3),
          counts: zero,
          url: runUrl(cli.id),
        },
      ]);
      const list = hcp.requests.find(r => r.url.includes('/runs?'))!;
      expect(new URL(list.url).searchParams.get('include')).toBe(
        'plan,created_by,configuration_version,configuration_version.ingress_attributes',
      );
      expect(
        hcp.requests.every(r => r.authorization === `Bearer ${TOKEN}`),
      ).toBe(true);
    });

    it('lists runs whose plan finished, whatever came after, and leaves out the others (no JSON plan yet)', async () => {
      const ws = hcp.addWorkspace('acme', 'network-dev');
      hcp.addRun(ws, {
        status: 'planning',
        createdAt: at(6),
        plan: { status: 'running' },
      });
      hcp.addRun(ws, {
        status: 'errored',
        createdAt: at(5),
        plan: { status: 'errored' },
      });
      hcp.addRun(ws, {
        status: 'pending',
        createdAt: at(4),
        plan: { status: 'pending' },
      });
      const discarded = hcp.addRun(ws, {
        status: 'discarded',
        createdAt: at(3),
        plan: { json: planText('a') },
      });
      const planned = hcp.addRun(ws, {
        status: 'planned',
        createdAt: at(2),
        plan: { json: planText('b') },
      });

      const plans = await source().listPlans('acme/network-dev');

      expect(plans.map(p => [p.run?.id, p.run?.status])).toEqual([
        [discarded.id, 'discarded'],
        [planned.id, 'planned'],
      ]);
    });

    it('reads page after page up to terraform.hcp.maxRuns runs', async () => {
      hcp = new HcpTerraformSimulator({ token: TOKEN, maxPageSize: 2 });
      server.use(...hcp.handlers());
      const ws = hcp.addWorkspace('acme', 'network-production');
      const runs = Array.from({ length: 9 }, (_, i) =>
        hcp.addRun(ws, {
          status: 'applied',
          createdAt: at(i + 1),
          plan: { json: planText('x') },
        }),
      );

      const plans = await source({ maxRuns: 5 }).listPlans(
        'acme/network-production',
      );

      expect(plans.map(p => p.run?.id)).toEqual(
        runs
          .slice(4)
          .reverse()
          .map(r => r.id),
      );
      expect(plans.every(p => p.environment === 'production')).toBe(true);
      const pages = hcp.requests
        .filter(r => r.url.includes('/runs?'))
        .map(r => new URL(r.url).searchParams.get('page[number]'));
      // Pages of 2 (the server's limit): 3 pages hold 5 runs; the 4th is never asked for.
      expect(pages).toEqual(['1', '2', '3']);
    });

    it('reads every page when the workspace has fewer runs than maxRuns', async () => {
      hcp = new HcpTerraformSimulator({ token: TOKEN, maxPageSize: 2 });
      server.use(...hcp.handlers());
      const ws = hcp.addWorkspace('acme', 'network-dev');
      for (let i = 0; i < 5; i++)
        hcp.addRun(ws, { createdAt: at(i + 1), plan: { json: planText('x') } });

      const plans = await source().listPlans('acme/network-dev');

      expect(plans).toHaveLength(5);
      expect(hcp.requests.filter(r => r.url.includes('/runs?'))).toHaveLength(
        3,
      );
    });

    it('does not follow links.next: pages are asked of the configured base URL', async () => {
      const ws = hcp.addWorkspace('acme', 'network-dev');
      server.use(
        http.get(
          `https://app.terraform.io/api/v2/workspaces/${ws.id}/runs`,
          () =>
            HttpResponse.json({
              data: [],
              links: {
                next: 'https://evil.test/api/v2/workspaces/x/runs?page%5Bnumber%5D=2',
              },
              meta: {
                pagination: {
                  'current-page': 1,
                  'next-page': null,
                  'total-pages': 1,
                },
              },
            }),
        ),
      );

      await expect(source().listPlans('acme/network-dev')).resolves.toEqual([]);
      expect(hostsCalled.every(h => h === 'app.terraform.io')).toBe(true);
    });
  });

  describe('environments', () => {
    it.each([
      ['network-dev', [], 'dev'],
      ['network-staging', [], 'staging'],
      ['network-prod', [], 'production'],
      ['network-production', [], 'production'],
      ['network', ['env:qa'], 'qa'],
      // An explicit tag wins over the name.
      ['network-dev', ['environment:production'], 'production'],
      ['network', ['team-platform', 'staging'], 'staging'],
      ['network', ['team-platform'], undefined],
      ['devices', [], undefined],
    ])('%s tagged %j is %s', (name, tags, environment) => {
      expect(environmentOf(name, tags)).toBe(environment);
    });

    it('reads the tags of the workspace', async () => {
      const ws = hcp.addWorkspace('acme', 'network', {
        tagNames: ['env:staging'],
      });
      hcp.addRun(ws, { plan: { json: planText('a') } });

      const [plan] = await source().listPlans('acme/network');

      expect(plan.environment).toBe('staging');
    });
  });

  describe('fetchPlan', () => {
    it('downloads the JSON plan through the 307, without the token on the archivist', async () => {
      const ws = hcp.addWorkspace('acme', 'network-dev');
      const run = hcp.addRun(ws, { plan: { json: planText('orders') } });

      const stream = await source().fetchPlan(
        'acme/network-dev',
        `${run.id}:${run.plan.id}`,
      );

      expect(await text(stream)).toBe(planText('orders'));
      const api = hcp.requests.filter(r =>
        r.url.startsWith('https://app.terraform.io/'),
      );
      expect(api.map(r => new URL(r.url).pathname)).toEqual([
        '/api/v2/organizations/acme/workspaces/network-dev',
        `/api/v2/runs/${run.id}`,
        `/api/v2/plans/${run.plan.id}/json-output`,
      ]);
      expect(api.every(r => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
      const archivist = hcp.requests.filter(r =>
        r.url.startsWith('https://archivist.terraform.io/'),
      );
      expect(archivist).toHaveLength(1);
      expect(archivist[0].authorization).toBeNull();
    });

    it('refuses the plan of another workspace', async () => {
      hcp.addWorkspace('acme', 'network-dev');
      const secret = hcp.addWorkspace('acme', 'payments-production');
      const run = hcp.addRun(secret, { plan: { json: planText('secret') } });

      await expect(
        source().fetchPlan('acme/network-dev', `${run.id}:${run.plan.id}`),
      ).rejects.toMatchObject({ code: 'NotFound', statusCode: 404 });
      expect(hcp.requests.some(r => r.url.includes('json-output'))).toBe(false);
    });

    it('refuses a plan paired with a run it does not belong to', async () => {
      const ws = hcp.addWorkspace('acme', 'network-dev');
      const mine = hcp.addRun(ws, { plan: { json: planText('a') } });
      const other = hcp.addRun(hcp.addWorkspace('acme', 'payments-dev'), {
        plan: { json: planText('secret') },
      });

      await expect(
        source().fetchPlan('acme/network-dev', `${mine.id}:${other.plan.id}`),
      ).rejects.toMatchObject({ code: 'NotFound' });
      expect(hcp.requests.some(r => r.url.includes('json-output'))).toBe(false);
    });

    it.each([
      'plan-abc',
      'run-abc',
      'run-a:plan-b:x',
      '../run-a:plan-b',
      'run-a:../plans/plan-b',
      'run-a/plan-b',
    ])(
      'treats the key %j as no plan, without calling HCP Terraform',
      async key => {
        await expect(
          source().fetchPlan('acme/network-dev', key),
        ).rejects.toMatchObject({ code: 'NotFound' });
        expect(hcp.requests).toEqual([]);
      },
    );

    it('says when the JSON plan is not available', async () => {
      const ws = hcp.addWorkspace('acme', 'network-dev');
      // No JSON: json-output answers 404.
      const run = hcp.addRun(ws, {});

      await expect(
        source().fetchPlan('acme/network-dev', `${run.id}:${run.plan.id}`),
      ).rejects.toMatchObject({
        code: 'NotFound',
        message: expect.stringContaining('is not available'),
      });
    });

    it('stops reading a JSON plan larger than terraform.maxPlanBytes', async () => {
      const ws = hcp.addWorkspace('acme', 'network-dev');
      const run = hcp.addRun(ws, { plan: { json: ' '.repeat(200_000) } });

      const stream = await source({}, { maxPlanBytes: 100_000 }).fetchPlan(
        'acme/network-dev',
        `${run.id}:${run.plan.id}`,
      );

      await expect(text(stream)).rejects.toMatchObject({
        code: 'PlanTooLarge',
      });
    });
  });

  describe('errors', () => {
    it('says when the token is rejected (401)', async () => {
      hcp = new HcpTerraformSimulator({ token: 'another-token' });
      server.use(...hcp.handlers());
      hcp.addWorkspace('acme', 'network-dev');

      await expect(
        source().listPlans('acme/network-dev'),
      ).rejects.toMatchObject({
        code: 'Unauthorized',
        statusCode: 401,
        message:
          'HCP Terraform at https://app.terraform.io rejected terraform.hcp.token while reading workspace acme/network-dev (401) (HCP Terraform: unauthorized)',
      });
    });

    it('says when the workspace does not exist or cannot be read (404)', async () => {
      await expect(source().listPlans('acme/nothing')).rejects.toMatchObject({
        code: 'NotFound',
        statusCode: 404,
        message:
          'Workspace acme/nothing was not found on https://app.terraform.io, or the token may not read it (HCP Terraform answers 404 for both)',
      });
    });

    it('says when to retry after a rate limit (429, Retry-After)', async () => {
      hcp.failure = {
        status: 429,
        headers: { 'Retry-After': '3', 'X-RateLimit-Limit': '30' },
        body: { errors: [{ status: '429', title: 'Too many requests' }] },
      };

      await expect(
        source().listPlans('acme/network-dev'),
      ).rejects.toMatchObject({
        code: 'RateLimited',
        statusCode: 429,
        message: expect.stringContaining('retry in 3 seconds'),
      });
    });

    it('says when to retry after a rate limit (429, X-RateLimit-Reset)', async () => {
      hcp.failure = {
        status: 429,
        headers: { 'X-RateLimit-Limit': '30', 'X-RateLimit-Reset': '0.160' },
        body: { errors: [{ status: '429', title: 'Too many requests' }] },
      };

      await expect(
        source().listPlans('acme/network-dev'),
      ).rejects.toMatchObject({
        code: 'RateLimited',
        message: expect.stringContaining('retry in 1 second'),
      });
    });

    it('refuses a redirect to anything but http(s)', async () => {
      const ws = hcp.addWorkspace('acme', 'network-dev');
      const run = hcp.addRun(ws, { plan: { json: planText('a') } });
      server.use(
        http.get(
          'https://app.terraform.io/api/v2/plans/:id/json-output',
          () =>
            new HttpResponse(null, {
              status: 307,
              headers: { Location: 'file:///etc/passwd' },
            }),
        ),
      );

      await expect(
        source().fetchPlan('acme/network-dev', `${run.id}:${run.plan.id}`),
      ).rejects.toMatchObject({
        code: 'UpstreamError',
      });
    });
  });
});
