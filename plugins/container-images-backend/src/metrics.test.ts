import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { http as mswHttp, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  FakeEcr,
  createEcrHandlers,
  generateImages,
} from './__testUtils__/fakeEcr';
import { InMemoryMetrics } from '@platform-portal/metrics-node/testUtils';
import { createPluginMetrics } from '@platform-portal/metrics-node';
import { containerImagesPlugin } from './plugin';
import { RepositoryReadError } from './providers/types';
import { ContainerImagesService } from './service/ContainerImagesService';

const ACCOUNT = '104729384756';
const ARN = `arn:aws:ecr:eu-central-1:${ACCOUNT}:repository/shop/orders`;
const DENIED = `arn:aws:ecr:eu-central-1:${ACCOUNT}:repository/shop/denied`;

describe('ContainerImagesService metrics', () => {
  it('names OCI registry failures by the registry’s code and HTTP status, and counts findings reads', async () => {
    const store = new InMemoryMetrics();
    const service = new ContainerImagesService({
      providers: [
        {
          type: 'oci',
          parse: ref => ({
            ref,
            provider: 'oci',
            registry: 'registry.local',
            name: ref.replace(/^registry\.local\//, ''),
          }),
          listImages: async parsed => {
            if (parsed.name === 'shop/gone') {
              throw new RepositoryReadError('gone', 'NAME_UNKNOWN', 404);
            }
            return { parsed, calls: 1, images: [] };
          },
          getFindings: async () => ({
            scan: { status: 'COMPLETE', findingCounts: {} },
            findings: [],
          }),
        },
      ],
      catalog: catalogServiceMock({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: 'orders',
              namespace: 'default',
              annotations: {
                'platform-portal.io/oci-repositories':
                  'registry.local/shop/orders,registry.local/shop/gone',
              },
            },
            spec: { type: 'service', owner: 'shop', lifecycle: 'production' },
          },
        ],
      }),
      permissions: mockServices.permissions.mock({
        authorize: async reqs =>
          reqs.map(() => ({ result: AuthorizeResult.ALLOW })),
      }),
      history: { observe: async () => [] },
      logger: mockServices.logger.mock(),
      metrics: createPluginMetrics('container-images', store),
    });
    const user = mockCredentials.user();
    await service.getEntityImages('component:default/orders', user);
    const digest = `sha256:${'b'.repeat(64)}`;
    for (let i = 0; i < 2; i++) {
      await service.getFindings(
        'component:default/orders',
        'registry.local/shop/orders',
        digest,
        user,
      );
    }

    expect(
      store.select('portal_upstream_errors').map(p => p.attributes),
    ).toEqual([
      {
        plugin: 'container-images',
        provider: 'oci',
        operation: 'listImages',
        error: 'NAME_UNKNOWN',
        status: '404',
      },
    ]);
    expect(
      store.sum('portal_upstream_requests', {
        provider: 'oci',
        operation: 'getFindings',
        outcome: 'success',
      }),
    ).toBe(1);
    expect(
      store.sum('portal_cache_lookups', { cache: 'findings', result: 'hit' }),
    ).toBe(1);
  });
});

describe('the container images plugin’s metrics, wired', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('counts requests per route, cache hits and misses, and ECR calls and errors by AWS error name', async () => {
    const fake = new FakeEcr({ accessKeys: { [ACCOUNT]: 'AKIAORBITAL' } });
    fake.addRepository({
      accountId: ACCOUNT,
      region: 'eu-central-1',
      name: 'shop/orders',
      images: generateImages(20),
    });
    fake.addRepository({
      accountId: ACCOUNT,
      region: 'eu-central-1',
      name: 'shop/denied',
      images: generateImages(2),
    });
    fake.denyAccess({
      accountId: ACCOUNT,
      region: 'eu-central-1',
      name: 'shop/denied',
    });
    server.use(
      ...createEcrHandlers(fake),
      mswHttp.all(/^http:\/\/(127\.0\.0\.1|localhost):\d+\//, () =>
        passthrough(),
      ),
    );
    const metrics = new InMemoryMetrics();
    const { server: http } = await startTestBackend({
      features: [
        containerImagesPlugin,
        metrics.factory(),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'orders',
                namespace: 'default',
                annotations: {
                  'platform-portal.io/ecr-repositories': `${ARN},${DENIED}`,
                },
              },
              spec: {
                type: 'service',
                owner: 'shop-backend',
                lifecycle: 'production',
              },
            },
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            aws: {
              accounts: [
                {
                  accountId: ACCOUNT,
                  accessKeyId: 'AKIAORBITAL',
                  secretAccessKey: 'orbital-secret',
                },
              ],
            },
            containerImages: { ecr: { maxAttempts: 1 } },
          },
        }),
      ],
    });

    const path = '/api/container-images/entity/component/default/orders/images';
    const first = await request(http)
      .get(path)
      .set('Authorization', mockCredentials.user.header());
    expect(first.status).toBe(200);
    expect(first.body.errors).toEqual([
      expect.objectContaining({
        ref: DENIED,
        error: expect.objectContaining({ name: 'AccessDeniedException' }),
      }),
    ]);
    await request(http)
      .get(path)
      .set('Authorization', mockCredentials.user.header());
    // A bad parameter: 400 from the plugin's route. (A request without credentials is refused
    // before the plugin's router, so only the backend's HTTP server metric counts it.)
    const bad = await request(http)
      .get(`${path}?limit=-1`)
      .set('Authorization', mockCredentials.user.header());
    expect(bad.status).toBe(400);
    expect((await request(http).get(path)).status).toBe(401);

    const route = '/entity/:kind/:namespace/:name/images';
    expect(
      metrics.sum('portal_http_requests', {
        plugin: 'container-images',
        route,
        status_class: '2xx',
      }),
    ).toBe(2);
    expect(
      metrics.sum('portal_http_requests', { route, status_class: '4xx' }),
    ).toBe(1);
    expect(metrics.values('portal_http_requests', 'route')).toEqual([route]);
    // No entity name ever becomes a label value.
    expect(JSON.stringify(metrics.points)).not.toContain('orders');

    // The readable repository was read once and then served from the cache; the denied one is
    // not kept, so it was asked twice.
    expect(
      metrics.sum('portal_cache_lookups', {
        cache: 'repositories',
        result: 'hit',
      }),
    ).toBe(1);
    expect(
      metrics.sum('portal_cache_lookups', {
        cache: 'repositories',
        result: 'miss',
      }),
    ).toBe(3);
    expect(
      metrics.sum('portal_upstream_requests', {
        plugin: 'container-images',
        provider: 'ecr',
        operation: 'listImages',
        outcome: 'success',
      }),
    ).toBe(1);
    expect(
      metrics.sum('portal_upstream_errors', {
        provider: 'ecr',
        error: 'AccessDeniedException',
        status: '400',
      }),
    ).toBe(2);
  });
});
