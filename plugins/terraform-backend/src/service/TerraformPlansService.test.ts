import { Readable } from 'node:stream';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { PlanSourceType } from '@platform-portal/plugin-terraform-common';
import { FoundPlan, PlanSource, PlanSourceReadError } from '../sources/types';
import { ParsedPlanLike, TerraformPlansService } from './TerraformPlansService';

const user = mockCredentials.user('user:default/amelie.durand');

class FakeSource implements PlanSource {
  plans = new Map<string, FoundPlan[]>();
  files = new Map<string, string>();
  listCalls = 0;
  fetches: string[] = [];
  failList?: Error;
  constructor(readonly type: PlanSourceType) {}
  validateTarget(target: string) {
    if (target.includes('..')) throw new InputError(`Invalid target ${target}`);
  }
  async listPlans(target: string) {
    this.listCalls++;
    if (this.failList) throw this.failList;
    return this.plans.get(target) ?? [];
  }
  async fetchPlan(target: string, key: string) {
    this.fetches.push(`${target}|${key}`);
    const file = this.files.get(`${target}|${key}`);
    if (!file) {
      throw new PlanSourceReadError(
        `No plan ${key} in ${target}`,
        'NotFound',
        404,
      );
    }
    return Readable.from([file]);
  }
}

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'piksel-infra', namespace: 'default', annotations },
  spec: {
    type: 'infrastructure',
    owner: 'group:default/piksel-platform',
    lifecycle: 'production',
  },
});

const parsed = (text: string): ParsedPlanLike => {
  const doc = JSON.parse(text);
  if (doc.broken) {
    const e = new Error('the file ends in the middle (truncated at byte 12)');
    e.name = 'PlanParseError';
    throw e;
  }
  return {
    formatVersion: '1.2',
    terraformVersion: '1.9.8',
    tool: 'terraform',
    counts: {
      add: doc.add,
      change: 0,
      replace: 0,
      destroy: 0,
      read: 0,
      forget: 0,
      import: 0,
      move: 0,
      noOp: 0,
      drift: 0,
    },
    resources: [],
    drift: [],
    outputs: [],
    sizeBytes: text.length,
    detail: address =>
      address === 'aws_s3_bucket.data'
        ? {
            address,
            mode: 'managed',
            type: 'aws_s3_bucket',
            name: 'data',
            providerName: 'registry.terraform.io/hashicorp/aws',
            action: 'create',
            changedAttributes: 1,
            attributes: [{ path: 'bucket', after: 'piksel-data' }],
          }
        : undefined,
  };
};

function setup(
  options: { annotations?: Record<string, string>; deny?: boolean } = {},
) {
  const local = new FakeSource('local');
  const hcp = new FakeSource('hcp');
  local.plans.set('piksel-infra', [
    {
      key: 'dev/2026-11-20.json',
      environment: 'dev',
      createdAt: '2026-11-20T10:00:00Z',
    },
    {
      key: 'production/2026-11-21.json',
      environment: 'production',
      createdAt: '2026-11-21T10:00:00Z',
    },
  ]);
  local.files.set(
    'piksel-infra|dev/2026-11-20.json',
    JSON.stringify({ add: 3 }),
  );
  local.files.set(
    'piksel-infra|production/2026-11-21.json',
    JSON.stringify({ broken: true }),
  );
  hcp.plans.set('piksel/piksel-infra-shared-dev', [
    {
      key: 'plan-abc|run-abc',
      environment: 'dev',
      createdAt: '2026-11-22T10:00:00Z',
      run: { id: 'run-abc', status: 'planned' },
    },
  ]);
  const parse = jest.fn(async (input: Readable) => {
    let text = '';
    for await (const chunk of input) text += chunk;
    return parsed(text);
  });
  const svc = new TerraformPlansService({
    sources: [local, hcp],
    parse,
    catalog: catalogServiceMock({
      entities: [
        entity(
          options.annotations ?? {
            'platform-portal.io/terraform-plans-local': 'piksel-infra',
            'platform-portal.io/terraform-workspaces':
              'piksel/piksel-infra-shared-dev',
          },
        ),
      ],
    }),
    permissions: mockServices.permissions.mock({
      authorize: async reqs =>
        reqs.map(() => ({
          result: options.deny ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
        })),
    }),
    logger: mockServices.logger.mock(),
  });
  return { svc, local, hcp, parse };
}

const REF = 'component:default/piksel-infra';

describe('TerraformPlansService', () => {
  it('lists the plans of every declared source, newest first, with opaque ids', async () => {
    const { svc } = setup();
    const res = await svc.listPlans(REF, user);
    expect(res.errors).toEqual([]);
    expect(res.plans.map(p => [p.source, p.environment, p.createdAt])).toEqual([
      ['hcp', 'dev', '2026-11-22T10:00:00Z'],
      ['local', 'production', '2026-11-21T10:00:00Z'],
      ['local', 'dev', '2026-11-20T10:00:00Z'],
    ]);
    for (const plan of res.plans) {
      expect(plan.id).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(plan).not.toHaveProperty('key');
    }
  });

  it('reports a failing source next to the others, and an invalid or unconfigured target as its own error', async () => {
    const { svc, hcp } = setup({
      annotations: {
        'platform-portal.io/terraform-plans-local': 'piksel-infra, ../../etc',
        'platform-portal.io/terraform-workspaces':
          'piksel/piksel-infra-shared-dev',
        'platform-portal.io/terraform-plans-s3': 'piksel-plans/infra',
      },
    });
    hcp.failList = new PlanSourceReadError(
      'HCP Terraform answered 401: the token is invalid',
      'Unauthorized',
      401,
    );
    const res = await svc.listPlans(REF, user);
    expect(res.plans.map(p => p.source)).toEqual(['local', 'local']);
    expect(res.errors).toEqual(
      expect.arrayContaining([
        {
          source: 'hcp',
          target: 'piksel/piksel-infra-shared-dev',
          error: {
            name: 'Unauthorized',
            message: 'HCP Terraform answered 401: the token is invalid',
            statusCode: 401,
          },
        },
        expect.objectContaining({
          source: 'local',
          target: '../../etc',
          error: expect.objectContaining({ name: 'InputError' }),
        }),
        expect.objectContaining({
          source: 's3',
          error: expect.objectContaining({ name: 'NotConfigured' }),
        }),
      ]),
    );
  });

  it('opens a listed plan, parses it once, and serves a resource’s detail', async () => {
    const { svc, parse, local } = setup();
    const { plans } = await svc.listPlans(REF, user);
    const dev = plans.find(
      p => p.source === 'local' && p.environment === 'dev',
    )!;
    const doc = await svc.getPlan(REF, dev.id, user);
    expect(doc).toMatchObject({
      id: dev.id,
      meta: dev,
      counts: { add: 3 },
      formatVersion: '1.2',
    });
    expect(doc).not.toHaveProperty('detail');
    const detail = await svc.getResource(
      REF,
      dev.id,
      'aws_s3_bucket.data',
      user,
    );
    expect(detail.attributes).toEqual([
      { path: 'bucket', after: 'piksel-data' },
    ]);
    await expect(
      svc.getResource(REF, dev.id, 'aws_iam_role.nope', user),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    expect(parse).toHaveBeenCalledTimes(1);
    expect(local.fetches).toEqual(['piksel-infra|dev/2026-11-20.json']);
  });

  it('refuses an id naming a target the entity does not declare, and a malformed id', async () => {
    const { svc, local } = setup();
    const forged = Buffer.from(
      JSON.stringify(['local', 'other-team', 'dev/secret.json']),
    ).toString('base64url');
    await expect(svc.getPlan(REF, forged, user)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    await expect(svc.getPlan(REF, 'not-an-id', user)).rejects.toMatchObject({
      name: 'InputError',
    });
    expect(local.fetches).toEqual([]);
  });

  it('answers a key the source does not know with not found, and a broken file with a clear input error', async () => {
    const { svc } = setup();
    const unknown = Buffer.from(
      JSON.stringify(['local', 'piksel-infra', 'dev/nope.json']),
    ).toString('base64url');
    await expect(svc.getPlan(REF, unknown, user)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    const { plans } = await svc.listPlans(REF, user);
    const broken = plans.find(p => p.environment === 'production')!;
    await expect(svc.getPlan(REF, broken.id, user)).rejects.toThrow(
      /The plan file cannot be read: the file ends in the middle/,
    );
  });

  it('refuses an entity the caller cannot see as not found, and a denied permission', async () => {
    const { svc } = setup();
    await expect(
      svc.listPlans('component:default/other', user),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    const denied = setup({ deny: true });
    await expect(denied.svc.listPlans(REF, user)).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
    expect(denied.local.listCalls).toBe(0);
  });
});
