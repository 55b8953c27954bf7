#!/usr/bin/env node
// Repo-discovery benchmark: a simulated GitHub organisation of N repositories (fakeGithub.mjs on
// 127.0.0.1) ingested end to end by the real backend — listed, inspected, inferred, processed and
// stitched — on SQLite or PostgreSQL. Reports wall time, entities/s, GitHub requests and peak RSS.
// Usage: node bench/repo-discovery/run.mjs --repos 10000 --db sqlite|pg
//   (pg reads BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING; bench/repo-discovery.sh starts one)
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startFakeGithub } from './fakeGithub.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const require = createRequire(path.join(root, 'packages/backend/package.json'));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const repos = Number(arg('repos', 10000));
const db = arg('db', 'sqlite');
const timeoutS = Number(arg('timeout', 1800));

const freePort = () =>
  new Promise(resolve => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const rssMb = pid => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    return 0;
  }
};

const github = await startFakeGithub({ repos });
const port = await freePort();
const token = crypto.randomBytes(16).toString('hex');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-bench-rd-'));
const host = `127.0.0.1:${github.port}`;
let database;
if (db === 'pg') {
  const url = new URL(process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ?? '');
  database = {
    client: 'pg',
    prefix: `bench_${crypto.randomBytes(3).toString('hex')}_`,
    connection: { host: url.hostname, port: Number(url.port), user: url.username, password: url.password, directory: null },
  };
} else {
  database = { client: 'better-sqlite3', connection: { directory: path.join(dir, 'sqlite') } };
}
const overlay = {
  backend: {
    baseUrl: `http://127.0.0.1:${port}`,
    listen: { port, host: '127.0.0.1' },
    database,
    auth: { externalAccess: [{ type: 'static', options: { token, subject: 'bench' } }] },
  },
  integrations: { github: [{ host, apiBaseUrl: `http://${host}/api/v3`, token: 'bench-token' }] },
  catalog: {
    locations: [],
    providers: {
      repoDiscovery: {
        local: null,
        bench: {
          github: { organization: 'bench-org', host },
          schedule: { frequency: { hours: 6 }, timeout: { hours: 1 }, initialDelay: { seconds: 1 } },
        },
      },
    },
  },
};
fs.writeFileSync(path.join(dir, 'overlay.json'), JSON.stringify(overlay));

const child = spawn(
  process.execPath,
  ['--require', require.resolve('@backstage/cli-node/config/nodeTransform.cjs'), 'src/index.ts',
   '--config', path.join(root, 'app-config.yaml'), '--config', path.join(dir, 'overlay.json')],
  {
    cwd: path.join(root, 'packages/backend'),
    env: { ...process.env, NODE_ENV: 'development', PORTAL_DATA_DIR: dir },
    stdio: ['ignore', fs.openSync(path.join(dir, 'backend.log'), 'w'), fs.openSync(path.join(dir, 'backend.log'), 'a')],
  },
);
let peakRss = 0;
const rssTimer = setInterval(() => {
  peakRss = Math.max(peakRss, rssMb(child.pid));
}, 200);

const base = `http://127.0.0.1:${port}`;
const t0 = performance.now();
while (true) {
  try {
    if ((await fetch(`${base}/.backstage/health/v1/readiness`)).ok) break;
  } catch {
    /* starting */
  }
  await new Promise(r => setTimeout(r, 100));
}
const tReady = performance.now();
const countInferred = async () => {
  const res = await fetch(
    `${base}/api/catalog/entities/by-query?limit=1&filter=metadata.annotations.platform-portal.io/inferred`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  return (await res.json()).totalItems ?? 0;
};
let count = 0;
let stableSince = performance.now();
let last = -1;
let tFirst;
const samples = [];
while ((performance.now() - tReady) / 1000 < timeoutS) {
  count = await countInferred();
  if (count > 0 && tFirst === undefined) tFirst = performance.now();
  samples.push({ s: +((performance.now() - tReady) / 1000).toFixed(1), count, rssMb: Math.round(rssMb(child.pid)) });
  if (count !== last) {
    last = count;
    stableSince = performance.now();
  }
  if (count >= github.expectedEntities || (count > 0 && performance.now() - stableSince > 20_000)) break;
  await new Promise(r => setTimeout(r, 1000));
}
const tDone = stableSince;
clearInterval(rssTimer);
child.kill('SIGTERM');
await new Promise(r => child.once('exit', r));
await github.close();

const wallS = (tDone - tReady) / 1000;
const result = {
  date: new Date().toISOString(),
  machine: `${os.cpus().length} × ${os.cpus()[0].model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  db,
  repos,
  expectedEntities: github.expectedEntities,
  entitiesStitched: count,
  startToReadyS: +((tReady - t0) / 1000).toFixed(1),
  readyToAllStitchedS: +wallS.toFixed(1),
  entitiesPerSecond: Math.round(count / wallS),
  githubRequests: github.stats.requests,
  githubRequestsByRoute: github.stats.byRoute,
  githubNotModified: github.stats.notModified,
  peakRssMb: Math.round(peakRss),
  progress: samples.filter((_, i) => i % 10 === 0),
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
fs.rmSync(dir, { recursive: true, force: true });
