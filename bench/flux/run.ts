/*
 * Flux benchmark: N simulated clusters of M Flux objects each (the fake Kubernetes API of the
 * plugin's tests, with a per-request latency like a remote API server's), read through the real
 * backend process: the upstream Kubernetes backend's proxy and the Flux backend.
 *
 * Reports: the entity view (objects and Deployments, fanned out to every cluster) and the cluster
 * view (all M objects of one cluster), cold and warm; then the same with one cluster hanging,
 * which should cost the configured per-cluster timeout and no more. Run through bench/flux.sh.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FakeKubernetes } from '../../plugins/flux-backend/src/__testUtils__/fakeKubernetes';
import {
  deployment,
  fluxControllers,
  manyFluxObjects,
  pod,
} from '../../plugins/flux-backend/src/__testUtils__/fluxObjects';

const root = path.resolve(__dirname, '../..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const clusters = Number(arg('clusters', '20'));
const objects = Number(arg('objects', '500'));
const latencyMs = Number(arg('latency-ms', '20'));
const timeoutSeconds = 5;

const freePort = () =>
  new Promise<number>(resolve => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
const rssMb = (pid: number) => {
  try {
    return (
      Number(
        /VmRSS:\s+(\d+)/.exec(
          fs.readFileSync(`/proc/${pid}/status`, 'utf8'),
        )![1],
      ) / 1024
    );
  } catch {
    return 0;
  }
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return +sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ].toFixed(1);
};
const name = (i: number) => `bench-cluster-${String(i).padStart(2, '0')}`;

function clusterObjects(i: number) {
  const app = deployment({
    name: 'app-7',
    namespace: 'apps',
    image: `registry.local/bench/app-7:1.${i}.0`,
    labels: { 'backstage.io/kubernetes-id': 'app-7' },
    appliedBy: {
      kind: 'Kustomization',
      name: 'obj-70',
      namespace: 'flux-system',
    },
  });
  return [
    ...manyFluxObjects(objects),
    ...fluxControllers(),
    app,
    pod(app, 1, `sha256:${'ab'.repeat(32)}`),
    pod(app, 2, `sha256:${'ab'.repeat(32)}`),
  ];
}

async function main() {
  const fake = new FakeKubernetes(
    Array.from({ length: clusters }, (_, i) => ({
      name: name(i),
      objects: clusterObjects(i),
      latencyMs,
    })),
  );
  fake.record = false;
  await fake.start();

  const port = await freePort();
  const token = crypto.randomBytes(16).toString('hex');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-bench-flux-'));
  const entityFile = path.join(dir, 'catalog-info.yaml');
  fs.writeFileSync(
    entityFile,
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      '  name: app-7',
      '  annotations:',
      '    backstage.io/kubernetes-id: app-7',
      'spec: { type: service, lifecycle: production, owner: group:default/platform-team }',
      '---',
      'apiVersion: backstage.io/v1alpha1',
      'kind: Resource',
      'metadata:',
      `  name: ${name(0)}`,
      '  annotations:',
      '    platform-portal.io/environment: dev',
      'spec: { type: kubernetes-cluster, owner: group:default/platform-team }',
    ].join('\n'),
  );
  const overlay = {
    backend: {
      baseUrl: `http://127.0.0.1:${port}`,
      listen: { port, host: '127.0.0.1' },
      database: {
        client: 'better-sqlite3',
        connection: { directory: path.join(dir, 'sqlite') },
      },
      auth: {
        externalAccess: [
          { type: 'static', options: { token, subject: 'bench' } },
        ],
      },
    },
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: Array.from({ length: clusters }, (_, i) => ({
            name: name(i),
            url: fake.url(name(i)),
            authProvider: 'serviceAccount',
            serviceAccountToken: 'bench',
            skipMetricsLookup: true,
          })),
        },
      ],
    },
    flux: { clusterTimeoutSeconds: timeoutSeconds, cacheTtlSeconds: 60 },
    catalog: {
      locations: [{ type: 'file', target: entityFile }],
      providers: { repoDiscovery: { local: null }, platformClusters: null },
    },
  };
  fs.writeFileSync(path.join(dir, 'overlay.json'), JSON.stringify(overlay));
  const log = fs.openSync(path.join(dir, 'backend.log'), 'w');
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs', {
        paths: [path.join(root, 'packages/backend')],
      }),
      'src/index.ts',
      '--config',
      path.join(root, 'app-config.yaml'),
      '--config',
      path.join(dir, 'overlay.json'),
    ],
    {
      cwd: path.join(root, 'packages/backend'),
      env: { ...process.env, NODE_ENV: 'development', PORTAL_DATA_DIR: dir },
      stdio: ['ignore', log, log],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${token}` };
  const entity = `${base}/api/flux/entity/component/default/app-7`;
  const clusterPage = `${base}/api/flux/entity/resource/default/${name(
    0,
  )}/cluster`;
  try {
    for (;;) {
      const ok = await fetch(`${base}/.backstage/health/v1/readiness`).then(
        r => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise(r => setTimeout(r, 100));
    }
    for (const ref of [
      'component/default/app-7',
      `resource/default/${name(0)}`,
    ]) {
      for (;;) {
        const r = await fetch(`${base}/api/catalog/entities/by-name/${ref}`, {
          headers,
        });
        if (r.ok) break;
        await new Promise(r2 => setTimeout(r2, 200));
      }
    }
    const timed = async (u: string) => {
      const t = performance.now();
      const res = await fetch(u, { headers });
      const body = await res.json();
      const ms = performance.now() - t;
      if (!res.ok) throw new Error(`${res.status} ${JSON.stringify(body)}`);
      return { ms: +ms.toFixed(1), body };
    };
    const repeat = async (u: string, n: number) => {
      const ms: number[] = [];
      for (let i = 0; i < n; i++) ms.push((await timed(u)).ms);
      return {
        p50: percentile(ms, 50),
        p95: percentile(ms, 95),
        max: Math.max(...ms),
      };
    };

    // Loads the Kubernetes client library and the API discovery caches: once per process.
    const first = await timed(`${entity}/objects?refresh=true`);

    const objectsCold = await repeat(`${entity}/objects?refresh=true`, 10);
    const deploymentsCold = await repeat(
      `${entity}/deployments?refresh=true`,
      10,
    );
    const objectsWarm = await repeat(`${entity}/objects`, 20);
    const clusterCold = await repeat(`${clusterPage}?refresh=true`, 10);
    const clusterWarm = await repeat(clusterPage, 20);
    const entityBody = (await timed(`${entity}/objects`)).body;
    const deploymentsBody = (await timed(`${entity}/deployments`)).body;
    const clusterBody = (await timed(clusterPage)).body;

    // One cluster stops answering: the views should take its timeout, and no more.
    fake.cluster(name(clusters - 1)).fault = 'hang';
    const hanging = await timed(`${entity}/objects?refresh=true`);
    const hangingDeployments = await timed(
      `${entity}/deployments?refresh=true`,
    );

    const result = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} × ${os.cpus()[0].model}, ${Math.round(
        os.totalmem() / 2 ** 30,
      )} GiB, node ${process.version}`,
      clusters,
      fluxObjectsPerCluster: objects,
      apiLatencyMsPerRequest: latencyMs,
      firstRequestMs: first.ms,
      entityView: {
        objectsServed: entityBody.items.length,
        errors: entityBody.errors.length,
        objectsCold,
        objectsWarm,
        deploymentsRows: deploymentsBody.rows.length,
        deploymentsCold,
      },
      clusterView: {
        objectsServed: clusterBody.items.length,
        controllers: clusterBody.controllers.length,
        cold: clusterCold,
        warm: clusterWarm,
      },
      oneClusterHanging: {
        timeoutSeconds,
        objectsMs: hanging.ms,
        deploymentsMs: hangingDeployments.ms,
        objectsServed: hanging.body.items.length,
        errors: hanging.body.errors,
      },
      backendRssMb: Math.round(rssMb(child.pid!)),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    child.kill('SIGTERM');
    await new Promise(r => child.once('exit', r));
    await fake.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
