import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, PortalProcess, REPO_ROOT } from '../PortalProcess';

/** The PostgreSQL the production config needs, from the test environment. */
export function postgresUrl(): URL | undefined {
  const raw = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (!raw && process.env.CI) {
    throw new Error(
      'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is not set: run the tests with ./portal test, which starts PostgreSQL',
    );
  }
  return raw ? new URL(raw) : undefined;
}

/** The catalog locations of app-config.production.yaml (an overlay replaces the whole list). */
export const PRODUCTION_LOCATIONS = [
  { type: 'file', target: './catalog-info.yaml' },
  { type: 'file', target: './examples/catalog/**/*.yaml' },
  {
    type: 'file',
    target: './templates/**/template.yaml',
    rules: [{ allow: ['Template'] }],
  },
];

export interface ProductionPortal {
  portal: PortalProcess;
  /** A `backend.auth.externalAccess` static token (a service principal, as CI tools use). */
  accessToken: string;
  /** Secrets passed through the environment, to look for in logs and responses. */
  envSecrets: Record<string, string>;
  dataDir: string;
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * The real backend with app-config.yaml + app-config.production.yaml, NODE_ENV=production, on
 * PostgreSQL (its own database prefix), run from the repository root as in the container, plus
 * `overlay`. `accessToken` is a static external-access token; more entries of
 * `backend.auth.externalAccess` can be passed in `externalAccess`.
 */
export async function startProductionPortal(options: {
  pg: URL;
  overlay?: Record<string, any>;
  env?: Record<string, string>;
  externalAccess?: unknown[];
  label: string;
}): Promise<ProductionPortal> {
  const port = await freePort();
  const accessToken = crypto.randomBytes(24).toString('hex');
  const dataDir = tmpDir(`portal-${options.label}-`);
  const envSecrets = {
    GITHUB_TOKEN: `ghp_${options.label}_${crypto
      .randomBytes(12)
      .toString('hex')}`,
    GITHUB_WEBHOOK_SECRET: crypto.randomBytes(16).toString('hex'),
    AUTH_GITHUB_CLIENT_SECRET: `ghcs_${crypto.randomBytes(12).toString('hex')}`,
  };
  const { backend: backendOverlay, ...restOverlay } = options.overlay ?? {};
  const portal = new PortalProcess({
    configs: ['app-config.yaml', 'app-config.production.yaml'],
    cwd: 'root',
    port,
    env: {
      NODE_ENV: 'production',
      POSTGRES_HOST: options.pg.hostname,
      POSTGRES_PORT: options.pg.port,
      POSTGRES_USER: decodeURIComponent(options.pg.username),
      POSTGRES_PASSWORD: decodeURIComponent(options.pg.password),
      GITHUB_ORG: 'orbital-data',
      AUTH_GITHUB_CLIENT_ID: `portal-${options.label}`,
      PORTAL_BASE_URL: `http://127.0.0.1:${port}`,
      PORTAL_DATA_DIR: dataDir,
      ...envSecrets,
      ...options.env,
    },
    overlay: {
      ...restOverlay,
      backend: {
        ...backendOverlay,
        database: {
          prefix: `portal_${options.label}_${crypto
            .randomBytes(3)
            .toString('hex')}_`,
        },
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: accessToken, subject: `${options.label}-ci` },
            },
            ...(options.externalAccess ?? []),
          ],
        },
      },
    },
  });
  await portal.start();
  return { portal, accessToken, envSecrets, dataDir };
}

/** Every entity of a kind, through the paginated query API. */
export async function entitiesOfKind(
  portal: PortalProcess,
  token: string,
  kind: string,
  fields?: string[],
): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | undefined;
  do {
    const query = cursor
      ? `cursor=${encodeURIComponent(cursor)}`
      : `filter=${encodeURIComponent(`kind=${kind}`)}${
          fields ? `&fields=${encodeURIComponent(fields.join(','))}` : ''
        }`;
    const page = await portal.fetchJson(
      `/api/catalog/entities/by-query?limit=500&${query}`,
      { token },
    );
    items.push(...page.items);
    cursor = page.pageInfo.nextCursor;
  } while (cursor);
  return items;
}

export { REPO_ROOT };
