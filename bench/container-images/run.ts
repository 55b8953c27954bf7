/*
 * Container images benchmark: one ECR repository of N images (the fake ECR of the plugin's
 * tests, speaking the real AWS JSON protocol over HTTP with a per-call latency like AWS's), read
 * through the real backend process and its HTTP API.
 *
 * Reports: cold latency and ECR calls of the first request, warm latency (sequential), p50/p95/p99
 * of 50 concurrent warm requests, 50 concurrent cold requests (coalescing: ECR calls of one read),
 * and the backend's RSS. Run through bench/container-images.sh (nodeTransform loads TypeScript).
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  FakeEcr,
  generateImages,
  startFakeEcrServer,
} from '../../plugins/container-images-backend/src/__testUtils__/fakeEcr';

const root = path.resolve(__dirname, '../..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const images = Number(arg('images', '5000'));
const concurrency = Number(arg('concurrency', '50'));
const ecrLatencyMs = Number(arg('ecr-latency-ms', '40'));

const ACCOUNT = '104729384756';
const REGION = 'eu-central-1';
const ARN = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/bench/orders-service`;

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

async function main() {
  const fake = new FakeEcr({
    latencyMs: ecrLatencyMs,
    accessKeys: { [ACCOUNT]: 'AKIABENCH' },
  });
  fake.addRepository({
    accountId: ACCOUNT,
    region: REGION,
    name: 'bench/orders-service',
    tagMutability: 'IMMUTABLE_WITH_EXCLUSION',
    tagMutabilityExclusions: ['*-SNAPSHOT', 'develop', 'latest'],
    lifecyclePolicy: {
      rules: [
        {
          rulePriority: 1,
          selection: {
            tagStatus: 'untagged',
            countType: 'sinceImagePushed',
            countUnit: 'days',
            countNumber: 14,
          },
          action: { type: 'expire' },
        },
      ],
    },
    images: generateImages(images, { untagged: Math.round(images / 10) }),
  });
  const ecr = await startFakeEcrServer(fake);

  const port = await freePort();
  const token = crypto.randomBytes(16).toString('hex');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-bench-images-'));
  const entityFile = path.join(dir, 'catalog-info.yaml');
  fs.writeFileSync(
    entityFile,
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      '  name: bench-orders-service',
      '  annotations:',
      `    platform-portal.io/ecr-repositories: ${ARN}`,
      'spec: { type: service, lifecycle: production, owner: group:default/platform-team }',
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
    aws: {
      accounts: [
        {
          accountId: ACCOUNT,
          accessKeyId: 'AKIABENCH',
          secretAccessKey: 'bench-secret',
        },
      ],
    },
    containerImages: { cacheTtlSeconds: 60, ecr: { endpoint: ecr.url } },
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
  const url = `${base}/api/container-images/entity/component/default/bench-orders-service/images`;
  try {
    for (;;) {
      const ok = await fetch(`${base}/.backstage/health/v1/readiness`).then(
        r => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise(r => setTimeout(r, 100));
    }
    // Wait for the entity to be in the catalog.
    for (;;) {
      const r = await fetch(
        `${base}/api/catalog/entities/by-name/component/default/bench-orders-service`,
        { headers },
      );
      if (r.ok) break;
      await new Promise(r2 => setTimeout(r2, 200));
    }
    // Latency until the whole body has arrived; parsing it is the client's cost, so only the
    // first (checked) response is parsed.
    const timed = async (u: string, parse = false) => {
      const t = performance.now();
      const res = await fetch(u, { headers });
      const raw = Buffer.from(await res.arrayBuffer());
      const ms = performance.now() - t;
      if (!res.ok)
        throw new Error(`${res.status} ${raw.toString('utf8').slice(0, 300)}`);
      return {
        ms,
        body: parse ? JSON.parse(raw.toString('utf8')) : undefined,
        bytes: raw.length,
      };
    };

    // Cold: the first request reads every page.
    const calls = ecr.calls.length;
    const cold = await timed(url, true);
    const coldCalls = ecr.calls.length - calls;
    const imagesServed = cold.body.repositories[0]?.images.length;
    const responseBytes = JSON.stringify(cold.body).length;

    const summaryUrl = `${url}?limit=0`;
    const stats = (values: number[]) => ({
      p50: percentile(values, 50),
      p95: percentile(values, 95),
      p99: percentile(values, 99),
    });
    const sequential = async (u: string, n = 50) => {
      const ms: number[] = [];
      for (let i = 0; i < n; i++) ms.push((await timed(u)).ms);
      return stats(ms);
    };
    const concurrent = async (u: string, first = u) => {
      const before = ecr.calls.length;
      const results = await Promise.all(
        Array.from({ length: concurrency }, (_, i) =>
          timed(i === 0 ? first : u),
        ),
      );
      return {
        concurrency,
        ...stats(results.map(r => r.ms)),
        ecrCalls: ecr.calls.length - before,
      };
    };

    // What every entity page asks (the card): the summary, without the image list.
    const summarySequential = await sequential(summaryUrl);
    const summaryConcurrent = await concurrent(summaryUrl);
    // What the Images tab asks: every image (a few MB of JSON).
    const fullSequential = await sequential(url, 20);
    const fullConcurrent = await concurrent(url);
    // A cache refresh under load: one request bypasses the cache, the others arrive while that
    // read is in flight and share it (coalescing), so ECR sees one read's calls.
    const refreshConcurrent = await concurrent(
      summaryUrl,
      `${summaryUrl}&refresh=true`,
    );

    const result = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} × ${os.cpus()[0].model}, ${Math.round(
        os.totalmem() / 2 ** 30,
      )} GiB, node ${process.version}`,
      images,
      imagesServed,
      responseKiB: Math.round(responseBytes / 1024),
      ecrLatencyMsPerCall: ecrLatencyMs,
      cold: { ms: +cold.ms.toFixed(1), ecrCalls: coldCalls },
      summaryWarmSequential: summarySequential,
      summaryWarmConcurrent: summaryConcurrent,
      fullListWarmSequential: fullSequential,
      fullListWarmConcurrent: fullConcurrent,
      refreshUnderConcurrentLoad: refreshConcurrent,
      backendRssMb: Math.round(rssMb(child.pid!)),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    child.kill('SIGTERM');
    await new Promise(r => child.once('exit', r));
    await ecr.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
