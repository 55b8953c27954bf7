/*
 * Reliability harness: the production configuration at two replicas over one real PostgreSQL,
 * under load and faults. Run through bench/reliability.sh (full: 50 users for 60 s) or, as the
 * quick subset in the test command, by packages/backend/src/integration/reliability.integration.test.ts
 * (`--quick`: 20 users for 10 s). Prints a JSON report; the goals are checked by the caller.
 *
 * 1. Two replicas: both serve; the catalog is identical through either; a scheduled provider
 *    (repo discovery, every 4 s) runs once per tick across both, not once per replica; a
 *    scaffolder task started on one replica that is then killed (SIGKILL) is recovered and
 *    completed by the other.
 * 2. Load: N simulated users browsing the catalog, entity pages and our plugins' routes, spread
 *    over both replicas: errors, p50/p95/p99, each replica's RSS every second.
 * 3. Faults: PostgreSQL restarted during load (requests fail briefly, nothing is lost, no backend
 *    restart); upstreams failing — ECR throttling and denying, one Kubernetes cluster hanging,
 *    GitHub answering 502 — while the rest of each page is served with the error per source.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import {
  freePort,
  PortalProcess,
} from '../../packages/backend/src/__testUtils__/PortalProcess';
import {
  FakeEcr,
  generateImages,
  startFakeEcrServer,
} from '../../plugins/container-images-backend/src/__testUtils__/fakeEcr';
import { FakeKubernetes } from '../../plugins/flux-backend/src/__testUtils__/fakeKubernetes';
import {
  deployment,
  kustomization,
  gitRepository,
  pod,
} from '../../plugins/flux-backend/src/__testUtils__/fluxObjects';

const root = path.resolve(__dirname, '../..');
const quick = process.argv.includes('--quick');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const users = Number(arg('users', quick ? '20' : '50'));
const durationMs = Number(arg('seconds', quick ? '10' : '60')) * 1000;
const log = (message: string) =>
  process.stderr.write(
    `[reliability ${new Date().toISOString()}] ${message}\n`,
  );
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

const ACCOUNT = '104729384756';
const REGION = 'eu-central-1';
const ecrArn = (name: string) =>
  `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${name}`;
const FLUX_TIMEOUT_S = 3;

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return +sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ].toFixed(1);
};
const rssMb = (pid?: number) => {
  try {
    return Math.round(
      Number(
        /VmRSS:\s+(\d+)/.exec(
          fs.readFileSync(`/proc/${pid}/status`, 'utf8'),
        )![1],
      ) / 1024,
    );
  } catch {
    return 0;
  }
};

/** A PostgreSQL of our own (scripts/pg.sh on another port and directory), so we may restart it. */
function postgres(port: number) {
  const env = {
    ...process.env,
    PORTAL_PG_PORT: String(port),
    PORTAL_PG_DIR: path.join(root, '.cache', `pg-reliability-${port}`),
  };
  const pg = (command: string) =>
    execFileSync(path.join(root, 'scripts/pg.sh'), [command], {
      env,
      encoding: 'utf8',
    });
  return {
    start: () => pg('start'),
    restart: () => pg('restart'),
    stop: () => pg('stop'),
    url: `postgresql://postgres:postgres@127.0.0.1:${port}`,
  };
}

/** GitHub's API answering 502 to everything, as during an incident. */
async function failingGithub() {
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    calls.push(`${req.method} ${req.url}`);
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: 'Server Error' }));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    stop: () => new Promise<void>(r => server.close(() => r())),
  };
}

interface Sample {
  /** When the response ended (epoch ms). */
  at: number;
  ms: number;
  status: number;
  route: string;
  replica: number;
}

async function main() {
  const started = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-reliability-'));
  const token = crypto.randomBytes(24).toString('hex');
  const secrets = {
    github: `ghp_${crypto.randomBytes(18).toString('hex')}`,
    aws: crypto.randomBytes(20).toString('base64'),
    kubernetes: crypto.randomBytes(16).toString('hex'),
  };
  const pg = postgres(await freePort());
  const cleanups: Array<() => unknown> = [];
  const report: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0].model}, ${Math.round(
      os.totalmem() / 2 ** 30,
    )} GiB, node ${process.version}`,
    mode: quick ? 'quick' : 'full',
    users,
    seconds: durationMs / 1000,
  };

  try {
    pg.start();
    cleanups.push(() => pg.stop());

    // --- upstreams ------------------------------------------------------------------------------
    const ecr = new FakeEcr({ accessKeys: { [ACCOUNT]: 'AKIARELIABILITY' } });
    for (const name of ['rel/healthy', 'rel/throttled', 'rel/denied']) {
      ecr.addRepository({
        accountId: ACCOUNT,
        region: REGION,
        name,
        images: generateImages(120),
      });
    }
    const ecrServer = await startFakeEcrServer(ecr);
    cleanups.push(() => ecrServer.stop());

    const orders = deployment({
      name: 'rel-orders',
      namespace: 'shop',
      image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/rel/healthy:1.0.0`,
      labels: { 'backstage.io/kubernetes-id': 'rel-orders' },
      appliedBy: {
        kind: 'Kustomization',
        name: 'apps',
        namespace: 'flux-system',
      },
    });
    const kube = new FakeKubernetes([
      {
        name: 'rel-ok',
        token: secrets.kubernetes,
        objects: [
          kustomization({ name: 'apps' }),
          gitRepository({ name: 'flux-system' }),
          orders,
          pod(orders, 1, `sha256:${'ab'.repeat(32)}`),
        ],
      },
      // Healthy until the fault phase, then it stops answering.
      { name: 'rel-hang', objects: [] },
    ]);
    kube.record = false;
    await kube.start();
    cleanups.push(() => kube.stop());
    const github = await failingGithub();
    cleanups.push(() => github.stop());

    // --- the catalog: the production locations plus the harness's own entities --------------------
    execFileSync(process.execPath, [
      path.join(root, 'scripts/seed-repos.mjs'),
      path.join(dir, 'repos'),
    ]);
    const entitiesFile = path.join(dir, 'reliability-entities.yaml');
    fs.writeFileSync(
      entitiesFile,
      [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'rel-orders',
            annotations: {
              'backstage.io/kubernetes-id': 'rel-orders',
              'platform-portal.io/ecr-repositories': ecrArn('rel/healthy'),
            },
          },
          spec: {
            type: 'service',
            lifecycle: 'production',
            owner: 'group:default/platform-team',
          },
        },
        // The same service seen through failing upstreams, for the fault phase.
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'rel-faulty',
            annotations: {
              'backstage.io/kubernetes-id': 'rel-orders',
              'platform-portal.io/ecr-repositories': [
                ecrArn('rel/healthy'),
                ecrArn('rel/throttled'),
                ecrArn('rel/denied'),
              ].join(','),
              'github.com/project-slug': 'orbital-data/rel-orders',
              'platform-portal.io/terraform-artifacts': 'github',
            },
          },
          spec: {
            type: 'service',
            lifecycle: 'production',
            owner: 'group:default/platform-team',
          },
        },
        {
          apiVersion: 'scaffolder.backstage.io/v1beta3',
          kind: 'Template',
          metadata: {
            name: 'reliability-wait',
            title: 'Waits, to be killed halfway',
          },
          spec: {
            owner: 'group:default/platform-team',
            type: 'service',
            EXPERIMENTAL_recovery: { EXPERIMENTAL_strategy: 'startOver' },
            parameters: [],
            steps: [
              {
                id: 'before',
                name: 'Before',
                action: 'debug:log',
                input: { message: 'before the wait' },
              },
              {
                id: 'wait',
                name: 'Wait',
                action: 'debug:wait',
                input: { seconds: 12 },
              },
              {
                id: 'after',
                name: 'After',
                action: 'debug:log',
                input: { message: 'after the wait' },
              },
            ],
          },
        },
      ]
        .map(e => YAML.stringify(e))
        .join('---\n'),
    );
    const production = YAML.parse(
      fs.readFileSync(path.join(root, 'app-config.production.yaml'), 'utf8'),
    );

    const prefix = `portal_rel_${crypto.randomBytes(3).toString('hex')}_`;
    const url = new URL(pg.url);
    const overlay = {
      backend: {
        database: { prefix },
        auth: {
          externalAccess: [
            { type: 'static', options: { token, subject: 'reliability' } },
          ],
        },
      },
      integrations: {
        github: [
          { host: 'github.com', apiBaseUrl: github.url, token: secrets.github },
        ],
      },
      aws: {
        accounts: [
          {
            accountId: ACCOUNT,
            accessKeyId: 'AKIARELIABILITY',
            secretAccessKey: secrets.aws,
          },
        ],
      },
      containerImages: { ecr: { endpoint: ecrServer.url } },
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: ['rel-ok', 'rel-hang'].map(name => ({
              name,
              url: kube.url(name),
              authProvider: 'serviceAccount',
              serviceAccountToken: secrets.kubernetes,
              skipMetricsLookup: true,
            })),
          },
        ],
      },
      flux: { clusterTimeoutSeconds: FLUX_TIMEOUT_S },
      terraform: {
        local: { directory: path.join(root, 'examples/terraform-plans') },
      },
      // Production enables task recovery (app-config.production.yaml); a shorter staleness here
      // keeps the run short.
      scaffolder: {
        taskRecovery: { staleTimeout: { minutes: 0, seconds: 5 } },
      },
      catalog: {
        providers: {
          repoDiscovery: {
            local: {
              localDirectory: path.join(dir, 'repos'),
              defaultOwner: 'group:default/platform-team',
              schedule: { frequency: { seconds: 4 }, timeout: { seconds: 60 } },
            },
          },
        },
        locations: [
          ...production.catalog.locations,
          {
            type: 'file',
            target: entitiesFile,
            rules: [{ allow: ['Component', 'Template'] }],
          },
        ],
      },
    };
    const replica = async () => {
      const port = await freePort();
      return new PortalProcess({
        configs: ['app-config.yaml', 'app-config.production.yaml'],
        cwd: 'root',
        port,
        env: {
          NODE_ENV: 'production',
          POSTGRES_HOST: url.hostname,
          POSTGRES_PORT: url.port,
          POSTGRES_USER: 'postgres',
          POSTGRES_PASSWORD: 'postgres',
          GITHUB_TOKEN: secrets.github,
          GITHUB_ORG: 'orbital-data',
          GITHUB_WEBHOOK_SECRET: crypto.randomBytes(8).toString('hex'),
          AUTH_GITHUB_CLIENT_ID: 'reliability',
          AUTH_GITHUB_CLIENT_SECRET: 'reliability',
          PORTAL_BASE_URL: `http://127.0.0.1:${port}`,
          PORTAL_DATA_DIR: dir,
        },
        overlay,
      });
    };

    // --- 1. two replicas ---------------------------------------------------------------------
    const replicas = [await replica(), await replica()];
    let t = Date.now();
    await replicas[0].start();
    await replicas[1].start();
    cleanups.push(() => Promise.all(replicas.map(r => r.stop())));
    report.startBothMs = Date.now() - t;
    log(`two replicas ready in ${report.startBothMs} ms`);

    const api = (r: PortalProcess, p: string, init: RequestInit = {}) =>
      r.fetch(p, { ...init, token });
    const refsThrough = async (r: PortalProcess) => {
      const res = await api(
        r,
        '/api/catalog/entities/by-query?limit=10000&fields=kind,metadata.namespace,metadata.name,metadata.etag',
      );
      const body = await res.json();
      return (body.items as any[])
        .map(
          e =>
            `${e.kind}:${e.metadata.namespace}/${e.metadata.name}@${e.metadata.etag}`,
        )
        .sort();
    };
    t = Date.now();
    for (;;) {
      const refs = await refsThrough(replicas[0]).catch(() => []);
      if (
        refs.some(r => r.startsWith('Component:default/rel-orders@')) &&
        refs.some(r => r.startsWith('Component:default/rel-faulty@')) &&
        refs.some(r => r.startsWith('Template:default/reliability-wait@')) &&
        refs.length > 150
      ) {
        break;
      }
      if (Date.now() - t > 180_000)
        throw new Error('catalog not ingested after 180 s');
      await sleep(1000);
    }
    // Processing settles; then both replicas must agree on every entity and its etag.
    let identical = false;
    let entities = 0;
    for (let i = 0; i < 30 && !identical; i++) {
      await sleep(2000);
      const [a, b] = await Promise.all(replicas.map(refsThrough));
      entities = a.length;
      identical = a.length > 0 && JSON.stringify(a) === JSON.stringify(b);
    }
    report.catalog = { entities, identicalThroughBothReplicas: identical };
    log(`catalog: ${entities} entities, identical through both: ${identical}`);

    // The repo discovery provider is scheduled every 4 s: count its runs on both replicas.
    const runPattern = /repo-discovery[^\n]*: (\d+) repositories \(/g;
    const runsIn = (text: string) => [...text.matchAll(runPattern)].length;
    const before = replicas.map(r => runsIn(r.logs()));
    const windowMs = quick ? 16_000 : 40_000;
    await sleep(windowMs);
    const runs = replicas.map((r, i) => runsIn(r.logs()) - before[i]);
    const expected = Math.round(windowMs / 4000);
    report.scheduler = {
      windowSeconds: windowMs / 1000,
      frequencySeconds: 4,
      runsPerReplica: runs,
      totalRuns: runs[0] + runs[1],
      expectedIfOnce: expected,
      runsOnce: runs[0] + runs[1] <= expected + 1 && runs[0] + runs[1] >= 1,
    };
    log(`scheduler: ${JSON.stringify(report.scheduler)}`);

    // A scaffolder task on replica 0, killed halfway; replica 1 recovers it.
    const created = await api(replicas[0], '/api/scaffolder/v2/tasks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        templateRef: 'template:default/reliability-wait',
        values: {},
      }),
    });
    if (created.status !== 201) {
      throw new Error(
        `task not created: ${created.status} ${await created.text()}`,
      );
    }
    const { id: taskId } = await created.json();
    const task = async (r: PortalProcess) =>
      (await (await api(r, `/api/scaffolder/v2/tasks/${taskId}`)).json()) as {
        status: string;
      };
    for (let i = 0; i < 60; i++) {
      if ((await task(replicas[0])).status === 'processing') break;
      await sleep(250);
    }
    await sleep(3000); // inside the wait step
    await replicas[0].kill();
    const killedAt = Date.now();
    log('replica 0 killed with the task running');
    let finalStatus = 'unknown';
    for (let i = 0; i < 120; i++) {
      finalStatus = (await task(replicas[1])).status;
      if (['completed', 'failed', 'cancelled'].includes(finalStatus)) break;
      await sleep(1000);
    }
    report.scaffolderRecovery = {
      status: finalStatus,
      secondsFromKillToDone: Math.round((Date.now() - killedAt) / 1000),
    };
    log(`scaffolder: ${JSON.stringify(report.scaffolderRecovery)}`);
    await replicas[0].start();

    // --- 2. load ------------------------------------------------------------------------------
    const routes = [
      '/api/catalog/entities/by-query?limit=20&filter=kind=component',
      '/api/catalog/entities/by-name/component/default/rel-orders',
      '/api/catalog/entities/by-name/component/default/piksel-ows',
      '/api/catalog/entity-facets?facet=spec.type',
      '/api/catalog/entities/by-query?limit=50&filter=kind=resource,spec.type=kubernetes-cluster',
      '/api/container-images/entity/component/default/rel-orders/images?limit=0',
      '/api/terraform/entity/component/default/piksel-infra-shared-resources/plans',
      '/api/flux/entity/component/default/rel-orders/objects',
      '/api/search/query?term=orders',
    ];
    const load = async (ms: number, concurrency: number) => {
      const samples: Sample[] = [];
      const rss: Array<{ t: number; mb: number[] }> = [];
      const end = Date.now() + ms;
      const sampler = setInterval(() => {
        rss.push({ t: Date.now(), mb: replicas.map(r => rssMb(r.pid)) });
      }, 1000);
      await Promise.all(
        Array.from({ length: concurrency }, async (_, user) => {
          let i = user;
          while (Date.now() < end) {
            const route = routes[i % routes.length];
            const r = (user + i) % 2;
            const t0 = performance.now();
            let status = 0;
            try {
              const res = await replicas[r].fetch(route, {
                token,
                signal: AbortSignal.timeout(30_000),
              });
              await res.arrayBuffer();
              status = res.status;
            } catch {
              status = 0;
            }
            samples.push({
              at: Date.now(),
              ms: performance.now() - t0,
              status,
              route,
              replica: r,
            });
            i++;
          }
        }),
      );
      clearInterval(sampler);
      return { samples, rss };
    };
    const summarise = (samples: Sample[]) => {
      const ms = samples.map(s => s.ms);
      const errors = samples.filter(s => s.status === 0 || s.status >= 400);
      const byStatus: Record<string, number> = {};
      for (const e of errors)
        byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
      return {
        requests: samples.length,
        errors: errors.length,
        errorsByStatus: byStatus,
        p50: percentile(ms, 50),
        p95: percentile(ms, 95),
        p99: percentile(ms, 99),
      };
    };
    // Warm the caches as a first visitor would, then measure.
    await load(3000, 4);
    const steady = await load(durationMs, users);
    const perRoute: Record<string, unknown> = {};
    for (const route of routes) {
      const s = steady.samples.filter(x => x.route === route);
      perRoute[route.split('?')[0]] = { ...summarise(s) };
    }
    report.load = {
      ...summarise(steady.samples),
      requestsPerSecond: Math.round(
        steady.samples.length / (durationMs / 1000),
      ),
      perRoute,
      rssMb: {
        start: steady.rss[0]?.mb,
        end: steady.rss[steady.rss.length - 1]?.mb,
        max: [0, 1].map(i => Math.max(...steady.rss.map(x => x.mb[i]))),
        series: steady.rss.map(x => x.mb),
      },
    };
    log(
      `load: ${JSON.stringify({
        ...(report.load as any),
        perRoute: undefined,
        rssMb: undefined,
      })}`,
    );

    // --- 3. faults ----------------------------------------------------------------------------
    const countEntities = async () => (await refsThrough(replicas[1])).length;
    const entitiesBefore = await countEntities();
    const pgLoad = load(quick ? 12_000 : 30_000, Math.min(users, 20));
    await sleep(3000);
    const restartAt = Date.now();
    pg.restart();
    const restartedAfterMs = Date.now() - restartAt;
    // From the moment PostgreSQL is back: how long until both replicas answer a catalog read.
    let recoveredMs = -1;
    for (let i = 0; i < 120; i++) {
      const ok = await Promise.all(
        replicas.map(r =>
          api(r, '/api/catalog/entities/by-name/component/default/rel-orders', {
            signal: AbortSignal.timeout(5000),
          }).then(
            res => res.ok,
            () => false,
          ),
        ),
      );
      if (ok.every(Boolean)) {
        recoveredMs = Date.now() - restartAt;
        break;
      }
      await sleep(250);
    }
    const pgRun = await pgLoad;
    const entitiesAfter = await countEntities();
    report.postgresRestart = {
      restartTookMs: restartedAfterMs,
      duringLoad: summarise(pgRun.samples),
      // Failures are confined to the outage: none once PostgreSQL was back and answered.
      errorsAfterRecovery: pgRun.samples.filter(
        s =>
          s.at > restartAt + Math.max(recoveredMs, restartedAfterMs) + 2000 &&
          (s.status === 0 || s.status >= 500),
      ).length,
      firstErrorAfterRestartMs: (() => {
        const e = pgRun.samples.find(s => s.status === 0 || s.status >= 500);
        return e ? e.at - restartAt : null;
      })(),
      bothReplicasServingAgainAfterMs: recoveredMs,
      entitiesBefore,
      entitiesAfter,
      nothingLost: entitiesAfter >= entitiesBefore,
      replicasRestarted: false,
    };
    log(`postgres restart: ${JSON.stringify(report.postgresRestart)}`);

    // Upstreams failing: every page still answers, with the error per source.
    ecr.throttle(Infinity, { repository: 'rel/throttled' });
    ecr.denyAccess({ accountId: ACCOUNT, region: REGION, name: 'rel/denied' });
    kube.cluster('rel-hang').fault = 'hang';
    t = Date.now();
    const images = await (
      await api(
        replicas[0],
        '/api/container-images/entity/component/default/rel-faulty/images?limit=0&refresh=true',
      )
    ).json();
    const imagesMs = Date.now() - t;
    t = Date.now();
    const flux = await (
      await api(
        replicas[1],
        '/api/flux/entity/component/default/rel-faulty/deployments?refresh=true',
      )
    ).json();
    const fluxMs = Date.now() - t;
    const terraformRes = await api(
      replicas[0],
      '/api/terraform/entity/component/default/rel-faulty/plans',
    );
    const terraform = await terraformRes.json();
    report.upstreamFaults = {
      ecr: {
        ms: imagesMs,
        served: images.repositories?.map((r: any) => r.name),
        errors: images.errors?.map(
          (e: any) => `${e.ref.split('/').pop()}: ${e.error.name}`,
        ),
      },
      kubernetes: {
        ms: fluxMs,
        timeoutSeconds: FLUX_TIMEOUT_S,
        rows: flux.rows?.map(
          (r: any) => `${r.cluster.name}/${r.workload.name}`,
        ),
        errors: flux.errors?.map((e: any) => `${e.cluster}: ${e.error.name}`),
      },
      github: {
        status: terraformRes.status,
        errors: terraform.errors?.map((e: any) =>
          `${e.source ?? e.type ?? ''}: ${e.error?.name ?? e.name} ${
            e.error?.statusCode ?? e.statusCode ?? ''
          }`.trim(),
        ),
        githubCalls: github.calls.length,
      },
    };
    log(`upstream faults: ${JSON.stringify(report.upstreamFaults)}`);

    // No secret in any log line.
    const logs = replicas.map(r => r.logs()).join('\n');
    report.secretsInLogs = Object.entries(secrets)
      .filter(([, v]) => logs.includes(v))
      .map(([k]) => k);
    report.totalSeconds = Math.round((Date.now() - started) / 1000);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (e) {
        log(`cleanup: ${e}`);
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
