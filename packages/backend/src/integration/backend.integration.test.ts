import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  freePort,
  PortalProcess,
  REPO_ROOT,
} from '../__testUtils__/PortalProcess';
import {
  allEntities,
  entityRefOf,
  exampleEntityRefs,
  waitForExamples,
} from '../__testUtils__/catalogFixtures';

jest.setTimeout(240_000);

const expectedRefs = exampleEntityRefs();

function ownerRefOf(entity: Entity): string {
  const ref = parseEntityRef(String(entity.spec?.owner), {
    defaultKind: 'group',
    defaultNamespace: 'default',
  });
  return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
}

function tmpDir(prefix: string) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Registers a repository's catalog file the way catalog-import does. The location row is written at
 * once (GitHub is out of reach here, so its entities never arrive): it outlives a restart only if
 * the database does, unlike the example entities, which config would re-create.
 */
async function registerLocation(portal: PortalProcess, token: string) {
  const target = `https://github.com/orbital-data/registered-${crypto
    .randomBytes(4)
    .toString('hex')}/blob/main/catalog-info.yaml`;
  const res = await portal.fetch('/api/catalog/locations', {
    method: 'POST',
    token,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'url', target }),
  });
  expect(res.status).toBe(201);
  return target;
}

async function locationTargets(
  portal: PortalProcess,
  token: string,
): Promise<string[]> {
  const rows: Array<{ data: { target: string } }> = await portal.fetchJson(
    '/api/catalog/locations',
    { token },
  );
  return rows.map(r => r.data.target);
}

/** After a restart, before any processing could re-create them, the catalog still serves the examples. */
async function expectSurvivesRestart(
  portal: PortalProcess,
  token: () => Promise<string>,
) {
  const before = await token();
  const target = await registerLocation(portal, before);
  const countBefore = (await allEntities(portal, before)).length;

  await portal.stop();
  await portal.start();

  const after = await token();
  const countAfter = (await allEntities(portal, after)).length;
  expect(countAfter).toBeGreaterThanOrEqual(expectedRefs.length);
  expect(countAfter).toBe(countBefore);
  expect(await locationTargets(portal, after)).toContain(target);
}

function processingErrors(entities: Entity[]) {
  return entities.flatMap(e =>
    ((e as any).status?.items ?? [])
      .filter((i: any) => i.level === 'error')
      .map((i: any) => `${entityRefOf(e)}: ${i.error?.message ?? i.message}`),
  );
}

describe('embedded default: SQLite, guest sign-in', () => {
  const dataDir = tmpDir('portal-data-');
  let portal: PortalProcess;

  beforeAll(async () => {
    // What ./portal start does: seed the data directory with examples/repos as bare git repos.
    execFileSync(process.execPath, [
      path.join(REPO_ROOT, 'scripts/seed-repos.mjs'),
      path.join(dataDir, 'repos'),
    ]);
    portal = new PortalProcess({
      configs: ['app-config.yaml'],
      env: { NODE_ENV: 'development', PORTAL_DATA_DIR: dataDir },
      port: await freePort(),
    });
    await portal.start();
  });
  afterAll(() => portal?.stop());

  it('reports ready and keeps its SQLite files in the data directory', async () => {
    const res = await portal.fetch('/.backstage/health/v1/readiness');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(fs.readdirSync(path.join(dataDir, 'sqlite'))).toEqual(
      expect.arrayContaining(['catalog.sqlite', 'auth.sqlite']),
    );
  });

  it('refuses catalog requests without credentials', async () => {
    expect((await portal.fetch('/api/catalog/entities')).status).toBe(401);
    expect(
      (await portal.fetch('/api/catalog/entities', { token: 'not-a-token' }))
        .status,
    ).toBe(401);
  });

  it('serves every example entity, with no processing errors, to a signed-in guest', async () => {
    const { token, userEntityRef } = await portal.guestSignIn();
    expect(userEntityRef).toBe('user:default/guest');
    const entities = await waitForExamples(portal, token);
    expect(processingErrors(entities)).toEqual([]);
    expect(
      entities.filter(
        e => e.kind === 'Resource' && e.spec?.type === 'kubernetes-cluster',
      ).length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('catalogs the git repositories in its data directory, with or without a catalog file', async () => {
    const token = await portal.guestToken();
    const byName = async (kind: string, name: string) => {
      const res = await portal.fetch(
        `/api/catalog/entities/by-name/${kind}/default/${name}`,
        {
          token,
        },
      );
      return res.ok ? ((await res.json()) as Entity) : undefined;
    };
    const service = await portal.eventually(
      () => byName('component', 'geo-tiles-service'),
      'the inferred geo-tiles-service',
    );
    expect(service.spec).toEqual(
      expect.objectContaining({
        type: 'service',
        owner: 'group:default/piksel-web',
      }),
    );
    expect(service.metadata.annotations).toEqual(
      expect.objectContaining({
        'platform-portal.io/inferred': 'true',
        'backstage.io/kubernetes-id': 'geo-tiles-service',
      }),
    );
    // Described by its own catalog-info.yaml, not inferred, and only once.
    const described = await portal.eventually(
      () => byName('component', 'checkout-service'),
      'checkout-service from its catalog file',
    );
    expect(
      described.metadata.annotations?.['platform-portal.io/inferred'],
    ).toBeUndefined();
    expect(described.spec?.system).toBe('shop');
    const archived = await portal.eventually(
      () => byName('component', 'legacy-ftp-gateway'),
      'the archived repository',
    );
    expect(archived.spec?.lifecycle).toBe('deprecated');
    // The GitOps repository's clusters/<name>/ directories become clusters that run the service.
    const cluster = await portal.eventually(async () => {
      const e = await byName('resource', 'edge-prod');
      return e?.relations?.some(
        r => r.targetRef === 'component:default/geo-tiles-service',
      )
        ? e
        : undefined;
    }, 'the edge-prod cluster from edge-fleet-gitops');
    expect(cluster.spec?.type).toBe('kubernetes-cluster');
    expect(cluster.relations?.map(r => `${r.type} ${r.targetRef}`)).toEqual(
      expect.arrayContaining([
        'dependencyOf component:default/edge-fleet-gitops',
        'dependencyOf component:default/geo-tiles-service',
      ]),
    );
  });

  it('lets the guest refresh what their team owns and nothing else', async () => {
    const { token, ownershipEntityRefs } = await portal.guestSignIn();
    const claims = new Set(
      ownershipEntityRefs.map(r => r.toLocaleLowerCase('en-US')),
    );
    const components = (await allEntities(portal, token)).filter(
      e => e.kind === 'Component',
    );
    const owned = components.find(e => claims.has(ownerRefOf(e)));
    const foreign = components.find(e => !claims.has(ownerRefOf(e)));
    expect(owned).toBeDefined();
    expect(foreign).toBeDefined();
    const refresh = (entity: Entity) =>
      portal.fetch('/api/catalog/refresh', {
        method: 'POST',
        token,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ entityRef: entityRefOf(entity) }),
      });
    expect((await refresh(owned!)).status).toBe(200);
    expect((await refresh(foreign!)).status).toBe(403);
    const del = await portal.fetch(
      `/api/catalog/entities/by-uid/${foreign!.metadata.uid}`,
      {
        method: 'DELETE',
        token,
      },
    );
    expect(del.status).toBe(403);
  });

  it('keeps its catalog and registered locations across a restart', async () => {
    expect.hasAssertions();
    await expectSurvivesRestart(portal, () => portal.guestToken());
  });
});

const pgUrl = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
if (!pgUrl && process.env.CI) {
  throw new Error(
    'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is not set: run the tests with ./portal test, which starts PostgreSQL',
  );
}
const describePg = pgUrl ? describe : describe.skip;

describePg('production config: PostgreSQL 15, no guest', () => {
  const accessToken = crypto.randomBytes(24).toString('hex');
  const webhookSecret = crypto.randomBytes(16).toString('hex');
  const dataDir = tmpDir('portal-prod-');
  let portal: PortalProcess;

  beforeAll(async () => {
    const url = new URL(pgUrl!);
    const port = await freePort();
    portal = new PortalProcess({
      configs: ['app-config.yaml', 'app-config.production.yaml'],
      cwd: 'root',
      port,
      env: {
        NODE_ENV: 'production',
        POSTGRES_HOST: url.hostname,
        POSTGRES_PORT: url.port,
        POSTGRES_USER: decodeURIComponent(url.username),
        POSTGRES_PASSWORD: decodeURIComponent(url.password),
        GITHUB_TOKEN: 'ghp_integration_test_token_not_real',
        GITHUB_ORG: 'orbital-data',
        GITHUB_WEBHOOK_SECRET: webhookSecret,
        AUTH_GITHUB_CLIENT_ID: 'integration-test',
        AUTH_GITHUB_CLIENT_SECRET: 'integration-test',
        PORTAL_BASE_URL: `http://127.0.0.1:${port}`,
        PORTAL_DATA_DIR: dataDir,
      },
      overlay: {
        backend: {
          // Each run gets its own databases in the shared throw-away cluster.
          database: {
            prefix: `portal_it_${crypto.randomBytes(3).toString('hex')}_`,
          },
          // A machine caller, as CI tools use in production.
          auth: {
            externalAccess: [
              {
                type: 'static',
                options: { token: accessToken, subject: 'integration-test' },
              },
            ],
          },
        },
      },
    });
    await portal.start();
  });
  afterAll(() => portal?.stop());

  it('reports ready and refuses unauthenticated catalog requests', async () => {
    expect((await portal.fetch('/.backstage/health/v1/readiness')).status).toBe(
      200,
    );
    expect((await portal.fetch('/api/catalog/entities')).status).toBe(401);
  });

  it('offers no guest sign-in', async () => {
    const res = await portal.fetch('/api/auth/guest/refresh', {
      method: 'POST',
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    expect(res.status).toBe(404);
  });

  it('serves every example entity, with no processing errors, to an authenticated caller', async () => {
    const entities = await waitForExamples(portal, accessToken);
    expect(processingErrors(entities)).toEqual([]);
  });

  it('keeps its catalog and registered locations across a restart', async () => {
    expect.hasAssertions();
    await expectSurvivesRestart(portal, async () => accessToken);
  });

  it('takes GitHub webhooks only when signed with the webhook secret', async () => {
    const body = JSON.stringify({
      ref: 'refs/heads/main',
      repository: { name: 'orders', owner: { login: 'orbital-data' } },
    });
    const post = (signature?: string) =>
      portal.fetch('/api/events/http/github', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-GitHub-Event': 'push',
          ...(signature ? { 'X-Hub-Signature-256': signature } : {}),
        },
        body,
      });
    const valid = `sha256=${crypto
      .createHmac('sha256', webhookSecret)
      .update(body)
      .digest('hex')}`;
    expect((await post()).status).toBe(403);
    expect((await post('sha256=0000')).status).toBe(403);
    expect((await post(valid)).status).toBe(202);
  });

  it('never writes its secrets to the log', () => {
    expect(portal.logs()).not.toContain(accessToken);
    expect(portal.logs()).not.toContain('ghp_integration_test_token_not_real');
    expect(portal.logs()).not.toContain(webhookSecret);
  });
});
