import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  freePort,
  PortalProcess,
  REPO_ROOT,
} from '../__testUtils__/PortalProcess';

jest.setTimeout(240_000);

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|[+-]Inf|NaN)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The samples of a Prometheus text exposition; throws on a line that is not one. */
function parsePrometheus(text: string): Sample[] {
  return text
    .split('\n')
    .filter(line => line && !line.startsWith('#'))
    .map(line => {
      const m = SAMPLE.exec(line);
      if (!m) throw new Error(`not a Prometheus sample: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, k, v] of (m[2] ?? '').matchAll(LABEL)) labels[k] = v;
      return { name: m[1], labels, value: Number(m[3]) };
    });
}

function select(
  samples: Sample[],
  name: string,
  match: Record<string, string> = {},
) {
  return samples.filter(
    s =>
      s.name === name &&
      Object.entries(match).every(([k, v]) => s.labels[k] === v),
  );
}

const total = (
  samples: Sample[],
  name: string,
  match: Record<string, string> = {},
) => select(samples, name, match).reduce((sum, s) => sum + s.value, 0);

/**
 * Two Kubernetes API servers behind one port: `ok-cluster` serves no Flux APIs and no
 * workloads (an empty, healthy cluster), `locked-cluster` answers 403 to everything, as RBAC
 * does to a service account without rights.
 */
async function startFakeClusters(): Promise<{
  url: string;
  close: () => Promise<void>;
}> {
  const server = http.createServer((req, res) => {
    const [, , cluster, ...rest] = (req.url ?? '/').split('?')[0].split('/');
    const apiPath = `/${rest.join('/')}`;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (cluster === 'locked-cluster') {
      send(403, {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: 'Forbidden',
        message: `forbidden: cannot get path ${apiPath}`,
        code: 403,
      });
    } else if (apiPath === '/apis') {
      send(200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [] });
    } else {
      send(200, { kind: 'List', apiVersion: 'v1', items: [] });
    }
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/clusters`,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('metrics: the real backend’s Prometheus endpoint', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-metrics-'));
  let portal: PortalProcess;
  let clusters: Awaited<ReturnType<typeof startFakeClusters>>;
  let samples: Sample[];
  let text: string;
  const statuses: string[] = [];

  beforeAll(async () => {
    execFileSync(process.execPath, [
      path.join(REPO_ROOT, 'scripts/seed-repos.mjs'),
      path.join(dataDir, 'repos'),
    ]);
    clusters = await startFakeClusters();
    // Nothing listens there: every read of registry.local fails the same way, whether or not
    // ./portal start's registry runs on this machine.
    const closedPort = await freePort();
    const cluster = (name: string) => ({
      name,
      url: `${clusters.url}/${name}`,
      authProvider: 'serviceAccount',
      serviceAccountToken: 'test',
      skipMetricsLookup: true,
    });
    portal = new PortalProcess({
      configs: ['app-config.yaml'],
      env: { NODE_ENV: 'development', PORTAL_DATA_DIR: dataDir },
      port: await freePort(),
      overlay: {
        containerImages: {
          oci: {
            registries: [
              { host: 'registry.local', url: `http://127.0.0.1:${closedPort}` },
            ],
          },
        },
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [cluster('ok-cluster'), cluster('locked-cluster')],
            },
          ],
        },
        flux: { clusterTimeoutSeconds: 5 },
      },
    });
    await portal.start();

    const token = await portal.guestToken();
    await portal.eventually(async () => {
      const res = await portal.fetch(
        '/api/catalog/entities/by-name/component/default/argocd',
        { token },
      );
      return res.ok ? true : undefined;
    }, 'the example component argocd');

    // Each twice: the second read shows the caches at work.
    for (let i = 0; i < 2; i++) {
      for (const p of [
        '/api/container-images/entity/component/default/argocd/images',
        '/api/terraform/entity/component/default/piksel-infra-shared-resources/plans',
        '/api/flux/entity/component/default/argocd/objects',
      ]) {
        statuses.push(`${p} ${(await portal.fetch(p, { token })).status}`);
      }
    }
    // A bad parameter, and a path no route of the plugin matches.
    for (const p of [
      '/api/container-images/entity/component/default/argocd/images?limit=-1',
      '/api/terraform/no/such/route',
    ]) {
      statuses.push(`${p} ${(await portal.fetch(p, { token })).status}`);
    }

    text = await portal.scrapeMetrics();
    samples = parsePrometheus(text);
  });

  afterAll(async () => {
    await portal?.stop();
    await clusters?.close();
  });

  it('answered the requests the metrics below count', () => {
    expect(statuses).toEqual([
      '/api/container-images/entity/component/default/argocd/images 200',
      '/api/terraform/entity/component/default/piksel-infra-shared-resources/plans 200',
      '/api/flux/entity/component/default/argocd/objects 200',
      '/api/container-images/entity/component/default/argocd/images 200',
      '/api/terraform/entity/component/default/piksel-infra-shared-resources/plans 200',
      '/api/flux/entity/component/default/argocd/objects 200',
      '/api/container-images/entity/component/default/argocd/images?limit=-1 400',
      '/api/terraform/no/such/route 404',
    ]);
  });

  it('serves valid Prometheus text with the backend’s resource', () => {
    expect(samples.length).toBeGreaterThan(100);
    const [target] = select(samples, 'target_info');
    expect(target.labels).toMatchObject({
      service_name: 'platform-portal-backend',
      service_namespace: 'platform-portal',
      service_instance_id: expect.any(String),
    });
    expect(total(samples, 'process_resident_memory_bytes')).toBeGreaterThan(
      10_000_000,
    );
    expect(total(samples, 'process_cpu_seconds_total')).toBeGreaterThan(0);
  });

  it('counts our plugins’ requests by route template and status class', () => {
    const images = '/entity/:kind/:namespace/:name/images';
    expect(
      total(samples, 'portal_http_requests_total', {
        plugin: 'container-images',
        route: images,
        method: 'GET',
        status_class: '2xx',
      }),
    ).toBe(2);
    expect(
      total(samples, 'portal_http_requests_total', {
        plugin: 'container-images',
        route: images,
        status_class: '4xx',
      }),
    ).toBe(1);
    expect(
      total(samples, 'portal_http_requests_total', {
        plugin: 'terraform',
        route: '/entity/:kind/:namespace/:name/plans',
        status_class: '2xx',
      }),
    ).toBe(2);
    expect(
      total(samples, 'portal_http_requests_total', {
        plugin: 'terraform',
        route: 'unmatched',
        status_class: '4xx',
      }),
    ).toBe(1);
    expect(
      total(samples, 'portal_http_requests_total', {
        plugin: 'flux',
        route: '/entity/:kind/:namespace/:name/objects',
        status_class: '2xx',
      }),
    ).toBe(2);
    // A latency histogram with buckets per route.
    const buckets = select(
      samples,
      'portal_http_request_duration_seconds_bucket',
      { plugin: 'flux', route: '/entity/:kind/:namespace/:name/objects' },
    );
    expect(buckets.map(b => b.labels.le)).toContain('+Inf');
    expect(buckets.find(b => b.labels.le === '+Inf')!.value).toBe(2);
  });

  it('never puts an entity name or a raw path in a label', () => {
    const ours = samples.filter(
      s => s.name.startsWith('portal_') || s.name.startsWith('http_server_'),
    );
    expect(ours.length).toBeGreaterThan(0);
    const values = ours.flatMap(s => Object.values(s.labels));
    expect(values.filter(v => /argocd|piksel|by-name/.test(v))).toEqual([]);
  });

  it('counts upstream calls and errors by provider and error name', () => {
    expect(
      total(samples, 'portal_upstream_errors_total', {
        plugin: 'container-images',
        provider: 'oci',
        operation: 'listImages',
        error: 'UNREACHABLE',
      }),
    ).toBe(2);
    expect(
      total(samples, 'portal_upstream_requests_total', {
        plugin: 'terraform',
        provider: 'local',
        operation: 'listPlans',
        outcome: 'success',
      }),
    ).toBe(1);
    expect(
      total(samples, 'portal_upstream_requests_total', {
        plugin: 'flux',
        provider: 'kubernetes',
        cluster: 'ok-cluster',
        outcome: 'success',
      }),
    ).toBeGreaterThan(0);
    expect(
      total(samples, 'portal_upstream_errors_total', {
        plugin: 'flux',
        provider: 'kubernetes',
        cluster: 'locked-cluster',
        error: 'FORBIDDEN',
        status: '403',
      }),
    ).toBeGreaterThan(0);
    expect(
      total(samples, 'portal_flux_cluster_errors_total', {
        cluster: 'locked-cluster',
        error: 'FORBIDDEN',
      }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      total(samples, 'portal_flux_cluster_reads_total', {
        cluster: 'ok-cluster',
        outcome: 'success',
      }),
    ).toBe(1);
    expect(
      select(samples, 'portal_upstream_request_duration_seconds_count', {
        plugin: 'terraform',
        provider: 'local',
      }).length,
    ).toBeGreaterThan(0);
  });

  it('counts cache hits and misses', () => {
    expect(
      total(samples, 'portal_cache_lookups_total', {
        plugin: 'terraform',
        cache: 'plan-lists',
        result: 'hit',
      }),
      // The second request reuses the local source's list, and failing sources' errors (kept for
      // terraform.listFailureCacheSeconds).
    ).toBeGreaterThanOrEqual(1);
    expect(
      total(samples, 'portal_cache_lookups_total', {
        plugin: 'flux',
        cache: 'snapshots',
        result: 'hit',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      total(samples, 'portal_cache_lookups_total', {
        plugin: 'container-images',
        cache: 'access',
        result: 'hit',
      }),
    ).toBeGreaterThanOrEqual(1);
    // The failed registry reads are not kept: each was a miss.
    expect(
      total(samples, 'portal_cache_lookups_total', {
        plugin: 'container-images',
        cache: 'repositories',
        result: 'miss',
      }),
    ).toBe(2);
  });

  it('has the HTTP server’s request durations by route, and Backstage’s own metrics', () => {
    const routes = new Set(
      select(samples, 'http_server_request_duration_count').map(
        s => s.labels.http_route,
      ),
    );
    expect([...routes]).toEqual(
      expect.arrayContaining([
        '/api/container-images/entity/:kind/:namespace/:name/images',
        '/api/flux/entity/:kind/:namespace/:name/objects',
        '/api/catalog',
        '/api/auth',
      ]),
    );
    expect(
      total(samples, 'catalog_entities_count', { kind: 'component' }),
    ).toBeGreaterThan(10);
    expect(text).toMatch(/^catalog_processed_entities_count_total\{/m);
    expect(text).toMatch(/^backend_tasks_task_runs_count_total\{/m);
  });
});
