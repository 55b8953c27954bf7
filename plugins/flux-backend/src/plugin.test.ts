import request from 'supertest';
import {
  DeploymentsResponse,
  FluxClusterViewResponse,
  FluxEntityObjectsResponse,
  FluxObjectSummary,
} from '@platform-portal/plugin-flux-common';
import { FakeKubernetes, KubeObject } from './__testUtils__/fakeKubernetes';
import {
  deployment,
  fluxControllers,
  gitRepository,
  helmRelease,
  imagePolicy,
  imageRepository,
  imageUpdateAutomation,
  kustomization,
  ociRepository,
  pod,
  sha,
} from './__testUtils__/fluxObjects';
import {
  clusterEntity,
  component,
  entityPath,
  ImagesResponder,
  permissionDecisions,
  startFluxBackend,
  token,
  USERS,
} from './__testUtils__/harness';

const ORDERS = { 'backstage.io/kubernetes-id': 'orders' };
const ECR = '123456789012.dkr.ecr.eu-central-1.amazonaws.com/shop/orders';
const DIGEST = `sha256:${sha('orders-1.4.2')}${sha('orders-1.4.2b').slice(
  0,
  24,
)}`;

const orders = component('orders', { 'backstage.io/kubernetes-id': 'orders' });
const billing = component('billing', {
  'platform-portal.io/flux-kustomizations': 'flux-system/billing',
});
const secret = component('secret', { 'backstage.io/kubernetes-id': 'orders' });
const devCluster = clusterEntity('dev-cluster', 'dev', 'Platform dev');
const stagingCluster = clusterEntity('staging-cluster', 'staging');
const prodCluster = clusterEntity('prod-cluster', 'prod');
const piksel = clusterEntity('piksel-production', 'prod');
// In the catalog, unknown to the Kubernetes backend.
const orphan = clusterEntity('orphan-cluster', 'dev');

const ordersDeployment = deployment({
  name: 'orders',
  namespace: 'shop',
  image: `${ECR}:1.4.2`,
  labels: ORDERS,
  appliedBy: { kind: 'Kustomization', name: 'apps', namespace: 'flux-system' },
  changedAt: '2026-11-21T10:00:00Z',
});

function devObjects(): KubeObject[] {
  return [
    // Shared: applies every team's apps, carries no component label.
    kustomization({ name: 'apps', path: './apps/dev' }),
    gitRepository({
      name: 'flux-system',
      url: 'ssh://git@github.com/orbital-data/platform-gitops.git',
    }),
    kustomization({ name: 'orders', labels: ORDERS, state: 'failed' }),
    kustomization({
      name: 'orders-db',
      labels: ORDERS,
      state: 'dependencyNotReady',
    }),
    helmRelease({
      name: 'orders-worker',
      namespace: 'shop',
      labels: ORDERS,
      state: 'stalled',
    }),
    ociRepository({ name: 'orders-manifests', labels: ORDERS, state: 'stale' }),
    imageRepository({ name: 'orders', labels: ORDERS, state: 'progressing' }),
    imagePolicy({ name: 'orders', labels: ORDERS, tag: '1.4.2' }),
    imageUpdateAutomation({
      name: 'orders',
      labels: ORDERS,
      state: 'suspended',
    }),
    kustomization({ name: 'billing' }),
    kustomization({
      name: 'other',
      labels: { 'backstage.io/kubernetes-id': 'other' },
    }),
    ordersDeployment,
    pod(ordersDeployment, 1, DIGEST),
    pod(ordersDeployment, 2, DIGEST),
    ...fluxControllers('v2.7.3', ['helm-controller']),
  ];
}

function stagingObjects(): KubeObject[] {
  const old = (o: KubeObject, apiVersion: string) => ({ ...o, apiVersion });
  const staged = deployment({
    name: 'orders',
    namespace: 'shop',
    image: `${ECR}:1.5.0-SNAPSHOT`,
    labels: ORDERS,
    appliedBy: {
      kind: 'Kustomization',
      name: 'orders',
      namespace: 'flux-system',
    },
    replicas: 2,
    readyReplicas: 1,
  });
  return [
    kustomization({ name: 'orders', labels: ORDERS, version: 'v1beta2' }),
    helmRelease({
      name: 'orders-worker',
      namespace: 'shop',
      labels: ORDERS,
      version: 'v2beta1',
    }),
    old(
      gitRepository({
        name: 'flux-system',
        url: 'https://github.com/orbital-data/platform-gitops',
      }),
      'source.toolkit.fluxcd.io/v1beta2',
    ),
    staged,
  ];
}

const OLD_FLUX = {
  'kustomize.toolkit.fluxcd.io': ['v1beta2', 'v1beta1'],
  'helm.toolkit.fluxcd.io': ['v2beta1'],
  'source.toolkit.fluxcd.io': ['v1beta2', 'v1beta1'],
  'image.toolkit.fluxcd.io': ['v1beta1'],
};

const images: ImagesResponder = ref =>
  ref === 'component:default/orders'
    ? {
        status: 200,
        body: {
          entityRef: ref,
          errors: [],
          repositories: [
            {
              ref: 'arn:aws:ecr:eu-central-1:123456789012:repository/shop/orders',
              provider: 'ecr',
              name: 'shop/orders',
              registry: '123456789012.dkr.ecr.eu-central-1.amazonaws.com',
              images: [
                {
                  digest: DIGEST,
                  tags: [{ name: '1.4.2', class: 'stable' }],
                  scan: {
                    status: 'COMPLETE',
                    findingCounts: { CRITICAL: 1, HIGH: 3 },
                  },
                  violations: [],
                },
              ],
              totalImages: 1,
              countsByClass: { stable: 1, snapshot: 0, moving: 0, other: 0 },
              violations: [],
              fetchedAt: '2026-11-24T10:00:00Z',
            },
          ],
        },
      }
    : { status: 200, body: { entityRef: ref, repositories: [], errors: [] } };

describe('the Flux plugin, through the upstream Kubernetes backend', () => {
  let fake: FakeKubernetes;
  let app: Awaited<ReturnType<typeof startFluxBackend>>;

  beforeAll(async () => {
    fake = new FakeKubernetes();
    await fake.start();
    app = await startFluxBackend({
      fake,
      clusters: [
        { name: 'dev-cluster' },
        { name: 'staging-cluster' },
        { name: 'prod-cluster' },
        { name: 'piksel-production' },
      ],
      entities: [
        orders,
        billing,
        secret,
        devCluster,
        stagingCluster,
        prodCluster,
        piksel,
        orphan,
      ],
      images,
    });
    // The first proxied request loads the Kubernetes client library; not what is measured here.
    fake.setCluster({ name: 'dev-cluster', objects: [] });
    await request(app)
      .get(`${entityPath(devCluster)}/cluster`)
      .set('Authorization', token(USERS.owner));
  });

  beforeEach(() => {
    fake.setCluster({
      name: 'dev-cluster',
      token: 'token-dev-cluster',
      objects: devObjects(),
    });
    fake.setCluster({
      name: 'staging-cluster',
      objects: stagingObjects(),
      served: OLD_FLUX,
    });
    fake.setCluster({ name: 'prod-cluster', objects: [] });
    fake.setCluster({ name: 'piksel-production', fault: 'forbidden' });
    fake.requests.length = 0;
    permissionDecisions.length = 0;
  });

  afterAll(async () => {
    await fake.stop();
  });

  const get = (path: string, user: string = USERS.owner) =>
    request(app).get(`${path}?refresh=true`).set('Authorization', token(user));

  const find = (
    items: FluxObjectSummary[],
    cluster: string,
    kind: string,
    name: string,
  ) =>
    items.find(
      i => i.cluster === cluster && i.kind === kind && i.name === name,
    );

  describe("an entity's Flux objects", () => {
    it('are read from every cluster in parallel, with each state judged kstatus-style', async () => {
      fake.setCluster({ name: 'prod-cluster', fault: 'hang' });
      const started = Date.now();
      const res = await get(`${entityPath(orders)}/objects`);
      const elapsed = Date.now() - started;
      expect(res.status).toBe(200);
      const body: FluxEntityObjectsResponse = res.body;
      const state = (kind: string, name: string) =>
        find(body.items, 'dev-cluster', kind, name)?.status;
      expect(state('Kustomization', 'orders')).toMatchObject({
        state: 'failed',
        reason: 'BuildFailed',
        message: expect.stringContaining('kustomize build failed'),
      });
      expect(state('Kustomization', 'orders-db')).toMatchObject({
        state: 'progressing',
        reason: 'DependencyNotReady',
      });
      expect(state('HelmRelease', 'orders-worker')).toMatchObject({
        state: 'stalled',
        reason: 'InvalidChartReference',
      });
      expect(state('OCIRepository', 'orders-manifests')).toMatchObject({
        state: 'progressing',
        reason: 'NotObserved',
        stale: true,
      });
      expect(state('ImageRepository', 'orders')).toMatchObject({
        state: 'progressing',
      });
      expect(state('ImagePolicy', 'orders')).toMatchObject({ state: 'ready' });
      expect(state('ImageUpdateAutomation', 'orders')).toMatchObject({
        state: 'suspended',
      });

      // Applied vs attempted revision of the failed Kustomization.
      const failed = find(
        body.items,
        'dev-cluster',
        'Kustomization',
        'orders',
      )!;
      expect(failed.lastAppliedRevision).toBe(`main@sha1:${sha('orders')}`);
      expect(failed.lastAttemptedRevision).toBe(
        `main@sha1:${sha('orders-next')}`,
      );
      expect(failed.origin).toBe('selector');

      // Another component's objects are not included; the shared applier and its source are.
      expect(
        find(body.items, 'dev-cluster', 'Kustomization', 'other'),
      ).toBeUndefined();
      expect(
        find(body.items, 'dev-cluster', 'Kustomization', 'apps')?.origin,
      ).toBe('workload');
      expect(
        find(body.items, 'dev-cluster', 'GitRepository', 'flux-system')?.origin,
      ).toBe('source');

      // The hanging cluster cost its timeout (3 s) and no more; the 403 is reported as such.
      expect(elapsed).toBeGreaterThanOrEqual(3_000);
      expect(elapsed).toBeLessThan(6_000);
      expect(body.errors).toEqual(
        expect.arrayContaining([
          {
            cluster: 'prod-cluster',
            error: {
              name: 'TIMEOUT',
              message: 'Cluster prod-cluster did not answer within 3 s',
            },
          },
          {
            cluster: 'piksel-production',
            error: expect.objectContaining({
              name: 'FORBIDDEN',
              statusCode: 403,
              message: expect.stringContaining('cannot get path'),
            }),
          },
        ]),
      );
      expect(
        body.errors.filter(e => e.cluster === 'piksel-production'),
      ).toHaveLength(1);
      expect(body.errors.some(e => e.cluster === 'dev-cluster')).toBe(false);

      // Clusters in environment order, from their catalog entities.
      expect(body.clusters.map(c => [c.name, c.environment])).toEqual([
        ['dev-cluster', 'dev'],
        ['staging-cluster', 'staging'],
        ['piksel-production', 'prod'],
        ['prod-cluster', 'prod'],
      ]);
      expect(body.clusters[0]).toMatchObject({
        title: 'Platform dev',
        entityRef: 'resource:default/dev-cluster',
      });
    });

    it('are read in the older API versions a cluster running an old Flux serves', async () => {
      const res = await get(`${entityPath(orders)}/objects`);
      const body: FluxEntityObjectsResponse = res.body;
      expect(
        find(body.items, 'staging-cluster', 'Kustomization', 'orders'),
      ).toMatchObject({
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1beta2',
        status: { state: 'ready' },
      });
      const release = find(
        body.items,
        'staging-cluster',
        'HelmRelease',
        'orders-worker',
      )!;
      expect(release.apiVersion).toBe('helm.toolkit.fluxcd.io/v2beta1');
      expect(release.lastAppliedRevision).toBe('1.4.2');
      expect(body.errors.some(e => e.cluster === 'staging-cluster')).toBe(
        false,
      );
      // It was asked in v1 first, then in the version it serves.
      const asked = fake.requests
        .filter(
          r =>
            r.cluster === 'staging-cluster' &&
            r.path.endsWith('/kustomizations'),
        )
        .map(r => r.path);
      expect(asked).toEqual([
        '/apis/kustomize.toolkit.fluxcd.io/v1beta2/kustomizations',
      ]);
    });

    it("go through the Kubernetes backend's auth strategy for each cluster", async () => {
      await get(`${entityPath(orders)}/objects`);
      const dev = fake.requests.filter(r => r.cluster === 'dev-cluster');
      expect(dev.length).toBeGreaterThan(0);
      expect(
        dev.every(r => r.authorization === 'Bearer token-dev-cluster'),
      ).toBe(true);
      // Label selectors are sent to the API server, not applied after reading everything.
      expect(dev).toContainEqual(
        expect.objectContaining({
          path: '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations',
          query: `?labelSelector=${encodeURIComponent(
            'backstage.io/kubernetes-id=orders',
          )}`,
        }),
      );
    });

    it('include the Kustomizations an entity names in its annotation', async () => {
      const res = await get(`${entityPath(billing)}/objects`);
      const body: FluxEntityObjectsResponse = res.body;
      expect(
        find(body.items, 'dev-cluster', 'Kustomization', 'billing'),
      ).toMatchObject({
        origin: 'annotation',
        status: { state: 'ready' },
      });
      // Missing on the other clusters: not an error.
      expect(body.errors.some(e => e.cluster === 'staging-cluster')).toBe(
        false,
      );
    });

    it('report a cluster that refuses the credential', async () => {
      fake.setCluster({
        name: 'dev-cluster',
        token: 'another-token',
        objects: devObjects(),
      });
      const body: FluxEntityObjectsResponse = (
        await get(`${entityPath(orders)}/objects`)
      ).body;
      expect(body.errors).toContainEqual({
        cluster: 'dev-cluster',
        error: {
          name: 'UNAUTHORIZED_ERROR',
          message: 'Unauthorized',
          statusCode: 401,
        },
      });
      expect(body.items.some(i => i.cluster === 'staging-cluster')).toBe(true);
    });

    it('report a kind the service account may not list, and serve the other kinds', async () => {
      fake.setCluster({
        name: 'dev-cluster',
        token: 'token-dev-cluster',
        objects: devObjects(),
        forbiddenPlurals: ['imagepolicies'],
      });
      const body: FluxEntityObjectsResponse = (
        await get(`${entityPath(orders)}/objects`)
      ).body;
      expect(body.errors).toContainEqual({
        cluster: 'dev-cluster',
        kind: 'ImagePolicy',
        error: expect.objectContaining({ name: 'FORBIDDEN', statusCode: 403 }),
      });
      expect(
        find(body.items, 'dev-cluster', 'Kustomization', 'orders'),
      ).toBeDefined();
    });

    it('need credentials, read access to the entity, and the read permission', async () => {
      expect(
        (await request(app).get(`${entityPath(orders)}/objects`)).status,
      ).toBe(401);
      const hidden = await get(`${entityPath(secret)}/objects`, USERS.hidden);
      expect(hidden.status).toBe(404);
      const outsider = await get(
        `${entityPath(orders)}/objects`,
        USERS.outsider,
      );
      expect(outsider.status).toBe(403);
      expect(outsider.body.error.name).toBe('NotAllowedError');
      expect(permissionDecisions).toContainEqual({
        user: USERS.outsider,
        permission: 'flux.read',
        resourceRef: 'component:default/orders',
      });
      // Nothing was asked of any cluster for the refused requests.
      expect(fake.requests).toHaveLength(0);
    });
  });

  describe('the Deployments view', () => {
    it('shows what runs where: tag, class, scan, the revision that put it there, health', async () => {
      const res = await get(`${entityPath(orders)}/deployments`);
      expect(res.status).toBe(200);
      const body: DeploymentsResponse = res.body;
      expect(body.rows.map(r => r.cluster.name)).toEqual([
        'dev-cluster',
        'staging-cluster',
      ]);
      const [dev, staging] = body.rows;
      expect(dev).toMatchObject({
        cluster: { name: 'dev-cluster', environment: 'dev' },
        namespace: 'shop',
        workload: { kind: 'Deployment', name: 'orders' },
        health: { state: 'healthy', replicas: 2, readyReplicas: 2 },
        changedAt: '2026-11-21T10:00:00Z',
        containers: [
          {
            name: 'orders',
            image: `${ECR}:1.4.2`,
            repository: ECR,
            tag: '1.4.2',
            digest: DIGEST,
            tagClass: 'stable',
            scan: {
              status: 'COMPLETE',
              critical: 1,
              high: 3,
              medium: 0,
              low: 0,
            },
          },
        ],
        appliedBy: {
          kind: 'Kustomization',
          namespace: 'flux-system',
          name: 'apps',
          revision: `main@sha1:${sha('apps')}`,
          commit: sha('apps'),
          commitUrl: `https://github.com/orbital-data/platform-gitops/commit/${sha(
            'apps',
          )}`,
          status: { state: 'ready' },
        },
      });
      // Staging runs a snapshot the registry does not list: classified from the tag itself.
      expect(staging).toMatchObject({
        health: { state: 'degraded', replicas: 2, readyReplicas: 1 },
        containers: [
          { tag: '1.5.0-SNAPSHOT', tagClass: 'snapshot', unknownImage: true },
        ],
        appliedBy: {
          kind: 'Kustomization',
          name: 'orders',
          status: { state: 'ready' },
        },
      });
      expect(body.errors.map(e => e.cluster)).toEqual(['piksel-production']);
      expect(body.imagesError).toBeUndefined();
    });

    it('still shows the rows when the container-images backend fails', async () => {
      const other = new FakeKubernetes([
        { name: 'dev-cluster', objects: devObjects() },
      ]);
      await other.start();
      try {
        const failing = await startFluxBackend({
          fake: other,
          clusters: [{ name: 'dev-cluster' }],
          entities: [orders, devCluster],
          images: () => ({
            status: 500,
            body: { error: { name: 'Error', message: 'ECR is down' } },
          }),
        });
        const body: DeploymentsResponse = (
          await request(failing)
            .get(`${entityPath(orders)}/deployments`)
            .set('Authorization', token(USERS.owner))
        ).body;
        expect(body.rows).toHaveLength(1);
        expect(body.rows[0].containers[0]).toMatchObject({
          tag: '1.4.2',
          tagClass: 'stable',
        });
        expect(body.rows[0].containers[0].scan).toBeUndefined();
        expect(body.imagesError).toMatchObject({
          statusCode: 500,
          message: expect.stringContaining('ECR is down'),
        });
      } finally {
        await other.stop();
      }
    });
  });

  describe('the cluster page', () => {
    it("lists every Flux object on the cluster and the Flux controllers' health", async () => {
      const res = await get(`${entityPath(devCluster)}/cluster`);
      expect(res.status).toBe(200);
      const body: FluxClusterViewResponse = res.body;
      expect(body.cluster).toMatchObject({
        name: 'dev-cluster',
        environment: 'dev',
      });
      expect(
        body.items.filter(i => i.kind === 'Kustomization').map(i => i.name),
      ).toEqual(['apps', 'billing', 'orders', 'orders-db', 'other']);
      expect(body.items.every(i => i.origin === 'cluster')).toBe(true);
      // Revisions link to their commits, through the Kustomization's GitRepository source.
      const apps = body.items.find(
        i => i.kind === 'Kustomization' && i.name === 'apps',
      );
      expect(apps?.lastAppliedCommitUrl).toBe(
        `https://github.com/orbital-data/platform-gitops/commit/${sha('apps')}`,
      );
      const failed = body.items.find(
        i => i.kind === 'Kustomization' && i.name === 'orders',
      );
      expect(failed?.lastAttemptedCommitUrl).toBe(
        `https://github.com/orbital-data/platform-gitops/commit/${sha(
          'orders-next',
        )}`,
      );
      expect(body.controllers).toHaveLength(6);
      expect(
        body.controllers.find(c => c.name === 'kustomize-controller'),
      ).toMatchObject({
        ready: true,
        version: 'v1.7.1',
        readyReplicas: 1,
        replicas: 1,
      });
      expect(
        body.controllers.find(c => c.name === 'helm-controller'),
      ).toMatchObject({
        ready: false,
        message: 'Deployment does not have minimum availability.',
      });
      expect(body.errors).toEqual([]);
    });

    it('reports a cluster that does not answer, and one the Kubernetes backend does not know', async () => {
      fake.setCluster({ name: 'prod-cluster', fault: 'hang' });
      const hang = (await get(`${entityPath(prodCluster)}/cluster`))
        .body as FluxClusterViewResponse;
      expect(hang.errors).toEqual([
        {
          cluster: 'prod-cluster',
          error: expect.objectContaining({ name: 'TIMEOUT' }),
        },
      ]);
      const unknown = (await get(`${entityPath(orphan)}/cluster`))
        .body as FluxClusterViewResponse;
      expect(unknown.errors).toEqual([
        {
          cluster: 'orphan-cluster',
          error: expect.objectContaining({ name: 'CLUSTER_NOT_FOUND' }),
        },
      ]);
      expect(unknown.cluster).toMatchObject({
        name: 'orphan-cluster',
        environment: 'dev',
      });
      expect(
        (await get('/api/flux/entity/resource/default/nowhere/cluster')).status,
      ).toBe(404);
    });

    it('is only for kubernetes-cluster resources', async () => {
      const res = await get(`${entityPath(orders)}/cluster`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /not a Resource of type kubernetes-cluster/,
      );
    });
  });
});
