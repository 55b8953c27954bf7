import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import { FluxActionResponse } from '@platform-portal/plugin-flux-common';
import { FakeKubernetes } from './__testUtils__/fakeKubernetes';
import {
  deployment,
  kustomization,
  helmRelease,
} from './__testUtils__/fluxObjects';
import {
  clusterEntity,
  component,
  entityPath,
  permissionDecisions,
  startFluxBackend,
  token,
  USERS,
} from './__testUtils__/harness';

const ORDERS = { 'backstage.io/kubernetes-id': 'orders' };
const orders = component('orders', {
  'backstage.io/kubernetes-id': 'orders',
  'platform-portal.io/flux-kustomizations': 'flux-system/orders-config',
});
const devCluster = clusterEntity('dev-cluster', 'dev');

function objects() {
  return [
    kustomization({ name: 'orders', labels: ORDERS }),
    kustomization({ name: 'orders-config' }),
    kustomization({ name: 'suspended', labels: ORDERS, state: 'suspended' }),
    helmRelease({ name: 'orders-worker', namespace: 'shop', labels: ORDERS }),
    // Shared: applies orders' workload but is not labelled for it.
    kustomization({ name: 'apps' }),
    kustomization({
      name: 'billing',
      labels: { 'backstage.io/kubernetes-id': 'billing' },
    }),
    deployment({
      name: 'orders',
      namespace: 'shop',
      image: 'registry.local/shop/orders:1.4.2',
      labels: ORDERS,
      appliedBy: {
        kind: 'Kustomization',
        name: 'apps',
        namespace: 'flux-system',
      },
    }),
  ];
}

describe('Flux actions', () => {
  let fake: FakeKubernetes;
  let app: Awaited<ReturnType<typeof startFluxBackend>>;

  beforeAll(async () => {
    fake = new FakeKubernetes();
    await fake.start();
    app = await startFluxBackend({
      fake,
      clusters: [{ name: 'dev-cluster' }, { name: 'prod-cluster' }],
      entities: [orders, devCluster],
      flux: { reconcileWaitSeconds: 1 },
    });
  });

  beforeEach(() => {
    fake.setCluster({
      name: 'dev-cluster',
      objects: objects(),
      controller: { delayMs: 100 },
    });
    fake.setCluster({ name: 'prod-cluster', objects: [] });
    fake.requests.length = 0;
    permissionDecisions.length = 0;
  });

  afterAll(() => fake.stop());

  const act = (
    entity: typeof orders,
    action: string,
    body: object,
    user: string | null = USERS.owner,
  ) => {
    const req = request(app)
      .post(`${entityPath(entity)}/actions/${action}`)
      .send(body);
    return user ? req.set('Authorization', token(user)) : req;
  };
  const target = (
    name: string,
    kind = 'Kustomization',
    namespace = 'flux-system',
  ) => ({
    cluster: 'dev-cluster',
    kind,
    namespace,
    name,
  });
  const patches = () => fake.requests.filter(r => r.method === 'PATCH');

  describe('reconcile', () => {
    it('writes reconcile.fluxcd.io/requestedAt and waits for the controller to handle it', async () => {
      const res = await act(orders, 'reconcile', target('orders'));
      expect(res.status).toBe(200);
      const body: FluxActionResponse = res.body;
      expect(body).toMatchObject({ action: 'reconcile', handled: true });
      const stored = fake.get(
        'dev-cluster',
        'Kustomization',
        'flux-system',
        'orders',
      )!;
      expect(
        stored.metadata.annotations?.['reconcile.fluxcd.io/requestedAt'],
      ).toBe(body.requestedAt);
      expect(stored.status?.lastHandledReconcileAt).toBe(body.requestedAt);
      expect(body.object.lastHandledReconcileAt).toBe(body.requestedAt);
      expect(permissionDecisions).toContainEqual({
        user: USERS.owner,
        permission: 'flux.reconcile',
        resourceRef: 'component:default/orders',
      });
    });

    it('answers handled: false when the controller does not handle it in time', async () => {
      fake.setCluster({
        name: 'dev-cluster',
        objects: objects(),
        controller: 'stuck',
      });
      const res = await act(orders, 'reconcile', target('orders'));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ action: 'reconcile', handled: false });
      expect(patches()).toHaveLength(1);
    });

    it('works on a Kustomization the entity names in its annotation, and on a HelmRelease', async () => {
      expect(
        (await act(orders, 'reconcile', target('orders-config'))).status,
      ).toBe(200);
      expect(
        (
          await act(
            orders,
            'reconcile',
            target('orders-worker', 'HelmRelease', 'shop'),
          )
        ).status,
      ).toBe(200);
      expect(patches().map(p => p.path)).toEqual([
        '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/orders-config',
        '/apis/helm.toolkit.fluxcd.io/v2/namespaces/shop/helmreleases/orders-worker',
      ]);
    });
  });

  describe('suspend and resume', () => {
    it('suspend sets spec.suspend and does not wait', async () => {
      const res = await act(orders, 'suspend', target('orders'));
      expect(res.status).toBe(200);
      expect(res.body.action).toBe('suspend');
      expect(res.body.handled).toBeUndefined();
      expect(res.body.object).toMatchObject({
        suspended: true,
        status: { state: 'suspended' },
      });
      expect(
        fake.get('dev-cluster', 'Kustomization', 'flux-system', 'orders')!.spec!
          .suspend,
      ).toBe(true);
    });

    it('resume clears it and asks for a reconcile, as flux resume does', async () => {
      const res = await act(orders, 'resume', target('suspended'));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ action: 'resume', handled: true });
      const stored = fake.get(
        'dev-cluster',
        'Kustomization',
        'flux-system',
        'suspended',
      )!;
      expect(stored.spec!.suspend).toBe(false);
      expect(
        stored.metadata.annotations?.['reconcile.fluxcd.io/requestedAt'],
      ).toBe(res.body.requestedAt);
    });
  });

  describe('permissions', () => {
    it.each(['reconcile', 'suspend', 'resume'])(
      '%s is refused without credentials (401), and nothing is written',
      async action => {
        const res = await act(orders, action, target('orders'), null);
        expect(res.status).toBe(401);
        expect(patches()).toHaveLength(0);
      },
    );

    it.each(['reconcile', 'suspend', 'resume'])(
      '%s is refused to a user the policy denies (403), and nothing is written',
      async action => {
        const res = await act(orders, action, target('orders'), USERS.reader);
        expect(res.status).toBe(403);
        expect(res.body.error).toMatchObject({
          name: 'NotAllowedError',
          message: `You may not ${action} Flux objects of component:default/orders`,
        });
        expect(permissionDecisions).toContainEqual({
          user: USERS.reader,
          permission: `flux.${action}`,
          resourceRef: 'component:default/orders',
        });
        expect(fake.requests).toHaveLength(0);
      },
    );

    it.each(['reconcile', 'suspend', 'resume'])(
      '%s is allowed to the owner',
      async action => {
        const res = await act(
          orders,
          action,
          target(action === 'resume' ? 'suspended' : 'orders'),
        );
        expect(res.status).toBe(200);
        expect(patches()).toHaveLength(1);
      },
    );

    it('refuses service principals: an action is always someone’s', async () => {
      const res = await request(app)
        .post(`${entityPath(orders)}/actions/reconcile`)
        .set('Authorization', mockCredentials.service.header())
        .send(target('orders'));
      expect(res.status).toBe(403);
      expect(patches()).toHaveLength(0);
    });

    it('refuses objects the entity does not claim', async () => {
      const shared = await act(orders, 'suspend', target('apps'));
      expect(shared.status).toBe(403);
      expect(shared.body.error.message).toMatch(/is shared/);
      const others = await act(orders, 'suspend', target('billing'));
      expect(others.status).toBe(404);
      expect(patches()).toHaveLength(0);
    });

    it('lets the cluster entity act on anything in its cluster, and nowhere else', async () => {
      const res = await act(devCluster, 'reconcile', target('apps'));
      expect(res.status).toBe(200);
      const elsewhere = await act(devCluster, 'reconcile', {
        ...target('apps'),
        cluster: 'prod-cluster',
      });
      expect(elsewhere.status).toBe(403);
      expect(patches()).toHaveLength(1);
    });
  });

  describe('bad input', () => {
    it.each([
      [
        'an unknown action',
        'delete',
        target('orders'),
        /Unknown action delete/,
      ],
      [
        'a kind that is not Flux',
        'reconcile',
        target('orders', 'Deployment'),
        /kind: not a Flux kind/,
      ],
      [
        'a bad name',
        'reconcile',
        target('Orders!'),
        /name: not a Kubernetes object name/,
      ],
      [
        'a missing cluster',
        'reconcile',
        { kind: 'Kustomization', namespace: 'flux-system', name: 'orders' },
        /cluster/,
      ],
      ['no body', 'reconcile', {}, /Invalid action request/],
    ])('refuses %s with 400', async (_, action, body, message) => {
      const res = await act(orders, action, body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
      expect(fake.requests).toHaveLength(0);
    });

    it('answers 404 for a cluster the Kubernetes backend does not know', async () => {
      const res = await act(orders, 'reconcile', {
        ...target('orders'),
        cluster: 'nowhere',
      });
      expect(res.status).toBe(404);
    });
  });
});
