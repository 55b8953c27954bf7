import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Repository root, from packages/backend/src/__testUtils__. */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');
const BACKEND_DIR = path.join(REPO_ROOT, 'packages/backend');

export interface PortalProcessOptions {
  /** Config files relative to the repository root, in order. */
  configs: string[];
  /** Extra config, written to a temporary file and loaded last. */
  overlay?: Record<string, unknown>;
  /** Environment on top of a minimal one (PATH, HOME). */
  env?: Record<string, string>;
  /** Working directory: packages/backend as under `yarn start`, or the root as in a container. */
  cwd?: 'backend' | 'root';
  port: number;
  /**
   * Preload src/instrumentation.js (OpenTelemetry, the Prometheus endpoint on 127.0.0.1 at
   * {@link PortalProcess.metricsPort}), as the start script and the image do.
   * @defaultValue true
   */
  metrics?: boolean;
}

// Ports handed out by this process: a port is free when picked but only taken when the process
// it is for listens, so without this two picks in a row may return the same one.
const handedOut = new Set<number>();

export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port: picked } = server.address() as net.AddressInfo;
        server.close(() => resolve(picked));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

/**
 * The real backend (packages/backend/src/index.ts) in its own process, started the way
 * `backstage-cli package start` starts it but without the file watcher, so a test can stop and
 * start it again on the same data.
 */
export class PortalProcess {
  private child?: ChildProcess;
  private output: string[] = [];
  readonly baseUrl: string;
  private readonly overlayFile: string;
  /** The Prometheus endpoint's port, chosen at the first start and kept across restarts. */
  metricsPort?: number;

  constructor(private readonly options: PortalProcessOptions) {
    this.baseUrl = `http://127.0.0.1:${options.port}`;
    this.overlayFile = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'portal-it-')),
      'overlay.json',
    );
    fs.writeFileSync(
      this.overlayFile,
      JSON.stringify(
        deepMerge(
          {
            backend: {
              baseUrl: this.baseUrl,
              listen: { port: options.port, host: '127.0.0.1' },
            },
          },
          options.overlay ?? {},
        ),
      ),
    );
  }

  async start(): Promise<void> {
    const cwd = this.options.cwd === 'root' ? REPO_ROOT : BACKEND_DIR;
    const metrics = this.options.metrics ?? true;
    if (metrics) this.metricsPort ??= await freePort();
    const configArgs = [
      ...this.options.configs.map(c => path.join(REPO_ROOT, c)),
      this.overlayFile,
    ].flatMap(c => ['--config', c]);
    this.output = [];
    this.child = spawn(
      process.execPath,
      [
        '--enable-source-maps',
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
        ...(metrics
          ? ['--require', path.join(BACKEND_DIR, 'src/instrumentation.js')]
          : []),
        path.join(BACKEND_DIR, 'src/index.ts'),
        ...configArgs,
      ],
      {
        cwd,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? os.tmpdir(),
          ESBK_TSCONFIG_PATH: path.join(REPO_ROOT, 'tsconfig.json'),
          PORTAL_METRICS_HOST: '127.0.0.1',
          PORTAL_METRICS_PORT: metrics ? String(this.metricsPort) : 'off',
          ...this.options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const collect = (chunk: Buffer) => {
      this.output.push(chunk.toString('utf8'));
    };
    this.child.stdout!.on('data', collect);
    this.child.stderr!.on('data', collect);
    await this.waitUntilReady();
  }

  /** Everything the process printed since it last started. */
  logs(): string {
    return this.output.join('');
  }

  private async waitUntilReady(timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child?.exitCode !== null) {
        throw new Error(
          `backend exited with ${
            this.child?.exitCode
          } before ready:\n${this.logs()}`,
        );
      }
      if (/Unhandled rejection|Backend failed to start/i.test(this.logs())) {
        throw new Error(`backend failed to start:\n${this.logs()}`);
      }
      try {
        const res = await fetch(
          `${this.baseUrl}/.backstage/health/v1/readiness`,
        );
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise(r => setTimeout(r, 250));
    }
    throw new Error(`backend not ready after ${timeoutMs} ms:\n${this.logs()}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise(resolve => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }

  /** Kills the process without letting it shut down, as a node failure would. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise(resolve => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** The process id, for memory measurements. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async fetch(urlPath: string, init: RequestInit & { token?: string } = {}) {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
    return fetch(`${this.baseUrl}${urlPath}`, { ...init, headers });
  }

  /** The Prometheus text the backend exposes (requires the `metrics` option). */
  async scrapeMetrics(): Promise<string> {
    if (!this.metricsPort) throw new Error('metrics are off for this process');
    const res = await fetch(`http://127.0.0.1:${this.metricsPort}/metrics`);
    if (!res.ok) throw new Error(`GET /metrics → ${res.status}`);
    return res.text();
  }

  async fetchJson<T = any>(
    urlPath: string,
    init: RequestInit & { token?: string } = {},
  ): Promise<T> {
    const res = await this.fetch(urlPath, init);
    if (!res.ok) {
      throw new Error(
        `${init.method ?? 'GET'} ${urlPath} → ${
          res.status
        }: ${await res.text()}`,
      );
    }
    return (await res.json()) as T;
  }

  /** Signs in with the guest provider, as the sign-in page's "Enter" button does. */
  async guestSignIn(): Promise<{
    token: string;
    userEntityRef: string;
    ownershipEntityRefs: string[];
  }> {
    const body = await this.fetchJson('/api/auth/guest/refresh', {
      method: 'POST',
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    return {
      token: body.backstageIdentity.token,
      ...body.backstageIdentity.identity,
    };
  }

  async guestToken(): Promise<string> {
    return (await this.guestSignIn()).token;
  }

  /** Polls `check` until it returns a value, for eventually-consistent catalog processing. */
  async eventually<T>(
    check: () => Promise<T | undefined>,
    what: string,
    timeoutMs = 60_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < deadline) {
      try {
        const value = await check();
        if (value !== undefined) return value;
      } catch (e) {
        last = e;
      }
      await new Promise(r => setTimeout(r, 500));
    }
    throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
  }
}

function deepMerge(
  a: Record<string, any>,
  b: Record<string, any>,
): Record<string, any> {
  const out: Record<string, any> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    out[k] =
      v &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      typeof a[k] === 'object'
        ? deepMerge(a[k], v)
        : v;
  }
  return out;
}
