import { Readable } from 'node:stream';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import request from 'supertest';
import { createRouter } from './router';
import { TerraformPlansService } from './service/TerraformPlansService';
import { PlanSource } from './sources/types';

const source: PlanSource = {
  type: 'local',
  validateTarget: () => {},
  listPlans: async () => [
    {
      key: 'dev/1.json',
      environment: 'dev',
      createdAt: '2026-11-20T10:00:00Z',
    },
  ],
  fetchPlan: async () => Readable.from(['{}']),
};

async function app(options: { deny?: boolean } = {}) {
  const service = new TerraformPlansService({
    sources: [source],
    parse: async () => ({
      formatVersion: '1.2',
      tool: 'terraform',
      counts: {
        add: 1,
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
      sizeBytes: 2,
      detail: () => undefined,
    }),
    catalog: catalogServiceMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'piksel-infra',
            namespace: 'default',
            annotations: {
              'platform-portal.io/terraform-plans-local': 'piksel-infra',
            },
          },
          spec: {
            type: 'infrastructure',
            owner: 'piksel-platform',
            lifecycle: 'production',
          },
        },
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
  const router = await createRouter({
    // Requests without a header carry no credentials, as in production.
    httpAuth: mockServices.httpAuth({
      defaultCredentials: mockCredentials.none(),
    }),
    service,
  });
  const middleware = MiddlewareFactory.create({
    config: mockServices.rootConfig(),
    logger: mockServices.logger.mock(),
  });
  return express().use(router).use(middleware.error());
}

const user = mockCredentials.user.header('user:default/amelie.durand');
const PLANS = '/entity/component/default/piksel-infra/plans';

describe('terraform router', () => {
  it('lists and opens plans for a signed-in user', async () => {
    const a = await app();
    const list = await request(a).get(PLANS).set('Authorization', user);
    expect(list.status).toBe(200);
    const [plan] = list.body.plans;
    const doc = await request(a)
      .get(`${PLANS}/${plan.id}`)
      .set('Authorization', user);
    expect(doc.status).toBe(200);
    expect(doc.body.counts.add).toBe(1);
  });

  it('answers 401 without credentials on every route', async () => {
    const a = await app();
    for (const path of [
      PLANS,
      `${PLANS}/x`,
      `${PLANS}/x/resources?address=a.b`,
    ]) {
      expect((await request(a).get(path)).status).toBe(401);
    }
  });

  it('answers 404 for an entity the caller cannot read, 403 when denied, 400 for bad input', async () => {
    const a = await app();
    expect(
      (
        await request(a)
          .get('/entity/component/default/secret/plans')
          .set('Authorization', user)
      ).status,
    ).toBe(404);
    expect(
      (
        await request(await app({ deny: true }))
          .get(PLANS)
          .set('Authorization', user)
      ).status,
    ).toBe(403);
    expect(
      (await request(a).get(`${PLANS}/%7Bnot-an-id`).set('Authorization', user))
        .status,
    ).toBe(400);
    const [plan] = (await request(a).get(PLANS).set('Authorization', user)).body
      .plans;
    expect(
      (
        await request(a)
          .get(`${PLANS}/${plan.id}/resources`)
          .set('Authorization', user)
      ).status,
    ).toBe(400);
    const forged = Buffer.from(
      JSON.stringify(['local', 'someone-else', 'dev/1.json']),
    ).toString('base64url');
    expect(
      (await request(a).get(`${PLANS}/${forged}`).set('Authorization', user))
        .status,
    ).toBe(404);
  });
});
