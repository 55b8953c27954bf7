import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  clusterViewResponse,
  deploymentsResponse,
  ENTITY_REF,
  ksAppsDev,
  objectsResponse,
} from '../__fixtures__/flux';
import { FluxClient } from './FluxClient';

const BASE = 'http://backstage.test/api/flux';

describe('FluxClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new FluxClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage.test' }),
    fetchApi: mockApis.fetch(),
  });

  it('reads the objects, deployments and cluster view of an entity', async () => {
    const seen: string[] = [];
    server.use(
      http.get(
        `${BASE}/entity/:kind/:namespace/:name/objects`,
        ({ request }) => {
          seen.push(new URL(request.url).pathname);
          return HttpResponse.json(objectsResponse);
        },
      ),
      http.get(
        `${BASE}/entity/:kind/:namespace/:name/deployments`,
        ({ request }) => {
          seen.push(new URL(request.url).pathname);
          return HttpResponse.json(deploymentsResponse);
        },
      ),
      http.get(
        `${BASE}/entity/:kind/:namespace/:name/cluster`,
        ({ request }) => {
          seen.push(new URL(request.url).pathname);
          return HttpResponse.json(clusterViewResponse);
        },
      ),
    );

    await expect(client.getEntityObjects(ENTITY_REF)).resolves.toEqual(
      objectsResponse,
    );
    await expect(client.getDeployments(ENTITY_REF)).resolves.toEqual(
      deploymentsResponse,
    );
    await expect(
      client.getClusterView('resource:default/dev-cluster'),
    ).resolves.toEqual(clusterViewResponse);
    expect(seen).toEqual([
      '/api/flux/entity/component/default/orders-service/objects',
      '/api/flux/entity/component/default/orders-service/deployments',
      '/api/flux/entity/resource/default/dev-cluster/cluster',
    ]);
  });

  it('sends the entity as it spells itself, encoded, and asks past the cache on refresh', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${BASE}/entity/*`, ({ request }) => {
        const url = new URL(request.url);
        seen.push(url.pathname + url.search);
        return HttpResponse.json(objectsResponse);
      }),
    );

    await client.getEntityObjects(
      { kind: 'Component', namespace: 'Team A', name: 'Orders/Service' },
      { refresh: true },
    );
    await client.getDeployments('component:orders service');
    expect(seen).toEqual([
      '/api/flux/entity/Component/Team%20A/Orders%2FService/objects?refresh=true',
      '/api/flux/entity/component/default/orders%20service/deployments',
    ]);
  });

  it('posts an action with the object as JSON and returns what the backend did', async () => {
    const requests: Array<{
      path: string;
      body: unknown;
      type: string | null;
    }> = [];
    server.use(
      http.post(
        `${BASE}/entity/:kind/:namespace/:name/actions/:action`,
        async ({ request }) => {
          requests.push({
            path: new URL(request.url).pathname,
            body: await request.json(),
            type: request.headers.get('content-type'),
          });
          return HttpResponse.json({
            action: 'reconcile',
            requestedAt: '2026-11-24T10:00:00Z',
            handled: true,
            object: ksAppsDev,
          });
        },
      ),
    );

    const response = await client.runAction(ENTITY_REF, 'reconcile', {
      cluster: 'dev-cluster',
      kind: 'Kustomization',
      namespace: 'flux-system',
      name: 'apps',
      // Anything else the caller passes stays out of the request.
      extra: 'ignored',
    } as any);

    expect(response.handled).toBe(true);
    expect(response.object).toEqual(ksAppsDev);
    expect(requests).toEqual([
      {
        path: '/api/flux/entity/component/default/orders-service/actions/reconcile',
        body: {
          cluster: 'dev-cluster',
          kind: 'Kustomization',
          namespace: 'flux-system',
          name: 'apps',
        },
        type: 'application/json',
      },
    ]);
  });

  it('turns a 403 on an action into a ResponseError carrying the backend error', async () => {
    server.use(
      http.post(`${BASE}/entity/*`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'Permission flux.suspend denied',
            },
            request: {},
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );

    const error = await client
      .runAction(ENTITY_REF, 'suspend', {
        cluster: 'prod-cluster',
        kind: 'Kustomization',
        namespace: 'flux-system',
        name: 'apps',
      })
      .catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(403);
    expect(error.cause.name).toBe('NotAllowedError');
    expect(error.cause.message).toBe('Permission flux.suspend denied');
  });

  it('reports a non-JSON failure (a proxy error page) with its status', async () => {
    server.use(
      http.get(
        `${BASE}/entity/*`,
        () =>
          new HttpResponse('<html>Bad Gateway</html>', {
            status: 502,
            statusText: 'Bad Gateway',
            headers: { 'content-type': 'text/html' },
          }),
      ),
    );

    const error = await client.getDeployments(ENTITY_REF).catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(502);
    expect(error.message).toContain('502');
  });
});
