#!/usr/bin/env node
// Foundation figures: backend start→ready, backend RSS after start, app JS bytes (raw and gzip).
// Run with `bench/foundation.sh`, which also times install and the full test command.
// Usage: [BENCH_APP_ROOT=/path/to/app] node bench/foundation.mjs [runs]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';

// BENCH_APP_ROOT measures another Backstage app the same way (e.g. a fresh create-app, for comparison).
const root =
  process.env.BENCH_APP_ROOT ??
  path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(path.join(root, 'packages/backend/package.json'));
const runs = Number(process.argv[2] ?? 3);

function freePort() {
  return new Promise(resolve => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

async function startOnce() {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-bench-'));
  const overlay = path.join(dataDir, 'overlay.json');
  fs.writeFileSync(
    overlay,
    JSON.stringify({ backend: { baseUrl: `http://127.0.0.1:${port}`, listen: { port } } }),
  );
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      path.join(root, 'app-config.yaml'),
      '--config',
      overlay,
    ],
    {
      cwd: path.join(root, 'packages/backend'),
      env: { ...process.env, NODE_ENV: 'development', PORTAL_DATA_DIR: dataDir },
      stdio: 'ignore',
    },
  );
  let readyMs;
  while (!readyMs) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/.backstage/health/v1/readiness`);
      if (res.ok) readyMs = performance.now() - t0;
    } catch {
      /* not up yet */
    }
    if (!readyMs) await new Promise(r => setTimeout(r, 50));
    if (performance.now() - t0 > 120_000) throw new Error('backend never became ready');
  }
  const rssAtReady = rssMb(child.pid);
  // Let the first catalog processing loop over the example organisation settle.
  await new Promise(r => setTimeout(r, 15_000));
  const rssSettled = rssMb(child.pid);
  child.kill('SIGTERM');
  await new Promise(r => child.once('exit', r));
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { readyMs, rssAtReady, rssSettled };
}

function appBytes() {
  const dir = path.join(root, 'packages/app/dist/static');
  if (!fs.existsSync(dir)) return undefined;
  let raw = 0;
  let gzip = 0;
  for (const f of fs.readdirSync(dir).filter(f => f.endsWith('.js'))) {
    const buf = fs.readFileSync(path.join(dir, f));
    raw += buf.length;
    gzip += zlib.gzipSync(buf, { level: 9 }).length;
  }
  return { raw, gzip };
}

const samples = [];
for (let i = 0; i < runs; i++) samples.push(await startOnce());
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const result = {
  date: new Date().toISOString(),
  machine: `${os.cpus().length} × ${os.cpus()[0].model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  runs,
  startToReadyS: +(median(samples.map(s => s.readyMs)) / 1000).toFixed(2),
  rssAtReadyMb: Math.round(median(samples.map(s => s.rssAtReady))),
  rssAfter15sMb: Math.round(median(samples.map(s => s.rssSettled))),
  appJs: appBytes(),
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
