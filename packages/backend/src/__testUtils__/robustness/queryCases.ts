import { HttpCase } from './http';
import { NASTY_STRINGS, Rng } from './random';

/*
 * Query strings, path parameters and small bodies that no client should send, for every route of
 * our plugins and the main core ones. The rule for all of them: under 500, and a 4xx names the
 * problem; a route may ignore what it does not read (a 2xx is fine) unless the case says
 * otherwise (`mustRefuse`).
 */

type ParamKind =
  | 'int'
  | 'bool'
  | 'string'
  | 'filter'
  | 'cursor'
  | 'ref'
  | 'list'
  | 'uuid'
  | 'date';

export interface RouteSpec {
  /** Stable name for case ids. */
  name: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** Path with `:params`, after /api. */
  path: string;
  /** Realistic values of the path params (the rest of the case mutates one of them). */
  params?: Record<string, string>;
  query?: Record<string, ParamKind>;
  /** Bodies to send (POST); each case picks one and may break it. */
  bodies?: unknown[];
  /** Needs a signed-in user (the route refuses services). */
  user?: boolean;
  /** Inputs that must be refused with a 4xx, whatever else the case does. */
  mustRefuse?: Array<{
    query?: Record<string, string>;
    /** Put in the path as they are (already encoded, or deliberately not). */
    params?: Record<string, string>;
    body?: unknown;
    /** A body sent as it is (not JSON, say). */
    rawBody?: string;
  }>;
}

const TEN_KB = 'q'.repeat(10 * 1024);

const BY_KIND: Record<ParamKind, string[]> = {
  int: [
    '-1',
    '0',
    '1.5',
    '1e309',
    'NaN',
    'Infinity',
    '9999999999999999999999',
    '0x10',
    ' 1',
    'abc',
    '-0',
    '2147483648',
  ],
  bool: ['maybe', 'TRUE', '1', 'yes', '', 'null', 'true '],
  string: ['', ' ', 'a'],
  filter: [
    'kind',
    'kind=',
    '=x',
    'kind=component,',
    ',,,',
    'metadata.name=a=b',
    'spec.type=%',
    'kind=a,kind=b',
    'relations.ownedBy=group:default/x',
    'a.b.c.d.e.f.g=1',
    '__proto__.x=1',
  ],
  cursor: [
    'garbage',
    'eyJ9',
    'e30',
    'eyJhIjoxfQ',
    'W10',
    'bnVsbA',
    '%%%',
    'a'.repeat(5000),
  ],
  ref: [
    'component:default/x',
    'component:',
    ':',
    'x:y:z',
    'component:default/',
    'a/b/c',
  ],
  list: ['a,b', ',', 'a,,b', 'metadata.name,,'],
  uuid: [
    'not-a-uuid',
    '00000000-0000-0000-0000-000000000000',
    '1',
    "'; SELECT 1; --",
    'a'.repeat(200),
  ],
  date: ['yesterday', '2026-13-45', '-1', '0', '1e20'],
};

/** Percent-encodes any string; a lone surrogate (not encodable) goes as U+FFFD. */
const encode = (s: string) =>
  encodeURIComponent(
    s.replace(
      /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      '\ufffd',
    ),
  );

/** Ways to put a value in a query string, not all of them well-formed. */
function queryPart(rng: Rng, key: string, value: string): string {
  switch (rng.int(0, 9)) {
    case 0:
      return `${encode(key)}=${encode(value)}&${encode(key)}=${encode(value)}x`; // repeated
    case 1:
      return `${encode(key)}[]=${encode(value)}`; // array syntax
    case 2:
      return `${encode(key)}[a][b]=${encode(value)}`; // object syntax
    case 3:
      return `${encode(key)}=${value.replace(/%/g, '%ZZ')}%`; // malformed percent-encoding
    case 4:
      return encode(key); // no value
    case 5:
      return `${encode(key)}=${encode(TEN_KB)}`;
    default:
      return `${encode(key)}=${encode(value)}`;
  }
}

/** A hostile replacement for a path parameter, as it goes on the wire. */
function pathValue(rng: Rng): string {
  const raw = rng.pick([
    '%ZZ',
    '%',
    '%E0%A4%A',
    '%252F..%252F',
    '..%2F..%2F..%2Fetc%2Fpasswd',
    '%00',
    encode('a'.repeat(2000)),
    encode(rng.pick(NASTY_STRINGS)),
    encode(rng.pick(NASTY_STRINGS)),
    encode('😀'),
    '%2e%2e',
    'x%20y',
    'UPPER',
  ]);
  return raw;
}

function nastyFor(rng: Rng, kind: ParamKind): string {
  return rng.chance(0.6) ? rng.pick(BY_KIND[kind]) : rng.pick(NASTY_STRINGS);
}

/** Breaks a JSON body in one of several ways. */
function breakBody(rng: Rng, body: unknown): string {
  switch (rng.int(0, 7)) {
    case 0:
      return JSON.stringify(body).slice(0, -1); // truncated
    case 1:
      return '[]';
    case 2:
      return 'null';
    case 3:
      return JSON.stringify(rng.pick(NASTY_STRINGS));
    case 4: {
      if (!body || typeof body !== 'object') return '{}';
      const copy: any = structuredClone(body);
      const keys = Object.keys(copy);
      if (keys.length)
        copy[rng.pick(keys)] = rng.pick([
          42,
          null,
          [],
          {},
          rng.pick(NASTY_STRINGS),
          TEN_KB,
        ]);
      return JSON.stringify(copy);
    }
    case 5:
      return JSON.stringify({
        ...(body as object),
        __proto__: { polluted: true },
        constructor: { prototype: { polluted: true } },
      });
    case 6:
      return `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    default:
      return JSON.stringify(body);
  }
}

export function routeCases(
  rng: Rng,
  routes: RouteSpec[],
  perRoute: number,
): HttpCase[] {
  const cases: HttpCase[] = [];
  for (const route of routes) {
    const paramNames = [...route.path.matchAll(/:(\w+)/g)].map(m => m[1]);
    const build = (
      params: Record<string, string>,
      queryParts: string[],
      body: string | undefined,
    ) => {
      let p = route.path;
      for (const name of paramNames) {
        p = p.replace(`:${name}`, params[name] ?? route.params?.[name] ?? 'x');
      }
      const query = queryParts.length ? `?${queryParts.join('&')}` : '';
      return { path: `/api${p}${query}`, body };
    };
    for (let i = 0; i < perRoute; i++) {
      const params: Record<string, string> = {};
      // Half of the cases break a path parameter, the rest keep realistic ones.
      if (paramNames.length && rng.chance(0.5)) {
        params[rng.pick(paramNames)] = pathValue(rng);
      }
      const queryParts: string[] = [];
      const known = Object.entries(route.query ?? {});
      for (const [key, kind] of rng.sample(
        known,
        rng.int(known.length ? 1 : 0, Math.min(3, known.length)),
      )) {
        queryParts.push(queryPart(rng, key, nastyFor(rng, kind)));
      }
      if (rng.chance(0.2))
        queryParts.push(
          queryPart(
            rng,
            rng.pick(['__proto__', 'constructor', 'unknown', 'x'.repeat(300)]),
            'x',
          ),
        );
      let body: string | undefined;
      if (route.method === 'POST') {
        body = breakBody(
          rng,
          route.bodies?.length ? rng.pick(route.bodies) : {},
        );
      }
      const built = build(params, queryParts, body);
      cases.push({
        id: `query/${route.name}/${i}`,
        category: 'query',
        method: route.method,
        path: built.path,
        headers:
          body !== undefined
            ? { 'Content-Type': 'application/json' }
            : undefined,
        body: built.body,
        expect: 'not-server-error',
      });
    }
    for (const [j, refuse] of (route.mustRefuse ?? []).entries()) {
      const built = build(
        refuse.params ?? {},
        Object.entries(refuse.query ?? {}).map(
          ([k, v]) => `${encode(k)}=${encode(v)}`,
        ),
        route.method === 'POST'
          ? refuse.rawBody ?? JSON.stringify(refuse.body ?? {})
          : undefined,
      );
      cases.push({
        id: `query/${route.name}/must-refuse-${j}`,
        category: 'query',
        method: route.method,
        path: built.path,
        headers:
          built.body !== undefined
            ? { 'Content-Type': 'application/json' }
            : undefined,
        body: built.body,
        expect: 'client-error',
      });
    }
  }
  return cases;
}

/** The routes, with realistic values for their path params. */
export function portalRoutes(refs: {
  component: string;
  terraformComponent: string;
  planId: string;
  cluster: string;
  uid: string;
  locationId: string;
  taskId: string;
}): RouteSpec[] {
  const [cKind, cRest] = refs.component.split(':');
  const [cNs, cName] = cRest.split('/');
  const [tKind, tRest] = refs.terraformComponent.split(':');
  const [tNs, tName] = tRest.split('/');
  const entity = { kind: cKind, namespace: cNs, name: cName };
  const tfEntity = { kind: tKind, namespace: tNs, name: tName };
  const clusterEntity = {
    kind: 'resource',
    namespace: 'default',
    name: refs.cluster,
  };
  const actionBody = {
    cluster: refs.cluster,
    kind: 'Kustomization',
    namespace: 'flux-system',
    name: 'apps',
  };
  return [
    // --- our plugins ---
    {
      name: 'container-images/images',
      method: 'GET',
      path: '/container-images/entity/:kind/:namespace/:name/images',
      params: entity,
      query: { refresh: 'bool', limit: 'int' },
      mustRefuse: [
        { query: { limit: '-1' } },
        { query: { limit: '1.5' } },
        { query: { limit: 'abc' } },
      ],
    },
    {
      name: 'container-images/findings',
      method: 'GET',
      path: '/container-images/entity/:kind/:namespace/:name/findings',
      params: entity,
      query: { repository: 'string', digest: 'string' },
      mustRefuse: [
        { query: {} },
        { query: { repository: 'x' } },
        { query: { digest: 'sha256:00' } },
      ],
    },
    {
      name: 'terraform/plans',
      method: 'GET',
      path: '/terraform/entity/:kind/:namespace/:name/plans',
      params: tfEntity,
      query: {},
    },
    {
      name: 'terraform/plan',
      method: 'GET',
      path: '/terraform/entity/:kind/:namespace/:name/plans/:planId',
      params: { ...tfEntity, planId: refs.planId },
      mustRefuse: [
        { params: { planId: 'garbage' } },
        {
          params: {
            planId: Buffer.from('["local","../..","x"]').toString('base64url'),
          },
        },
        {
          params: {
            planId: Buffer.from('["nope","a","b"]').toString('base64url'),
          },
        },
      ],
    },
    {
      name: 'terraform/resources',
      method: 'GET',
      path: '/terraform/entity/:kind/:namespace/:name/plans/:planId/resources',
      params: { ...tfEntity, planId: refs.planId },
      query: { address: 'string' },
      mustRefuse: [{ query: {} }, { query: { address: '' } }],
    },
    {
      name: 'flux/objects',
      method: 'GET',
      path: '/flux/entity/:kind/:namespace/:name/objects',
      params: entity,
      query: { refresh: 'bool' },
    },
    {
      name: 'flux/deployments',
      method: 'GET',
      path: '/flux/entity/:kind/:namespace/:name/deployments',
      params: entity,
      query: { refresh: 'bool' },
    },
    {
      name: 'flux/cluster',
      method: 'GET',
      path: '/flux/entity/:kind/:namespace/:name/cluster',
      params: clusterEntity,
      query: { refresh: 'bool' },
      mustRefuse: [
        { params: { kind: 'component', namespace: cNs, name: cName } },
      ],
    },
    {
      name: 'flux/action',
      method: 'POST',
      path: '/flux/entity/:kind/:namespace/:name/actions/:action',
      params: { ...entity, action: 'reconcile' },
      bodies: [actionBody],
      user: true,
      mustRefuse: [
        { params: { action: 'explode' }, body: actionBody },
        { body: { ...actionBody, kind: 'Deployment' } },
        { body: { ...actionBody, namespace: '../kube-system' } },
        { body: { ...actionBody, name: 'x'.repeat(300) } },
        { body: { ...actionBody, cluster: '' } },
        { body: {} },
      ],
    },
    // --- catalog ---
    {
      name: 'catalog/entities',
      method: 'GET',
      path: '/catalog/entities',
      query: {
        filter: 'filter',
        fields: 'list',
        limit: 'int',
        offset: 'int',
        after: 'cursor',
        order: 'string',
      },
      mustRefuse: [{ query: { limit: '-1' } }, { query: { offset: '-1' } }],
    },
    {
      name: 'catalog/by-query',
      method: 'GET',
      path: '/catalog/entities/by-query',
      query: {
        filter: 'filter',
        fields: 'list',
        limit: 'int',
        offset: 'int',
        orderField: 'list',
        cursor: 'cursor',
        fullTextFilterTerm: 'string',
        fullTextFilterFields: 'list',
      },
      mustRefuse: [
        { query: { limit: '-1' } },
        { query: { cursor: 'garbage' } },
        { query: { orderField: 'metadata.name,sideways' } },
      ],
    },
    {
      name: 'catalog/by-query POST',
      method: 'POST',
      path: '/catalog/entities/by-query',
      bodies: [
        { filter: { kind: 'component' }, limit: 5 },
        { cursor: 'x' },
        { orderFields: [{ field: 'metadata.name', order: 'asc' }] },
      ],
    },
    {
      name: 'catalog/facets',
      method: 'GET',
      path: '/catalog/entity-facets',
      query: { facet: 'string', filter: 'filter' },
      mustRefuse: [
        { query: { facet: 'kind', filter: 'kind=a\u0000b' } },
        { query: {} },
      ],
    },
    {
      name: 'catalog/facets POST',
      method: 'POST',
      path: '/catalog/entity-facets',
      bodies: [{ facets: ['kind'] }],
    },
    {
      name: 'catalog/by-name',
      method: 'GET',
      path: '/catalog/entities/by-name/:kind/:namespace/:name',
      params: entity,
      mustRefuse: [{ params: { name: '%00' } }],
    },
    {
      name: 'catalog/ancestry',
      method: 'GET',
      path: '/catalog/entities/by-name/:kind/:namespace/:name/ancestry',
      params: entity,
    },
    {
      name: 'catalog/by-uid',
      method: 'GET',
      path: '/catalog/entities/by-uid/:uid',
      params: { uid: refs.uid },
    },
    {
      name: 'catalog/by-refs',
      method: 'POST',
      path: '/catalog/entities/by-refs',
      query: { fields: 'list' },
      bodies: [
        { entityRefs: [refs.component] },
        { entityRefs: [], fields: ['kind'] },
      ],
    },
    {
      name: 'catalog/delete by-uid (unknown uids)',
      method: 'DELETE',
      path: '/catalog/entities/by-uid/:uid',
      params: { uid: '00000000-0000-4000-8000-000000000000' },
    },
    {
      name: 'catalog/refresh',
      method: 'POST',
      path: '/catalog/refresh',
      bodies: [{ entityRef: 'component:default/does-not-exist' }],
      mustRefuse: [{ body: {} }, { body: { entityRef: 42 } }],
    },
    { name: 'catalog/locations', method: 'GET', path: '/catalog/locations' },
    {
      name: 'catalog/location',
      method: 'GET',
      path: '/catalog/locations/:id',
      params: { id: refs.locationId },
      mustRefuse: [{ params: { id: 'not-a-uuid' } }],
    },
    {
      name: 'catalog/location by-entity',
      method: 'GET',
      path: '/catalog/locations/by-entity/:kind/:namespace/:name',
      params: entity,
    },
    // Only bodies that cannot register anything: types the catalog does not accept.
    {
      name: 'catalog/create location (refused types)',
      method: 'POST',
      path: '/catalog/locations',
      query: { dryRun: 'bool' },
      bodies: [
        { type: 'file', target: '/etc/passwd' },
        { type: 'nope', target: 'x' },
        { type: 42 },
      ],
      mustRefuse: [
        { body: { type: 'file', target: '/etc/passwd' } },
        { body: {} },
        { body: { type: 'url' } },
      ],
    },
    {
      name: 'catalog/delete location (unknown ids)',
      method: 'DELETE',
      path: '/catalog/locations/:id',
      params: { id: '00000000-0000-4000-8000-000000000000' },
      mustRefuse: [{ params: { id: 'not-a-uuid' } }],
    },
    {
      name: 'catalog/analyze-location',
      method: 'POST',
      path: '/catalog/analyze-location',
      bodies: [
        { location: { type: 'url', target: 'not a url' } },
        { location: { type: 'file', target: '/etc' } },
      ],
      mustRefuse: [{ body: {} }],
    },
    // --- scaffolder ---
    {
      name: 'scaffolder/tasks',
      method: 'GET',
      path: '/scaffolder/v2/tasks',
      query: {
        limit: 'int',
        offset: 'int',
        order: 'string',
        status: 'string',
        createdBy: 'ref',
      },
      mustRefuse: [
        { query: { limit: '-1' } },
        { query: { order: 'sideways:id' } },
      ],
    },
    {
      name: 'scaffolder/task',
      method: 'GET',
      path: '/scaffolder/v2/tasks/:taskId',
      params: { taskId: refs.taskId },
      mustRefuse: [{ params: { taskId: 'not-a-uuid' } }],
    },
    {
      name: 'scaffolder/task events',
      method: 'GET',
      path: '/scaffolder/v2/tasks/:taskId/events',
      params: { taskId: refs.taskId },
      query: { after: 'int' },
      mustRefuse: [{ params: { taskId: 'not-a-uuid' } }],
    },
    {
      name: 'scaffolder/cancel',
      method: 'POST',
      path: '/scaffolder/v2/tasks/:taskId/cancel',
      params: { taskId: refs.taskId },
      mustRefuse: [{ params: { taskId: 'not-a-uuid' } }],
    },
    {
      name: 'scaffolder/parameter-schema',
      method: 'GET',
      path: '/scaffolder/v2/templates/:namespace/:kind/:name/parameter-schema',
      params: { namespace: 'default', kind: 'template', name: 'node-service' },
    },
    {
      name: 'scaffolder/actions',
      method: 'GET',
      path: '/scaffolder/v2/actions',
    },
    {
      name: 'scaffolder/autocomplete',
      method: 'POST',
      path: '/scaffolder/v2/autocomplete/:provider/:resource',
      params: { provider: 'github', resource: 'repositories' },
      bodies: [{ token: 'x', context: {} }],
    },
    // --- techdocs ---
    {
      name: 'techdocs/metadata',
      method: 'GET',
      path: '/techdocs/metadata/techdocs/:namespace/:kind/:name',
      params: entity,
    },
    {
      name: 'techdocs/entity metadata',
      method: 'GET',
      path: '/techdocs/metadata/entity/:namespace/:kind/:name',
      params: entity,
    },
    {
      name: 'techdocs/static',
      method: 'GET',
      path: '/techdocs/static/docs/:namespace/:kind/:name/:file',
      params: { ...entity, file: 'index.html' },
      mustRefuse: [{ params: { file: '%' } }],
    },
    // --- search ---
    {
      name: 'search/query',
      method: 'GET',
      path: '/search/query',
      query: {
        term: 'string',
        types: 'list',
        filters: 'filter',
        pageCursor: 'cursor',
        pageLimit: 'int',
      },
      mustRefuse: [
        { query: { pageLimit: '-5' } },
        { query: { pageLimit: 'abc' } },
      ],
    },
    // --- kubernetes ---
    {
      name: 'kubernetes/clusters',
      method: 'GET',
      path: '/kubernetes/clusters',
    },
    {
      name: 'kubernetes/services',
      method: 'POST',
      path: '/kubernetes/services/:serviceId',
      params: { serviceId: cName },
      bodies: [{ entity: { metadata: { name: cName } } }],
      mustRefuse: [{ body: {} }],
    },
    {
      name: 'kubernetes/workloads',
      method: 'POST',
      path: '/kubernetes/resources/workloads/query',
      bodies: [{ entityRef: refs.component, auth: {} }],
    },
    {
      name: 'kubernetes/custom',
      method: 'POST',
      path: '/kubernetes/resources/custom/query',
      bodies: [
        {
          entityRef: refs.component,
          auth: {},
          customResources: [{ group: 'a', apiVersion: 'v1', plural: 'x' }],
        },
      ],
    },
    // --- permission ---
    {
      name: 'permission/authorize',
      method: 'POST',
      path: '/permission/authorize',
      bodies: [
        {
          items: [
            {
              id: '1',
              permission: {
                type: 'basic',
                name: 'kubernetes.proxy',
                attributes: {},
              },
            },
          ],
        },
      ],
      mustRefuse: [{ body: { items: 'x' } }, { body: {} }],
    },
    // --- user-only routes ---
    {
      name: 'notifications/list',
      method: 'GET',
      path: '/notifications/',
      query: {
        limit: 'int',
        offset: 'int',
        search: 'string',
        read: 'bool',
        saved: 'bool',
        createdAfter: 'date',
        sort: 'string',
        sortOrder: 'string',
        topic: 'string',
        minimumSeverity: 'string',
      },
      user: true,
    },
    {
      name: 'notifications/one',
      method: 'GET',
      path: '/notifications/:id',
      params: { id: '00000000-0000-4000-8000-000000000000' },
      user: true,
      mustRefuse: [{ params: { id: 'not-a-uuid' } }],
    },
    {
      name: 'notifications/update',
      method: 'POST',
      path: '/notifications/update',
      bodies: [{ ids: ['x'], read: true }],
      user: true,
      mustRefuse: [{ body: { ids: ['not-a-uuid'], read: true } }],
    },
    {
      name: 'user-settings',
      method: 'GET',
      path: '/user-settings/buckets/:bucket/keys/:key',
      params: { bucket: 'b', key: 'k' },
      user: true,
      mustRefuse: [{ params: { key: '%00' } }],
    },
    // --- auth, public by design (the sign-in flow) ---
    {
      name: 'auth/start',
      method: 'GET',
      path: '/auth/github/start',
      query: {
        env: 'string',
        scope: 'string',
        origin: 'string',
        redirectUrl: 'string',
        flow: 'string',
      },
    },
    {
      name: 'auth/handler',
      method: 'GET',
      path: '/auth/github/handler/frame',
      query: { state: 'cursor', code: 'string', error: 'string' },
    },
    {
      name: 'auth/refresh',
      method: 'POST',
      path: '/auth/github/refresh',
      query: { env: 'string', scope: 'string' },
      bodies: [{}],
    },
    // --- events: webhooks, signed instead of authenticated ---
    {
      name: 'events/github webhook',
      method: 'POST',
      path: '/events/http/github',
      bodies: [{ ref: 'refs/heads/main' }],
      mustRefuse: [
        { rawBody: '{"ref": ' },
        { body: { ref: 'refs/heads/main' } },
      ],
    },
    // --- MCP ---
    {
      name: 'mcp',
      method: 'POST',
      path: '/mcp-actions/v1',
      bodies: [
        { jsonrpc: '2.0', id: 1, method: 'tools/list' },
        {
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'x', arguments: {} },
        },
      ],
    },
  ];
}

/** One well-formed request per route (realistic params, the first body), for the security sweep. */
export function routeRequests(
  routes: RouteSpec[],
  category: string,
): HttpCase[] {
  return routes.map(route => {
    let p = route.path;
    for (const [name, value] of Object.entries(route.params ?? {})) {
      p = p.replace(`:${name}`, encode(value));
    }
    const body =
      route.method === 'POST'
        ? JSON.stringify(route.bodies?.[0] ?? {})
        : undefined;
    return {
      id: `${category}/${route.name}`,
      category,
      method: route.method,
      path: `/api${p}`,
      headers:
        body !== undefined ? { 'Content-Type': 'application/json' } : undefined,
      body,
    };
  });
}
