import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { FakeKubernetes } from './__testUtils__/fakeKubernetes';
import { deployment, kustomization } from './__testUtils__/fluxObjects';
import { component } from './__testUtils__/harness';
import { InMemoryMetrics } from '@platform-portal/metrics-node/testUtils';
import { instrumentClusterAccess } from './cluster/instrumentClusterAccess';
import { KubernetesRequestError } from './cluster/types';
import { createFluxMetrics } from './fluxMetrics';
import { fluxPlugin } from './plugin';
import { FluxFetcher } from './service/FluxFetcher';

const LABELS = { 'backstage.io/kubernetes-id': 'orders' };

describe('the Flux plugin’s metrics, wired to the real Kubernetes backend', () => {
  const fake = new FakeKubernetes();

  beforeAll(async () => {
    await fake.start();
    fake.setCluster({
      name: 'dev-cluster',
      objects: [
        kustomization({ name: 'orders', labels: LABELS }),
        deployment({
          name: 'orders',
          namespace: 'shop',
          image: 'registry.local/shop/orders:1.0.0',
          labels: LABELS,
        }),
      ],
    });
    fake.setCluster({ name: 'locked-cluster', fault: 'forbidden' });
  });
  afterAll(() => fake.stop());

  it('counts requests per route, per-cluster reads and errors, Kubernetes calls and cache hits', async () => {
    const metrics = new InMemoryMetrics();
    const { server } = await startTestBackend({
      features: [
        fluxPlugin,
        kubernetesPlugin,
        metrics.factory(),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({ entities: [component('orders', LABELS)] }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: ['dev-cluster', 'locked-cluster'].map(name => ({
                    name,
                    url: fake.url(name),
                    authProvider: 'serviceAccount',
                    serviceAccountToken: `token-${name}`,
                    skipTLSVerify: true,
                    skipMetricsLookup: true,
                  })),
                },
              ],
            },
            flux: { clusterTimeoutSeconds: 10 },
          },
        }),
      ],
    });
    const get = (path: string) =>
      request(server)
        .get(`/api/flux/entity/component/default/orders${path}`)
        .set('Authorization', mockCredentials.user.header());

    const first = await get('/objects');
    expect(first.status).toBe(200);
    expect(first.body.items.map((i: any) => i.name)).toEqual(['orders']);
    expect(
      first.body.errors.map((e: any) => [e.cluster, e.error.name]),
    ).toEqual([['locked-cluster', 'FORBIDDEN']]);
    expect((await get('/objects')).status).toBe(200);
    expect((await get('/deployments')).status).toBe(200);

    expect(
      metrics.sum('portal_http_requests', {
        plugin: 'flux',
        route: '/entity/:kind/:namespace/:name/objects',
        status_class: '2xx',
      }),
    ).toBe(2);
    expect(metrics.values('portal_http_requests', 'route')).toEqual([
      '/entity/:kind/:namespace/:name/deployments',
      '/entity/:kind/:namespace/:name/objects',
    ]);

    // The healthy cluster was read once (then its snapshot was reused); the failing ones every
    // time, since a read with errors is not kept.
    expect(
      metrics.sum('portal_flux_cluster_reads', {
        cluster: 'dev-cluster',
        outcome: 'success',
      }),
    ).toBe(1);
    expect(
      metrics.sum('portal_flux_cluster_reads', {
        cluster: 'locked-cluster',
        outcome: 'error',
      }),
    ).toBe(3);
    expect(
      metrics.sum('portal_flux_cluster_errors', {
        cluster: 'locked-cluster',
        error: 'FORBIDDEN',
      }),
    ).toBe(3);
    expect(
      metrics.sum('portal_cache_lookups', {
        plugin: 'flux',
        cache: 'snapshots',
        result: 'hit',
      }),
    ).toBe(2);
    expect(
      metrics.sum('portal_cache_lookups', {
        cache: 'cluster-list',
        result: 'hit',
      }),
    ).toBe(2);

    // Every call to a cluster, through the Kubernetes backend's proxy.
    expect(
      metrics.sum('portal_upstream_requests', {
        provider: 'kubernetes',
        operation: 'GET',
        cluster: 'dev-cluster',
        outcome: 'success',
      }),
    ).toBeGreaterThan(0);
    expect(
      metrics.sum('portal_upstream_errors', {
        provider: 'kubernetes',
        cluster: 'locked-cluster',
        error: 'FORBIDDEN',
        status: '403',
      }),
    ).toBeGreaterThan(0);
    expect(
      metrics.sum('portal_upstream_requests', {
        provider: 'kubernetes',
        operation: 'listClusters',
        outcome: 'success',
      }),
    ).toBe(1);
    // Bounded labels: clusters and fixed words, never an entity, object or path.
    const labelValues = metrics.points.flatMap(p =>
      Object.values(p.attributes).map(String),
    );
    expect(labelValues.filter(v => v.includes('orders'))).toEqual([]);
    expect(labelValues.filter(v => v.startsWith('/apis'))).toEqual([]);
  });
});

describe('FluxFetcher metrics', () => {
  it('counts a cluster that misses its deadline as one TIMEOUT read, and its aborted calls', async () => {
    const store = new InMemoryMetrics();
    const metrics = createFluxMetrics(store);
    const hanging = instrumentClusterAccess(
      {
        listClusters: async () => [],
        request: (_cluster, req) =>
          new Promise((_resolve, reject) => {
            req.signal?.addEventListener('abort', () =>
              reject(new DOMException('aborted', 'AbortError')),
            );
          }),
      },
      metrics,
    );
    const fetcher = new FluxFetcher(hanging, {
      timeoutMs: 50,
      logger: mockServices.logger.mock(),
      metrics,
    });
    const { errors } = await fetcher.withCluster('slow', [], ctx =>
      ctx.list('Kustomization'),
    );
    expect(errors.map(e => e.error.name)).toEqual(['TIMEOUT']);
    await new Promise(resolve => setImmediate(resolve));

    expect(
      store.select('portal_flux_cluster_reads').map(p => p.attributes),
    ).toEqual([{ cluster: 'slow', outcome: 'error' }]);
    expect(
      store.sum('portal_flux_cluster_errors', {
        cluster: 'slow',
        error: 'TIMEOUT',
      }),
    ).toBe(1);
    expect(
      store.sum('portal_upstream_errors', {
        provider: 'kubernetes',
        cluster: 'slow',
        error: 'TIMEOUT',
      }),
    ).toBe(1);
    expect(
      store.sum('portal_cache_lookups', {
        cache: 'api-discovery',
        result: 'miss',
      }),
    ).toBe(1);
  });
});

describe('instrumentClusterAccess', () => {
  it('names failures as cluster errors, aborted requests TIMEOUT', async () => {
    const store = new InMemoryMetrics();
    const aborted = new AbortController();
    aborted.abort();
    const access = instrumentClusterAccess(
      {
        listClusters: async () => [],
        request: async (_cluster, req) => {
          if (req.signal?.aborted) {
            throw new DOMException('aborted', 'AbortError');
          }
          if (req.method === 'PATCH') throw new TypeError('fetch failed');
          throw new KubernetesRequestError(
            'UNAUTHORIZED_ERROR',
            'no',
            401,
            true,
          );
        },
      },
      createFluxMetrics(store),
    );
    await expect(access.request('c', { path: '/apis' })).rejects.toThrow();
    await expect(
      access.request('c', { path: '/apis', signal: aborted.signal }),
    ).rejects.toThrow();
    await expect(
      access.request('c', { path: '/x', method: 'PATCH', body: {} }),
    ).rejects.toThrow();
    expect(
      store.select('portal_upstream_errors').map(p => p.attributes),
    ).toEqual([
      {
        plugin: 'flux',
        provider: 'kubernetes',
        operation: 'GET',
        error: 'UNAUTHORIZED_ERROR',
        status: '401',
        cluster: 'c',
      },
      {
        plugin: 'flux',
        provider: 'kubernetes',
        operation: 'GET',
        error: 'TIMEOUT',
        cluster: 'c',
      },
      {
        plugin: 'flux',
        provider: 'kubernetes',
        operation: 'PATCH',
        error: 'UNKNOWN_ERROR',
        cluster: 'c',
      },
    ]);
  });
});
