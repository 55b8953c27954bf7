import { mockServices } from '@backstage/backend-test-utils';
import {
  errorNameForStatus,
  KubernetesClusterAccess,
  KubernetesRequest,
  KubernetesRequestError,
} from '../cluster/types';
import {
  FakeKubernetes,
  mergePatch,
  parseLabelSelector,
} from '../__testUtils__/fakeKubernetes';
import { helmChart, kustomization } from '../__testUtils__/fluxObjects';
import { FluxFetcher } from './FluxFetcher';

/** The fake API server called in-process: the fetcher's logic without the HTTP hop. */
function inProcess(
  fake: FakeKubernetes,
  delays: Record<string, number> = {},
): KubernetesClusterAccess {
  return {
    listClusters: async () => [],
    async request<T>(cluster: string, req: KubernetesRequest): Promise<T> {
      if (delays[cluster]) {
        await new Promise((resolve, reject) => {
          const t = setTimeout(resolve, delays[cluster]);
          req.signal?.addEventListener('abort', () => {
            clearTimeout(t);
            reject(new DOMException('aborted', 'AbortError'));
          });
        });
      }
      const { code, body } = fake.handle(
        fake.cluster(cluster),
        req.method ?? 'GET',
        req.path,
        new URLSearchParams(req.query),
        req.body ? { 'content-type': 'application/merge-patch+json' } : {},
        req.body ? JSON.stringify(req.body) : '',
      );
      if (code >= 400) {
        throw new KubernetesRequestError(
          errorNameForStatus(code),
          (body as any).message,
          code,
          true,
        );
      }
      return body as T;
    },
  };
}

const fetcher = (fake: FakeKubernetes, timeoutMs = 1000, delays = {}) =>
  new FluxFetcher(inProcess(fake, delays), {
    timeoutMs,
    logger: mockServices.logger.mock(),
  });

describe('FluxFetcher', () => {
  it('gets an object in the version a cluster serves for that kind, even when the group serves newer ones', async () => {
    // Flux 2.2: source v1 exists for GitRepository, but HelmChart is still v1beta2 only.
    const fake = new FakeKubernetes([
      {
        name: 'c',
        objects: [
          {
            ...helmChart({ name: 'orders' }),
            apiVersion: 'source.toolkit.fluxcd.io/v1beta2',
          },
        ],
        served: { 'source.toolkit.fluxcd.io': ['v1', 'v1beta2'] },
      },
    ]);
    const realHandle = fake.handle.bind(fake);
    fake.handle = (cluster, method, path, ...rest) =>
      path.includes('/v1/') && path.includes('helmcharts')
        ? {
            code: 404,
            body: {
              kind: 'Status',
              message: 'the server could not find the requested resource',
            },
          }
        : realHandle(cluster, method, path, ...rest);
    const f = fetcher(fake);
    const { value, errors } = await f.withCluster('c', undefined, ctx =>
      ctx.get('HelmChart', 'flux-system', 'orders'),
    );
    expect(errors).toEqual([]);
    expect(value?.apiVersion).toBe('source.toolkit.fluxcd.io/v1beta2');
    // A missing object is not an error.
    const missing = await f.withCluster('c', 'none' as unknown, ctx =>
      ctx.get('HelmChart', 'flux-system', 'nope'),
    );
    expect(missing).toEqual({ value: undefined, errors: [] });
  });

  it('reports a group served only in versions the portal does not read', async () => {
    const fake = new FakeKubernetes([
      { name: 'c', served: { 'kustomize.toolkit.fluxcd.io': ['v1beta1'] } },
    ]);
    const { errors } = await fetcher(fake).withCluster('c', [], ctx =>
      ctx.list('Kustomization'),
    );
    expect(errors).toEqual([
      {
        cluster: 'c',
        kind: 'Kustomization',
        error: {
          name: 'NO_SERVED_VERSION',
          message:
            'Cluster c serves kustomize.toolkit.fluxcd.io v1beta1; the portal reads v1, v1beta2',
        },
      },
    ]);
  });

  it('skips Flux components a cluster does not have, silently', async () => {
    const fake = new FakeKubernetes([
      { name: 'c', served: { 'image.toolkit.fluxcd.io': [] } },
    ]);
    const { value, errors } = await fetcher(fake).withCluster('c', [], ctx =>
      ctx.list('ImagePolicy'),
    );
    expect(value).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('reports one error for a cluster that refuses everything, not one per kind', async () => {
    const fake = new FakeKubernetes([{ name: 'c', fault: 'forbidden' }]);
    const { errors } = await fetcher(fake).withCluster(
      'c',
      [] as unknown,
      ctx =>
        Promise.all([
          ctx.list('Kustomization'),
          ctx.list('HelmRelease'),
          ctx.list('GitRepository'),
        ]),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      cluster: 'c',
      error: { name: 'FORBIDDEN', statusCode: 403 },
    });
    expect(errors[0].kind).toBeUndefined();
  });

  it('gives a slow cluster its timeout and no more', async () => {
    const fake = new FakeKubernetes([
      { name: 'slow', objects: [kustomization({ name: 'a' })] },
    ]);
    const started = Date.now();
    const result = await fetcher(fake, 200, { slow: 5_000 }).withCluster(
      'slow',
      [],
      ctx => ctx.list('Kustomization'),
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result).toEqual({
      value: [],
      errors: [
        {
          cluster: 'slow',
          error: {
            name: 'TIMEOUT',
            message: 'Cluster slow did not answer within 0.2 s',
          },
        },
      ],
    });
  });
});

describe('the simulated API server', () => {
  it.each([
    ['app=a', { app: 'a' }, true],
    ['app=a,tier!=db', { app: 'a', tier: 'web' }, true],
    ['app in (a, b)', { app: 'b' }, true],
    ['app notin (a)', { app: 'a' }, false],
    ['!canary', { canary: 'x' }, false],
    ['team', { team: 'x' }, true],
  ])('selector %s on %j → %s', (selector, labels, expected) => {
    expect(parseLabelSelector(selector).every(r => r(labels))).toBe(expected);
  });

  it('applies JSON merge patches as RFC 7386 says', () => {
    expect(
      mergePatch({ a: 1, b: { c: 2, d: 3 } }, { b: { c: null, e: 4 }, f: [1] }),
    ).toEqual({
      a: 1,
      b: { d: 3, e: 4 },
      f: [1],
    });
  });
});
