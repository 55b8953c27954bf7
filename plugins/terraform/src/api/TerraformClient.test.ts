import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  ENTITY_REF,
  instanceDetail,
  planDocument,
  plansResponse,
} from '../__fixtures__/plans';
import { TerraformClient } from './TerraformClient';

const BASE = 'http://backstage.test/api/terraform';

describe('TerraformClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new TerraformClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage.test' }),
    fetchApi: mockApis.fetch(),
  });

  it('reads the plans of an entity from /entity/:kind/:namespace/:name/plans', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${BASE}/entity/:kind/:namespace/:name/plans`, ({ request }) => {
        seen.push(request.url);
        return HttpResponse.json(plansResponse);
      }),
    );

    await expect(client.getPlans(ENTITY_REF)).resolves.toEqual(plansResponse);
    expect(seen).toEqual([
      `${BASE}/entity/component/default/aws-landing-zone/plans`,
    ]);
  });

  it('fills in the default namespace and encodes entity names', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${BASE}/entity/*`, ({ request }) => {
        seen.push(new URL(request.url).pathname);
        return HttpResponse.json(plansResponse);
      }),
    );

    await client.getPlans('component:landing zone');
    expect(seen).toEqual([
      '/api/terraform/entity/component/default/landing%20zone/plans',
    ]);
  });

  it('reads one plan by its id, encoded as a path segment', async () => {
    // Ids are opaque: whatever characters they carry must arrive intact.
    const planId = 'eyJ0IjoiaGNwIn0/=+';
    const seen: string[] = [];
    server.use(
      http.get(
        `${BASE}/entity/component/default/aws-landing-zone/plans/:planId`,
        ({ request, params }) => {
          seen.push(new URL(request.url).pathname, params.planId as string);
          return HttpResponse.json(planDocument);
        },
      ),
    );

    await expect(client.getPlan(ENTITY_REF, planId)).resolves.toEqual(
      planDocument,
    );
    expect(seen).toEqual([
      `/api/terraform/entity/component/default/aws-landing-zone/plans/${encodeURIComponent(
        planId,
      )}`,
      planId,
    ]);
  });

  it('asks for one resource by address as a query parameter, quotes and brackets intact', async () => {
    const address = 'module.app["web"].aws_instance.this[0]';
    const seen: URL[] = [];
    server.use(
      http.get(
        `${BASE}/entity/component/default/aws-landing-zone/plans/:planId/resources`,
        ({ request }) => {
          seen.push(new URL(request.url));
          return HttpResponse.json(instanceDetail);
        },
      ),
    );

    await expect(
      client.getResource(ENTITY_REF, 'plan-1', address),
    ).resolves.toEqual(instanceDetail);
    expect(seen[0].pathname).toBe(
      '/api/terraform/entity/component/default/aws-landing-zone/plans/plan-1/resources',
    );
    expect(seen[0].searchParams.get('address')).toBe(address);
  });

  it.each([
    [401, 'AuthenticationError', 'Missing credentials'],
    [403, 'NotAllowedError', 'Permission terraform.plans.read denied'],
    [404, 'NotFoundError', 'Plan not found'],
    [400, 'InputError', 'Unsupported plan format version 2.0'],
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

      const error = await client.getPlan(ENTITY_REF, 'plan-1').catch(e => e);
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

    const error = await client.getPlans(ENTITY_REF).catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(502);
    expect(error.message).toContain('502');
  });
});
