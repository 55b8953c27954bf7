/*
 * Security sweep of the production backend (NODE_ENV=production, app-config.production.yaml,
 * PostgreSQL 15): every route without credentials → 401; a caller who may not read entities gets
 * no entity data; write actions of a user who does not own the entity → 403; no guest sign-in; and
 * no secret — planted in the environment and config, or a sensitive value of the example Terraform
 * plans — in any response or in the log.
 *
 * Users sign in through the real GitHub OAuth flow of the auth backend, against a fake GitHub
 * (`enterpriseInstanceUrl`), and the production sign-in resolver (a User entity of that name).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { Entity } from '@backstage/catalog-model';
import {
  allEntities,
  entityRefOf,
  waitForExamples,
} from '../__testUtils__/catalogFixtures';
import {
  FakeGithub,
  githubSignInAttempt,
  RawKubernetes,
  signInWithGithub,
} from '../__testUtils__/robustness/fakeServers';
import { wellFormed } from '../__testUtils__/robustness/fluxCases';
import {
  HttpCase,
  HttpOutcome,
  leakProblems,
  mapConcurrent,
  send,
} from '../__testUtils__/robustness/http';
import {
  postgresUrl,
  PRODUCTION_LOCATIONS,
  ProductionPortal,
  REPO_ROOT,
  startProductionPortal,
  tmpDir,
} from '../__testUtils__/robustness/productionPortal';
import {
  portalRoutes,
  routeRequests,
} from '../__testUtils__/robustness/queryCases';
import {
  secretsIn,
  terraformSensitiveValues,
} from '../__testUtils__/robustness/secrets';

jest.setTimeout(180_000);

const pg = postgresUrl();
const describePg = pg ? describe : describe.skip;

/** Owns the test entity (piksel-platform); not an admin. */
const OWNER = 'budi.santoso';
const OWNER_GROUP = 'group:default/piksel-platform';
/** Signed in, but in another team (piksel-datacube); not an admin. */
const OTHER = 'dewi.lestari';
const CLUSTER = 'security-cluster';

describePg('security: the production backend', () => {
  const work = tmpDir('portal-security-');
  const planted = {
    KUBERNETES_SERVICE_ACCOUNT_TOKEN: `k8s-sa-${crypto
      .randomBytes(16)
      .toString('hex')}`,
    AWS_SECRET_ACCESS_KEY: crypto.randomBytes(30).toString('base64'),
    AWS_ACCESS_KEY_ID: `AKIA${crypto
      .randomBytes(8)
      .toString('hex')
      .toUpperCase()}`,
    GITHUB_OAUTH_CLIENT_SECRET: `oauth-${crypto
      .randomBytes(12)
      .toString('hex')}`,
    RESTRICTED_TOKEN: crypto.randomBytes(24).toString('hex'),
  };
  let prod: ProductionPortal;
  let github: FakeGithub;
  let cluster: RawKubernetes;
  let owner: { token: string; ownershipEntityRefs: string[] };
  let other: { token: string; ownershipEntityRefs: string[] };
  /** Every response body of the suite, to scan for secrets at the end. */
  const bodies: Array<{ id: string; text: string }> = [];

  const call = async (c: HttpCase, token?: string): Promise<HttpOutcome> => {
    const outcome = await send(prod.portal, c, token);
    bodies.push({ id: c.id, text: outcome.text });
    return outcome;
  };
  const get = (id: string, urlPath: string, token?: string) =>
    call(
      {
        id,
        category: 'security',
        method: 'GET',
        path: urlPath,
        expect: 'not-server-error',
      },
      token,
    );
  const post = (id: string, urlPath: string, body: unknown, token?: string) =>
    call(
      {
        id,
        category: 'security',
        method: 'POST',
        path: urlPath,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        expect: 'not-server-error',
      },
      token,
    );

  beforeAll(async () => {
    fs.writeFileSync(
      path.join(work, 'fixtures.yaml'),
      JSON.stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'security-flux',
          annotations: {
            'backstage.io/kubernetes-id': 'security-flux',
            'platform-portal.io/flux-kustomizations': 'flux-system/apps',
          },
        },
        spec: { type: 'service', lifecycle: 'production', owner: OWNER_GROUP },
      }),
    );
    github = new FakeGithub();
    await github.start();
    // A cluster that only answers to the configured service account token.
    cluster = new RawKubernetes(
      [
        {
          name: CLUSTER,
          what: 'well-formed',
          responses: {
            kustomizations: {
              status: 200,
              body: JSON.stringify({
                items: [
                  wellFormed('Kustomization', 'apps', {
                    'backstage.io/kubernetes-id': 'security-flux',
                  }),
                ],
              }),
            },
          },
        },
      ],
      { token: planted.KUBERNETES_SERVICE_ACCOUNT_TOKEN },
    );
    await cluster.start();
    prod = await startProductionPortal({
      pg: pg!,
      label: 'sec',
      // A machine caller that may only create: it may not read any entity.
      externalAccess: [
        {
          type: 'static',
          options: {
            token: planted.RESTRICTED_TOKEN,
            subject: 'create-only-ci',
          },
          accessRestrictions: [
            'catalog',
            'terraform',
            'flux',
            'container-images',
            'kubernetes',
            'scaffolder',
            'search',
            'techdocs',
          ].map(plugin => ({
            plugin,
            permissionAttribute: { action: ['create'] },
          })),
        },
      ],
      overlay: {
        catalog: {
          locations: [
            ...PRODUCTION_LOCATIONS,
            { type: 'file', target: path.join(work, 'fixtures.yaml') },
          ],
        },
        auth: {
          providers: {
            github: github.providerConfig(
              'security',
              planted.GITHUB_OAUTH_CLIENT_SECRET,
            ),
          },
        },
        aws: {
          accounts: [
            {
              accountId: '104729384756',
              accessKeyId: planted.AWS_ACCESS_KEY_ID,
              secretAccessKey: planted.AWS_SECRET_ACCESS_KEY,
            },
          ],
        },
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: CLUSTER,
                  url: cluster.url(CLUSTER),
                  authProvider: 'serviceAccount',
                  serviceAccountToken: planted.KUBERNETES_SERVICE_ACCOUNT_TOKEN,
                  skipMetricsLookup: true,
                },
              ],
            },
          ],
        },
        // The example plans, with their sensitive values, through the local plan source.
        terraform: {
          local: {
            directory: path.join(REPO_ROOT, 'examples/terraform-plans'),
          },
        },
        containerImages: {
          oci: {
            registries: [{ host: 'registry.local', url: 'http://127.0.0.1:9' }],
          },
        },
        flux: { clusterTimeoutSeconds: 5, reconcileWaitSeconds: 1 },
      },
    });
    await waitForExamples(prod.portal, prod.accessToken);
    await prod.portal.eventually(
      async () =>
        (
          await prod.portal.fetch(
            '/api/catalog/entities/by-name/component/default/security-flux',
            { token: prod.accessToken },
          )
        ).ok || undefined,
      'the security fixture',
    );
    owner = await signInWithGithub(prod.portal, OWNER);
    other = await signInWithGithub(prod.portal, OTHER);
  }, 180_000);

  afterAll(async () => {
    await prod?.portal.stop();
    await github?.stop();
    await cluster?.stop();
    fs.rmSync(work, { recursive: true, force: true });
    if (prod) fs.rmSync(prod.dataDir, { recursive: true, force: true });
  });

  /** Every route of our plugins and the core ones, with realistic parameters. */
  const sweep = (): HttpCase[] => {
    const planId = Buffer.from(
      JSON.stringify([
        'local',
        'piksel-eks',
        'production/2026-11-12T08-20-00Z-main.json',
      ]),
    ).toString('base64url');
    const routes = routeRequests(
      portalRoutes({
        component: 'component:default/security-flux',
        terraformComponent: 'component:default/piksel-eks',
        planId,
        cluster: CLUSTER,
        uid: '00000000-0000-4000-8000-000000000000',
        locationId: '00000000-0000-4000-8000-000000000000',
        taskId: '00000000-0000-4000-8000-000000000000',
      }),
      'sweep',
    );
    const extra: Array<[string, string, string, unknown?]> = [
      [
        'catalog/validate-entity',
        'POST',
        '/api/catalog/validate-entity',
        { entity: {}, location: 'url:https://x' },
      ],
      [
        'scaffolder/create task',
        'POST',
        '/api/scaffolder/v2/tasks',
        { templateRef: 'template:default/node-service', values: {} },
      ],
      [
        'scaffolder/dry-run',
        'POST',
        '/api/scaffolder/v2/dry-run',
        { template: {}, values: {}, directoryContents: [] },
      ],
      [
        'scaffolder/retry',
        'POST',
        '/api/scaffolder/v2/tasks/00000000-0000-4000-8000-000000000000/retry',
        {},
      ],
      [
        'scaffolder/templating-extensions',
        'GET',
        '/api/scaffolder/v2/templating-extensions',
      ],
      [
        'techdocs/sync',
        'GET',
        '/api/techdocs/sync/default/component/security-flux',
      ],
      ['kubernetes/proxy', 'GET', '/api/kubernetes/proxy/api/v1/namespaces'],
      ['proxy', 'GET', '/api/proxy/anything'],
      ['notifications/status', 'GET', '/api/notifications/status'],
      [
        'user-settings/put',
        'POST',
        '/api/user-settings/buckets/b/keys/k',
        { value: 1 },
      ],
      ['auth/userinfo', 'GET', '/api/auth/v1/userinfo'],
    ];
    return [
      ...routes,
      ...extra.map(([name, method, p, body]) => ({
        id: `sweep/${name}`,
        category: 'sweep',
        method,
        path: p,
        headers:
          body !== undefined
            ? { 'Content-Type': 'application/json' }
            : undefined,
        body: body !== undefined ? JSON.stringify(body) : undefined,
      })),
    ];
  };

  /** Routes that are public by design, and what they answer a caller without credentials. */
  const PUBLIC: Record<string, (status: number) => boolean> = {
    // The sign-in flow itself.
    'sweep/auth/start': s => s === 400 || s === 302,
    'sweep/auth/handler': s => s < 500,
    'sweep/auth/refresh': s => s === 401 || s === 400,
    // GitHub webhooks carry a signature instead of credentials: refused without one.
    'sweep/events/github webhook': s => s === 403,
  };

  it('refuses every route without credentials, or with a bad token, with a 401', async () => {
    const forged = [
      Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString(
        'base64url',
      ),
      Buffer.from(
        JSON.stringify({
          sub: 'user:default/amelie.durand',
          ent: ['group:default/platform-admins'],
          exp: 4102444800,
        }),
      ).toString('base64url'),
      '',
    ].join('.');
    const cases = sweep();
    expect(cases.length).toBeGreaterThanOrEqual(50);
    const wrong: string[] = [];
    for (const [label, token] of [
      ['no credentials', undefined],
      ['a garbage token', 'not-a-token'],
      ['an unsigned JWT claiming an admin', forged],
    ] as const) {
      const results = await mapConcurrent(cases, 8, c =>
        call(
          { ...c, id: `${c.id} (${label})`, expect: 'not-server-error' },
          token,
        ),
      );
      for (const r of results) {
        const publicRule = PUBLIC[r.case.id.replace(/ \(.*\)$/, '')];
        const ok = publicRule ? publicRule(r.status) : r.status === 401;
        if (!ok || r.problems.length)
          wrong.push(
            `${r.case.id}: ${r.case.method} ${r.case.path} → ${
              r.status
            } ${r.problems.join('; ')} ${r.text.slice(0, 200)}`,
          );
      }
    }
    expect(wrong).toEqual([]);
  });

  /** An upgrade request to the signals websocket: its status, or 'no answer' after 4 s. */
  const signalsUpgrade = (headers: Record<string, string> = {}) =>
    new Promise<number | 'no answer'>((resolve, reject) => {
      const url = new URL(`${prod.portal.baseUrl}/api/signals`);
      const req = http.request({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        headers: {
          Connection: 'Upgrade',
          Upgrade: 'websocket',
          'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': crypto.randomBytes(16).toString('base64'),
          ...headers,
        },
      });
      req.on('response', res => resolve(res.statusCode ?? 0));
      req.on('upgrade', (res, socket) => {
        socket.destroy();
        resolve(res.statusCode ?? 101);
      });
      req.on('error', reject);
      req.setTimeout(4000, () => {
        req.destroy();
        resolve('no answer');
      });
      req.end();
    });

  it('refuses the signals websocket to a bad token with a 401', async () => {
    // The signals router subscribes to upgrades on the first websocket request it sees, which it
    // leaves unanswered (upstream): prime it first.
    await signalsUpgrade({ 'Sec-WebSocket-Protocol': 'not-a-token' });
    expect(
      await signalsUpgrade({ 'Sec-WebSocket-Protocol': 'not-a-token' }),
    ).toBe(401);
  });

  // @backstage/plugin-signals-backend: an upgrade without a token is accepted as an anonymous
  // connection (it then receives broadcast signals); only a bad token is refused. See the report.
  it.failing(
    'known defect (upstream signals): the websocket accepts a connection without credentials',
    async () => {
      await signalsUpgrade();
      expect(await signalsUpgrade()).toBe(401);
    },
  );

  it('offers no guest sign-in', async () => {
    for (const [method, p] of [
      ['POST', '/api/auth/guest/refresh'],
      ['GET', '/api/auth/guest/start?env=production'],
      ['GET', '/api/auth/guest/refresh'],
    ]) {
      const r = await call({
        id: `guest ${method} ${p}`,
        category: 'security',
        method,
        path: p,
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
        expect: 'client-error',
      });
      expect(`${p} → ${r.status}`).toBe(`${p} → 404`);
    }
  });

  it('signs in only GitHub users that exist in the catalog', async () => {
    const refused = await githubSignInAttempt(
      prod.portal,
      'mallory-not-in-the-catalog',
    );
    bodies.push({ id: 'refused sign-in', text: refused.page });
    expect(refused.refreshCookie).toBe(false);
    expect(decodeURIComponent(refused.page)).toContain(
      'unable to resolve user identity',
    );
    expect(owner.ownershipEntityRefs).toContain(OWNER_GROUP);
    expect(other.ownershipEntityRefs).not.toContain(OWNER_GROUP);
    for (const who of [owner, other]) {
      expect(who.ownershipEntityRefs).not.toContain(
        'group:default/platform-admins',
      );
    }
  });

  it('gives a caller who may not read entities no entity data', async () => {
    /*
     * PlatformPortalPolicy lets every signed-in user read every entity (docs/permissions.md), so
     * in the production config no *user* is denied a read. The callers that are denied reads are
     * machine callers whose static token is restricted (backend.auth.externalAccess
     * accessRestrictions) — here to `create` actions: the catalog must filter every entity out,
     * and our plugins, which read the entity with the caller's credentials, must find none.
     */
    const token = planted.RESTRICTED_TOKEN;
    const entities = await get(
      'restricted/entities',
      '/api/catalog/entities/by-query?limit=50',
      token,
    );
    expect(entities.status).toBe(200);
    expect(entities.json.items).toEqual([]);
    expect(entities.json.totalItems).toBe(0);
    const list = await get(
      'restricted/entities legacy',
      '/api/catalog/entities',
      token,
    );
    expect(list.json).toEqual([]);
    const byRefs = await post(
      'restricted/by-refs',
      '/api/catalog/entities/by-refs',
      {
        entityRefs: [
          'component:default/security-flux',
          'component:default/piksel-eks',
        ],
      },
      token,
    );
    expect(byRefs.json.items).toEqual([null, null]);
    const facets = await get(
      'restricted/facets',
      '/api/catalog/entity-facets?facet=kind',
      token,
    );
    expect(facets.json.facets.kind).toEqual([]);
    const noData: Array<[string, string]> = [
      [
        'catalog by name',
        '/api/catalog/entities/by-name/component/default/security-flux',
      ],
      [
        'catalog ancestry',
        '/api/catalog/entities/by-name/component/default/security-flux/ancestry',
      ],
      [
        'terraform plans',
        '/api/terraform/entity/component/default/piksel-eks/plans',
      ],
      [
        'flux objects',
        '/api/flux/entity/component/default/security-flux/objects',
      ],
      [
        'flux deployments',
        '/api/flux/entity/component/default/security-flux/deployments',
      ],
      ['flux cluster', `/api/flux/entity/resource/default/${CLUSTER}/cluster`],
      [
        'container images',
        '/api/container-images/entity/component/default/security-flux/images',
      ],
      [
        'techdocs metadata',
        '/api/techdocs/metadata/entity/default/component/security-flux',
      ],
      ['kubernetes clusters', '/api/kubernetes/clusters'],
    ];
    const wrong: string[] = [];
    for (const [what, p] of noData) {
      const r = await get(`restricted/${what}`, p, token);
      // Not found (the entity does not exist for this caller) or forbidden, never the data.
      if (![403, 404].includes(r.status) || r.problems.length)
        wrong.push(`${what}: ${r.status} ${r.text.slice(0, 300)}`);
      if (
        /security-flux"|piksel-eks"/.test(r.text) &&
        !/"message"/.test(r.text)
      )
        wrong.push(`${what}: entity data in ${r.text.slice(0, 300)}`);
    }
    expect(wrong).toEqual([]);
  });

  // @backstage/plugin-search-backend: a restricted token's on-behalf-of call to the collators'
  // permission checks fails ("Access to target plugin 'search' is restricted and cannot be
  // delegated") and the router turns it into a 500. No data leaks, but it should be a 403.
  it.failing(
    'known defect (upstream search): a token restricted to create actions gets a 500 from search, not a 403',
    async () => {
      const search = await get(
        'restricted/search',
        '/api/search/query?term=piksel',
        planted.RESTRICTED_TOKEN,
      );
      expect(search.text).not.toMatch(/piksel-eks|security-flux/);
      expect([200, 403]).toContain(search.status);
    },
  );

  it('refuses write actions of a user who does not own the entity with a 403, and allows the owner', async () => {
    const entity = (await prod.portal.fetchJson(
      '/api/catalog/entities/by-name/component/default/security-flux',
      { token: prod.accessToken },
    )) as Entity;
    const action = (a: string, token: string) =>
      post(
        `flux ${a}`,
        `/api/flux/entity/component/default/security-flux/actions/${a}`,
        {
          cluster: CLUSTER,
          kind: 'Kustomization',
          namespace: 'flux-system',
          name: 'apps',
        },
        token,
      );
    const refresh = (token: string) =>
      post(
        'catalog refresh',
        '/api/catalog/refresh',
        { entityRef: 'component:default/security-flux' },
        token,
      );
    const unregister = (token: string) =>
      call(
        {
          id: 'catalog delete',
          category: 'security',
          method: 'DELETE',
          path: `/api/catalog/entities/by-uid/${entity.metadata.uid}`,
          expect: 'client-error',
        },
        token,
      );

    const refusals: Array<[string, HttpOutcome]> = [
      ['flux reconcile', await action('reconcile', other.token)],
      ['flux suspend', await action('suspend', other.token)],
      ['flux resume', await action('resume', other.token)],
      ['catalog refresh', await refresh(other.token)],
      ['catalog delete', await unregister(other.token)],
      [
        'kubernetes proxy',
        await call(
          {
            id: 'kubernetes proxy',
            category: 'security',
            method: 'GET',
            path: '/api/kubernetes/proxy/api/v1/namespaces',
            headers: { 'Backstage-Kubernetes-Cluster': CLUSTER },
            expect: 'client-error',
          },
          other.token,
        ),
      ],
      [
        'catalog location delete',
        await call(
          {
            id: 'location delete',
            category: 'security',
            method: 'DELETE',
            path: '/api/catalog/locations/00000000-0000-4000-8000-000000000000',
            expect: 'client-error',
          },
          other.token,
        ),
      ],
    ];

    // A template run started by the owner: only the owner may cancel it.
    const created = await post(
      'scaffolder task',
      '/api/scaffolder/v2/tasks',
      {
        templateRef: 'template:default/node-service',
        values: {
          name: 'security-owner-task',
          description: 'A run started by its owner',
          owner: OWNER_GROUP,
          awsAccountId: '123456789012',
          awsRegion: 'eu-central-1',
        },
      },
      owner.token,
    );
    expect(created.status).toBe(201);
    const taskId = created.json.id;
    refusals.push([
      'scaffolder cancel',
      await post(
        'scaffolder cancel (other)',
        `/api/scaffolder/v2/tasks/${taskId}/cancel`,
        {},
        other.token,
      ),
    ]);

    expect(
      refusals.map(
        ([what, r]) =>
          `${what}: ${r.status}${
            r.problems.length ? ` ${r.problems.join('; ')} ${r.text}` : ''
          }`,
      ),
    ).toEqual(refusals.map(([what]) => `${what}: 403`));
    // The refusals say why.
    for (const [, r] of refusals)
      expect(r.json?.error?.name).toBe('NotAllowedError');

    // The same actions by the owner get past the permission check.
    expect((await action('reconcile', owner.token)).status).not.toBe(403);
    expect((await refresh(owner.token)).status).toBe(200);
    expect(
      (
        await post(
          'scaffolder cancel (owner)',
          `/api/scaffolder/v2/tasks/${taskId}/cancel`,
          {},
          owner.token,
        )
      ).status,
    ).toBe(200);
    // Nothing was deleted.
    expect(
      (
        await prod.portal.fetch(
          `/api/catalog/entities/by-uid/${entity.metadata.uid}`,
          { token: prod.accessToken },
        )
      ).status,
    ).toBe(200);
  });

  it('serves the example plans with every sensitive value masked', async () => {
    const { values } = terraformSensitiveValues();
    expect(values.length).toBeGreaterThanOrEqual(10);
    const entities = (await allEntities(prod.portal, owner.token)).filter(
      e => e.metadata.annotations?.['platform-portal.io/terraform-plans-local'],
    );
    expect(entities.length).toBeGreaterThanOrEqual(3);
    const token = owner.token;
    let plans = 0;
    let details = 0;
    let masked = 0;
    for (const e of entities) {
      const base = `/api/terraform/entity/${e.kind.toLocaleLowerCase(
        'en-US',
      )}/${e.metadata.namespace ?? 'default'}/${e.metadata.name}`;
      const list = await get(
        `terraform list ${entityRefOf(e)}`,
        `${base}/plans`,
        token,
      );
      expect(list.status).toBe(200);
      for (const p of list.json.plans) {
        const doc = await get(
          `terraform plan ${p.id}`,
          `${base}/plans/${p.id}`,
          token,
        );
        expect(doc.status).toBe(200);
        plans++;
        const addresses = [
          ...doc.json.resources,
          ...(doc.json.drift ?? []),
        ].map((r: any) => r.address);
        const results = await mapConcurrent(addresses, 8, a =>
          get(
            `terraform resource ${a}`,
            `${base}/plans/${p.id}/resources?address=${encodeURIComponent(a)}`,
            token,
          ),
        );
        for (const r of results) {
          expect(r.status).toBe(200);
          details++;
          if (r.text.includes('"sensitive":true')) masked++;
        }
      }
    }
    expect(plans).toBeGreaterThanOrEqual(9);
    expect(details).toBeGreaterThan(50);
    expect(masked).toBeGreaterThan(0);
    const leaked = values.filter(v => bodies.some(b => b.text.includes(v)));
    expect(
      leaked.map(v => `${v.slice(0, 3)}… (${v.length} characters)`),
    ).toEqual([]);
  });

  it('reads everything else a user can see without showing a secret', async () => {
    const entities = await allEntities(prod.portal, owner.token);
    bodies.push({ id: 'all entities', text: JSON.stringify(entities) });
    const withImages = entities.filter(e =>
      Object.keys(e.metadata.annotations ?? {}).some(k =>
        /oci-repositories|ecr-repositories/.test(k),
      ),
    );
    const withFlux = entities.filter(e =>
      Object.keys(e.metadata.annotations ?? {}).some(k =>
        /kubernetes-id|flux-kustomizations/.test(k),
      ),
    );
    const ref = (e: Entity) =>
      `${e.kind.toLocaleLowerCase('en-US')}/${
        e.metadata.namespace ?? 'default'
      }/${e.metadata.name}`;
    const reads: Array<[string, string]> = [
      ...withImages
        .slice(0, 6)
        .map(
          e =>
            [
              `images ${ref(e)}`,
              `/api/container-images/entity/${ref(e)}/images?refresh=true`,
            ] as [string, string],
        ),
      ...withFlux.slice(0, 6).flatMap(
        e =>
          [
            [
              `flux objects ${ref(e)}`,
              `/api/flux/entity/${ref(e)}/objects?refresh=true`,
            ],
            [
              `flux deployments ${ref(e)}`,
              `/api/flux/entity/${ref(e)}/deployments?refresh=true`,
            ],
          ] as Array<[string, string]>,
      ),
      [
        'flux cluster',
        `/api/flux/entity/resource/default/${CLUSTER}/cluster?refresh=true`,
      ],
      ['kubernetes clusters', '/api/kubernetes/clusters'],
      ['catalog locations', '/api/catalog/locations'],
      [
        'catalog facets',
        '/api/catalog/entity-facets?facet=kind&facet=spec.type',
      ],
      ['search', '/api/search/query?term=password'],
      ['search secret', '/api/search/query?term=secret'],
      ['scaffolder tasks', '/api/scaffolder/v2/tasks'],
      ['scaffolder actions', '/api/scaffolder/v2/actions'],
      ['app', '/api/app/'],
      ['app index', '/api/app/index.html'],
      ['auth jwks', '/api/auth/.well-known/jwks.json'],
      ['auth openid', '/api/auth/.well-known/openid-configuration'],
      ['auth userinfo', '/api/auth/v1/userinfo'],
      ['notifications', '/api/notifications/'],
    ];
    const results = await mapConcurrent(reads, 4, ([id, p]) =>
      get(id, p, owner.token),
    );
    expect(
      results
        .filter(r => r.status >= 500 || r.problems.length)
        .map(r => `${r.case.id}: ${r.status} ${r.problems.join('; ')}`),
    ).toEqual([]);
    const kubernetesServices = await post(
      'kubernetes services',
      '/api/kubernetes/services/security-flux',
      { entity: entities.find(e => e.metadata.name === 'security-flux') },
      owner.token,
    );
    expect(kubernetesServices.status).toBeLessThan(500);
    // The cluster got the configured token from the backend, so the token went where it belongs.
    expect(
      cluster.authorizations.has(
        `Bearer ${planted.KUBERNETES_SERVICE_ACCOUNT_TOKEN}`,
      ),
    ).toBe(true);
    expect(withImages.length).toBeGreaterThan(0);
  });

  it('shows no secret in any response or in the log', () => {
    const secrets: Record<string, string> = {
      ...prod.envSecrets,
      STATIC_ACCESS_TOKEN: prod.accessToken,
      // The users' Backstage tokens, and the GitHub access tokens the backend got for them
      // (returned to their own browser at sign-in by design, never to anyone else or the log).
      OWNER_BACKSTAGE_TOKEN: owner.token,
      OTHER_BACKSTAGE_TOKEN: other.token,
      OWNER_GITHUB_ACCESS_TOKEN: `gho_fake_${OWNER}`,
      OTHER_GITHUB_ACCESS_TOKEN: `gho_fake_${OTHER}`,
      ...planted,
      ...Object.fromEntries(
        terraformSensitiveValues().values.map((v, i) => [
          `terraform sensitive value #${i}`,
          v,
        ]),
      ),
    };
    // Encoded forms too: in a URL, in base64.
    for (const [name, value] of Object.entries({ ...secrets })) {
      secrets[`${name} (URL-encoded)`] = encodeURIComponent(value);
      secrets[`${name} (base64)`] = Buffer.from(value).toString('base64');
    }
    for (const [name, value] of Object.entries(secrets)) {
      // An encoding that changes nothing is already covered; very short values are not secrets.
      if (
        value.length < 8 ||
        (name.includes('(') &&
          Object.values(secrets).filter(v => v === value).length > 1)
      )
        delete secrets[name];
    }
    expect(bodies.length).toBeGreaterThan(300);
    const inBodies = bodies.flatMap(b =>
      secretsIn(b.text, secrets).map(s => `${s} in ${b.id}`),
    );
    expect(inBodies).toEqual([]);
    expect(secretsIn(prod.portal.logs(), secrets)).toEqual([]);
    // Nor a stack trace or a source path in an error.
    const traces = bodies.flatMap(b =>
      leakProblems(b.text)
        .filter(p => !p.startsWith('server path'))
        .map(p => `${b.id}: ${p}`),
    );
    expect(traces).toEqual([]);
  });
});
