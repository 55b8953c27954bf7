import path from 'node:path';
import { Readable } from 'node:stream';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { InMemoryMetrics } from '@platform-portal/metrics-node/testUtils';
import { createPluginMetrics } from '@platform-portal/metrics-node';
import { terraformPlugin } from './plugin';
import { TerraformPlansService } from './service/TerraformPlansService';
import { PlanSource, PlanSourceReadError } from './sources/types';

// eslint-disable-next-line no-restricted-syntax
const EXAMPLES = path.resolve(__dirname, '../../../examples/terraform-plans');

const entity = (name: string, annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'infrastructure', owner: 'platform', lifecycle: 'production' },
});

describe('the Terraform plugin’s metrics, wired, on the example plans', () => {
  it('counts requests per route template, plan source calls and cache hits', async () => {
    const metrics = new InMemoryMetrics();
    const { server } = await startTestBackend({
      features: [
        terraformPlugin,
        metrics.factory(),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        catalogServiceMock.factory({
          entities: [
            entity('piksel-infra-shared-resources', {
              'platform-portal.io/terraform-plans-local':
                'piksel-infra-shared-resources',
            }),
          ],
        }),
        mockServices.rootConfig.factory({
          data: { terraform: { local: { directory: EXAMPLES } } },
        }),
      ],
    });
    const base =
      '/api/terraform/entity/component/default/piksel-infra-shared-resources/plans';
    const auth = { Authorization: mockCredentials.user.header() };

    const list = await request(server).get(base).set(auth);
    expect(list.status).toBe(200);
    await request(server).get(base).set(auth);
    const [plan] = list.body.plans;
    const doc = await request(server).get(`${base}/${plan.id}`).set(auth);
    expect(doc.status).toBe(200);
    const detail = await request(server)
      .get(`${base}/${plan.id}/resources`)
      .query({ address: doc.body.resources[0].address })
      .set(auth);
    expect(detail.status).toBe(200);
    const missing = await request(server)
      .get(`${base}/${plan.id}/resources`)
      .query({ address: 'aws_s3_bucket.nothing' })
      .set(auth);
    expect(missing.status).toBe(404);

    const routes = metrics.values('portal_http_requests', 'route');
    expect(routes).toEqual([
      '/entity/:kind/:namespace/:name/plans',
      '/entity/:kind/:namespace/:name/plans/:planId',
      '/entity/:kind/:namespace/:name/plans/:planId/resources',
    ]);
    expect(
      metrics.sum('portal_http_requests', {
        plugin: 'terraform',
        route: '/entity/:kind/:namespace/:name/plans/:planId/resources',
        status_class: '4xx',
      }),
    ).toBe(1);
    // Neither entity names nor plan ids reach a label.
    expect(JSON.stringify(metrics.points)).not.toContain('piksel');
    expect(JSON.stringify(metrics.points)).not.toContain(plan.id);

    // One listing upstream (the second is the cache's), one plan file opened then kept parsed.
    expect(
      metrics.sum('portal_upstream_requests', {
        provider: 'local',
        operation: 'listPlans',
        outcome: 'success',
      }),
    ).toBe(1);
    expect(
      metrics.sum('portal_upstream_requests', {
        provider: 'local',
        operation: 'fetchPlan',
      }),
    ).toBe(1);
    expect(
      metrics.sum('portal_cache_lookups', {
        plugin: 'terraform',
        cache: 'parsed-plans',
        result: 'hit',
      }),
    ).toBe(2);
    expect(
      metrics.sum('portal_cache_lookups', {
        cache: 'plan-lists',
        result: 'hit',
      }),
    ).toBeGreaterThanOrEqual(1);
  });
});

describe('TerraformPlansService metrics', () => {
  it('counts failed plan source calls by provider, source error code and HTTP status', async () => {
    const hcp: PlanSource = {
      type: 'hcp',
      validateTarget: () => {},
      listPlans: async () => {
        throw new PlanSourceReadError(
          'HCP Terraform is rate limiting the portal',
          'RateLimited',
          429,
        );
      },
      fetchPlan: async () => Readable.from([]),
    };
    const github: PlanSource = {
      type: 'github',
      validateTarget: () => {},
      listPlans: async () => [{ key: 'artifact-1', environment: 'dev' }],
      fetchPlan: async () => {
        throw new PlanSourceReadError('The artifact expired', 'NotFound', 404);
      },
    };
    // Not configured: the source calls nobody, so it is no upstream call (and no error rate).
    const s3: PlanSource = {
      type: 's3',
      validateTarget: () => {},
      listPlans: async () => {
        throw new PlanSourceReadError(
          'The portal has no S3 configuration',
          'NotConfigured',
        );
      },
      fetchPlan: async () => Readable.from([]),
    };
    const store = new InMemoryMetrics();
    const service = new TerraformPlansService({
      sources: [hcp, github, s3],
      parse: async () => {
        throw new Error('not reached');
      },
      catalog: catalogServiceMock({
        entities: [
          entity('infra', {
            'platform-portal.io/terraform-workspaces': 'orbital/infra-dev',
            'platform-portal.io/terraform-artifacts': 'github',
            'github.com/project-slug': 'orbital-data/infra',
            'platform-portal.io/terraform-plans-s3': 'plans/infra',
          }),
        ],
      }),
      permissions: mockServices.permissions.mock({
        authorize: async reqs =>
          reqs.map(() => ({ result: AuthorizeResult.ALLOW })),
      }),
      logger: mockServices.logger.mock(),
      metrics: createPluginMetrics('terraform', store),
    });
    const user = mockCredentials.user();

    const listed = await service.listPlans('component:default/infra', user);
    expect(listed.errors.map(e => e.error.name).sort()).toEqual([
      'NotConfigured',
      'RateLimited',
    ]);
    const [plan] = listed.plans;
    await expect(
      service.getPlan('component:default/infra', plan.id, user),
    ).rejects.toThrow('The artifact expired');

    expect(
      store.select('portal_upstream_errors').map(p => p.attributes),
    ).toEqual([
      {
        plugin: 'terraform',
        provider: 'hcp',
        operation: 'listPlans',
        error: 'RateLimited',
        status: '429',
      },
      {
        plugin: 'terraform',
        provider: 'github',
        operation: 'fetchPlan',
        error: 'NotFound',
        status: '404',
      },
    ]);
    expect(
      store.sum('portal_upstream_requests', {
        provider: 'github',
        operation: 'listPlans',
        outcome: 'success',
      }),
    ).toBe(1);
    expect(
      store.count('portal_upstream_request_duration_seconds', {
        provider: 'hcp',
        outcome: 'error',
      }),
    ).toBe(1);
    expect(
      store.select('portal_upstream_requests', { provider: 's3' }),
    ).toEqual([]);
  });
});
