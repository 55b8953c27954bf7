import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import request from 'supertest';
import { ImageRegistryProvider, ParsedRepositoryRef } from './providers/types';
import { createRouter } from './router';
import { ContainerImagesService } from './service/ContainerImagesService';

const ARN = 'arn:aws:ecr:eu-central-1:104729384756:repository/shop/orders';
const DIGEST = `sha256:${'a'.repeat(64)}`;

const provider: ImageRegistryProvider = {
  type: 'ecr',
  parse: (ref): ParsedRepositoryRef => ({
    ref,
    provider: 'ecr',
    name: ref.split('/').slice(1).join('/'),
    registry: '104729384756.dkr.ecr.eu-central-1.amazonaws.com',
  }),
  listImages: jest.fn(async parsed => ({
    parsed,
    calls: 1,
    images: [
      {
        digest: DIGEST,
        tags: ['1.0.0'],
        pushedAt: new Date('2026-11-01T00:00:00Z'),
      },
    ],
  })),
  getFindings: jest.fn(async () => ({
    scan: { status: 'COMPLETE', findingCounts: {} },
    findings: [],
  })),
};

async function app(options: { deny?: boolean } = {}) {
  const catalog = catalogServiceMock({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'orders',
          namespace: 'default',
          annotations: { 'platform-portal.io/ecr-repositories': ARN },
        },
        spec: {
          type: 'service',
          owner: 'shop-backend',
          lifecycle: 'production',
        },
      },
    ],
  });
  const service = new ContainerImagesService({
    providers: [provider],
    catalog,
    permissions: mockServices.permissions.mock({
      authorize: async reqs =>
        reqs.map(() => ({
          result: options.deny ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
        })),
    }),
    history: { observe: async () => [] },
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
const IMAGES = '/entity/component/default/orders/images';

describe('container images router', () => {
  it('serves the images of an entity to a signed-in user', async () => {
    const a = await app();
    const res = await request(a).get(IMAGES).set('Authorization', user);
    expect(res.status).toBe(200);
    expect(res.body.entityRef).toBe('component:default/orders');
    expect(res.body.repositories[0].images[0].tags).toEqual([
      { name: '1.0.0', class: 'stable' },
    ]);
    // Compressed once per read and served as is; plain for clients that do not accept gzip.
    expect(res.headers['content-encoding']).toBe('gzip');
    const plain = await request(a)
      .get(IMAGES)
      .set('Authorization', user)
      .set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toEqual(res.body);
  });

  it('serves a summary without images when limit=0, and refuses a bad limit', async () => {
    const a = await app();
    const summary = await request(a)
      .get(`${IMAGES}?limit=0`)
      .set('Authorization', user);
    expect(summary.status).toBe(200);
    expect(summary.body.repositories[0]).toMatchObject({
      images: [],
      totalImages: 1,
      latestStable: { tag: '1.0.0', digest: DIGEST },
    });
    for (const bad of ['-1', 'ten', '1.5']) {
      const res = await request(a)
        .get(`${IMAGES}?limit=${bad}`)
        .set('Authorization', user);
      expect(res.status).toBe(400);
    }
  });

  it('answers 401 without credentials, on every route', async () => {
    const a = await app();
    for (const path of [
      IMAGES,
      `/entity/component/default/orders/findings?repository=${ARN}&digest=${DIGEST}`,
    ]) {
      const res = await request(a).get(path);
      expect(res.status).toBe(401);
    }
  });

  it('answers 404 for an entity the caller cannot read and 403 when the permission is denied', async () => {
    const missing = await request(await app())
      .get('/entity/component/default/secret-service/images')
      .set('Authorization', user);
    expect(missing.status).toBe(404);
    const denied = await request(await app({ deny: true }))
      .get(IMAGES)
      .set('Authorization', user);
    expect(denied.status).toBe(403);
    expect(denied.body.error.name).toBe('NotAllowedError');
  });

  it('refuses findings of a repository the entity does not declare, and malformed queries', async () => {
    const a = await app();
    const other = await request(a)
      .get('/entity/component/default/orders/findings')
      .query({
        repository: 'arn:aws:ecr:eu-central-1:999999999999:repository/secret',
        digest: DIGEST,
      })
      .set('Authorization', user);
    expect(other.status).toBe(400);
    expect(other.body.error.message).toMatch(/does not declare the repository/);
    expect(provider.getFindings).not.toHaveBeenCalled();
    const noDigest = await request(a)
      .get('/entity/component/default/orders/findings')
      .query({ repository: ARN })
      .set('Authorization', user);
    expect(noDigest.status).toBe(400);
    const ok = await request(a)
      .get('/entity/component/default/orders/findings')
      .query({ repository: ARN, digest: DIGEST })
      .set('Authorization', user);
    expect(ok.status).toBe(200);
    expect(ok.body.scan.status).toBe('COMPLETE');
  });
});
