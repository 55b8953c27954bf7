import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ECR_REF, findingsOf141, okResponse } from '../__fixtures__/images';
import { ContainerImagesClient } from './ContainerImagesClient';

const BASE = 'http://backstage.test/api/container-images';

describe('ContainerImagesClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new ContainerImagesClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage.test' }),
    fetchApi: mockApis.fetch(),
  });

  it('reads the images of an entity from /entity/:kind/:namespace/:name/images', async () => {
    const seen: string[] = [];
    server.use(
      http.get(
        `${BASE}/entity/:kind/:namespace/:name/images`,
        ({ request }) => {
          seen.push(request.url);
          return HttpResponse.json(okResponse);
        },
      ),
    );

    await expect(
      client.getEntityImages('component:default/orders-service'),
    ).resolves.toEqual(okResponse);
    expect(seen).toEqual([
      `${BASE}/entity/component/default/orders-service/images`,
    ]);
  });

  it('asks the backend to bypass its cache on refresh', async () => {
    const seen: URL[] = [];
    server.use(
      http.get(
        `${BASE}/entity/:kind/:namespace/:name/images`,
        ({ request }) => {
          seen.push(new URL(request.url));
          return HttpResponse.json(okResponse);
        },
      ),
    );

    await client.getEntityImages('component:default/orders-service', {
      refresh: true,
    });
    expect(seen[0].searchParams.get('refresh')).toBe('true');
  });

  it('asks for a summary with limit=0', async () => {
    const seen: URL[] = [];
    server.use(
      http.get(
        `${BASE}/entity/:kind/:namespace/:name/images`,
        ({ request }) => {
          seen.push(new URL(request.url));
          return HttpResponse.json(okResponse);
        },
      ),
    );

    await client.getEntityImages('component:default/orders-service', {
      limit: 0,
    });
    expect(seen[0].searchParams.get('limit')).toBe('0');
    expect(seen[0].searchParams.has('refresh')).toBe(false);
  });

  it('fills in the default namespace and encodes entity names', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${BASE}/entity/*`, ({ request }) => {
        seen.push(new URL(request.url).pathname);
        return HttpResponse.json(okResponse);
      }),
    );

    await client.getEntityImages('component:orders service');
    expect(seen).toEqual([
      '/api/container-images/entity/component/default/orders%20service/images',
    ]);
  });

  it('sends the declared repository and the digest as query parameters for findings', async () => {
    const seen: URL[] = [];
    server.use(
      http.get(
        `${BASE}/entity/component/default/orders-service/findings`,
        ({ request }) => {
          seen.push(new URL(request.url));
          return HttpResponse.json(findingsOf141);
        },
      ),
    );

    await expect(
      client.getFindings(
        'component:default/orders-service',
        ECR_REF,
        findingsOf141.digest,
      ),
    ).resolves.toEqual(findingsOf141);
    expect(seen[0].searchParams.get('repository')).toBe(ECR_REF);
    expect(seen[0].searchParams.get('digest')).toBe(findingsOf141.digest);
  });

  it.each([
    [401, 'AuthenticationError', 'Missing credentials'],
    [403, 'NotAllowedError', 'Permission container-images.read denied'],
    [404, 'NotFoundError', 'No entity component:default/orders-service'],
    [400, 'InputError', 'Repository is not declared by the entity'],
  ])(
    'turns a %s into a ResponseError carrying the backend error (%s)',
    async (status, name, message) => {
      server.use(
        http.get(`${BASE}/entity/*`, () =>
          HttpResponse.json(
            {
              error: { name, message },
              request: {},
              response: { statusCode: status },
            },
            { status },
          ),
        ),
      );

      const error = await client
        .getFindings('component:default/orders-service', ECR_REF, 'sha256:x')
        .catch(e => e);
      expect(ResponseError.is(error)).toBe(true);
      expect(error.statusCode).toBe(status);
      expect(error.cause.name).toBe(name);
      expect(error.cause.message).toBe(message);
    },
  );

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

    const error = await client
      .getEntityImages('component:default/orders-service')
      .catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(502);
    expect(error.message).toContain('502');
  });
});
