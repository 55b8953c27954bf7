/*
 * The embedded portal's Kubernetes clusters: a simulated Kubernetes API serving the example
 * clusters (examples/kubernetes/world.ts) at http://127.0.0.1:6443/clusters/<name>, which
 * app-config.yaml points the upstream Kubernetes backend at. There is no Kubernetes on this
 * machine; production uses the catalog cluster locator and real clusters instead.
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs scripts/k8s-sim.ts start|stop|serve
 *
 * `start` runs `serve` in the background (pid in $PORTAL_DATA_DIR/k8s-sim.pid) and returns once
 * it answers; the pods report the image digests the local registry has (PORTAL_REGISTRY_PORT).
 */
import { spawn } from 'child_process';
import fs from 'fs';
import path from 'path';
import { FakeKubernetes } from '../plugins/flux-backend/src/__testUtils__/fakeKubernetes';
import { exampleClusters, registryDigests } from '../examples/kubernetes/world';

const port = Number(process.env.PORTAL_K8S_SIM_PORT ?? 6443);
const dataDir =
  process.env.PORTAL_DATA_DIR ?? path.resolve(__dirname, '../.data');
const pidFile = path.join(dataDir, 'k8s-sim.pid');
const registry = `http://127.0.0.1:${process.env.PORTAL_REGISTRY_PORT ?? 5000}`;

async function answers() {
  try {
    const res = await fetch(
      `http://127.0.0.1:${port}/clusters/piksel-sandbox/version`,
      {
        signal: AbortSignal.timeout(1_000),
      },
    );
    return res.ok;
  } catch {
    return false;
  }
}

async function serve() {
  const fake = new FakeKubernetes(
    exampleClusters(await registryDigests(registry)),
  );
  fake.record = false;
  await fake.start(port);
  process.stdout.write(`simulated Kubernetes API on ${fake.baseUrl}\n`);
  const stop = () => fake.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function start() {
  if (await answers()) return;
  fs.mkdirSync(dataDir, { recursive: true });
  const child = spawn(
    process.execPath,
    [...process.execArgv, __filename, 'serve'],
    {
      detached: true,
      stdio: 'ignore',
      env: process.env,
    },
  );
  child.unref();
  fs.writeFileSync(pidFile, String(child.pid));
  for (let i = 0; i < 100; i++) {
    if (await answers()) {
      process.stdout.write(
        `» simulated Kubernetes clusters on 127.0.0.1:${port}\n`,
      );
      return;
    }
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`the simulated Kubernetes API did not start on port ${port}`);
}

function stop() {
  if (!fs.existsSync(pidFile)) return;
  try {
    process.kill(Number(fs.readFileSync(pidFile, 'utf8')), 'SIGTERM');
  } catch {
    // already gone
  }
  fs.rmSync(pidFile, { force: true });
}

const command = process.argv[2];
const run = { serve, start, stop: async () => stop() }[command ?? ''];
if (!run) {
  process.stderr.write('usage: k8s-sim.ts start|stop|serve\n');
  process.exit(2);
}
run().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
