import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { http as mswHttp, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  FakeEcr,
  createEcrHandlers,
  generateImages,
} from './__testUtils__/fakeEcr';
import { containerImagesPlugin } from './plugin';

const ACCOUNT = '104729384756';
const ARN = `arn:aws:ecr:eu-central-1:${ACCOUNT}:repository/shop/orders`;

describe('the container images plugin, wired', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('serves an annotated entity’s ECR images through the real provider, and nothing without credentials', async () => {
    const fake = new FakeEcr({ accessKeys: { [ACCOUNT]: 'AKIAORBITAL' } });
    fake.addRepository({
      accountId: ACCOUNT,
      region: 'eu-central-1',
      name: 'shop/orders',
      tagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      tagMutabilityExclusions: ['*-SNAPSHOT', 'develop', 'latest'],
      images: generateImages(1_200, { untagged: 40 }),
    });
    server.use(
      ...createEcrHandlers(fake),
      // The test's own requests to the backend go through.
      mswHttp.all(/^http:\/\/(127\.0\.0\.1|localhost):\d+\//, () =>
        passthrough(),
      ),
    );

    const { server: http } = await startTestBackend({
      features: [
        containerImagesPlugin,
        // A request without a token has no credentials, as in production.
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
                  'platform-portal.io/ecr-repositories': `${ARN},registry.unknown/x`,
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

    const unauthenticated = await request(http).get(
      '/api/container-images/entity/component/default/orders/images',
    );
    expect(unauthenticated.status).toBe(401);

    const res = await request(http)
      .get('/api/container-images/entity/component/default/orders/images')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const [repo] = res.body.repositories;
    expect(repo.images).toHaveLength(1_200);
    expect(repo.tagMutability).toBe('IMMUTABLE_WITH_EXCLUSION');
    expect(repo.violations).toEqual([]);
    expect(repo.latestStable.tag).toMatch(/^\d+\.\d+\.\d+$/);
    // The second reference is not an ECR ARN: reported, not fatal.
    expect(res.body.errors).toEqual([
      expect.objectContaining({ ref: 'registry.unknown/x', provider: 'ecr' }),
    ]);
    // Served from the cache the second time.
    const before = fake.calls.length;
    await request(http)
      .get('/api/container-images/entity/component/default/orders/images')
      .set('Authorization', mockCredentials.user.header());
    expect(fake.calls.length).toBe(before);
  });
});
