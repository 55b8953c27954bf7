import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './__testUtils__/PortalProcess';

const run = promisify(execFile);
// eslint-disable-next-line no-restricted-syntax
const INSTRUMENTATION = path.join(__dirname, 'instrumentation.js');

/** Runs `script` in a Node process that preloads instrumentation.js, as the backend does. */
async function withInstrumentation(
  script: string,
  env: Record<string, string>,
): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, ['--require', INSTRUMENTATION, '-e', script], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
    timeout: 30_000,
  });
}

describe('instrumentation.js', () => {
  it('serves the HTTP server’s durations with a bounded route, the resource and runtime gauges', async () => {
    const port = await freePort();
    const { stdout, stderr } = await withInstrumentation(
      `
      const http = require('node:http');
      const server = http.createServer((req, res) => {
        // What a plugin router's metrics middleware leaves for the instrumentation.
        if (req.url.startsWith('/api/flux/')) {
          req[Symbol.for('platform-portal.http.route')] = '/api/flux/entity/:kind/:namespace/:name/objects';
        }
        res.statusCode = req.url.includes('missing') ? 404 : 200;
        res.end('ok');
      });
      server.listen(0, '127.0.0.1', async () => {
        const base = 'http://127.0.0.1:' + server.address().port;
        for (const p of [
          '/api/flux/entity/component/default/orders/objects',
          '/api/catalog/entities/by-name/component/default/orders',
          '/api/catalog/missing',
          '/.backstage/health/v1/readiness',
          '/static/main.1234.js',
        ]) await (await fetch(base + p)).text();
        await new Promise(r => setTimeout(r, 50));
        // Twice: the first scrape must not show up in the second.
        const scrape = () => fetch('http://127.0.0.1:${port}/metrics').then(r => r.text());
        await scrape();
        await new Promise(r => setTimeout(r, 50));
        process.stdout.write(await scrape());
        process.exit(0);
      });`,
      {
        PORTAL_METRICS_PORT: String(port),
        PORTAL_METRICS_HOST: '127.0.0.1',
        HOSTNAME: 'portal-7f9c-abcde',
      },
    );
    expect(stderr).toBe('');
    const routes = [
      ...stdout.matchAll(
        /^http_server_request_duration_count\{[^}]*http_route="([^"]*)"[^}]*http_response_status_code="(\d+)"/gm,
      ),
    ].map(m => `${m[1]} ${m[2]}`);
    expect(routes.sort()).toEqual([
      '/* 200',
      '/.backstage/health 200',
      '/api/catalog 200',
      '/api/catalog 404',
      '/api/flux/entity/:kind/:namespace/:name/objects 200',
    ]);
    // Prometheus' scrapes are not counted as the backend's traffic.
    expect(stdout).toMatch(
      /^http_server_request_duration_count\{[^}]*http_route="\/\*"[^}]*\} 1$/m,
    );
    expect(stdout).toMatch(
      /^target_info\{[^}]*service_name="platform-portal-backend"/m,
    );
    expect(stdout).toMatch(/service_instance_id="portal-7f9c-abcde"/);
    expect(stdout).not.toMatch(/process_command_args/);
    expect(stdout).toMatch(/^process_resident_memory_bytes\{/m);
    expect(stdout).toMatch(/^nodejs_eventloop_lag_p99_seconds\{/m);
  });

  it('is off with PORTAL_METRICS_PORT=off or 0: no SDK, no port', async () => {
    for (const value of ['off', '0']) {
      const port = await freePort();
      const { stdout } = await withInstrumentation(
        `
        const { metrics } = require('@opentelemetry/api');
        const net = require('node:net');
        const probe = net.connect(${port}, '127.0.0.1');
        probe.on('connect', () => { console.log('listening'); process.exit(0); });
        probe.on('error', () => {
          console.log(metrics.getMeterProvider().constructor.name);
          process.exit(0);
        });`,
        { PORTAL_METRICS_PORT: value },
      );
      expect(stdout.trim()).toBe('NoopMeterProvider');
    }
  });

  it('warns about a port it cannot use, and starts once per process despite worker threads', async () => {
    const bad = await withInstrumentation('', { PORTAL_METRICS_PORT: 'abc' });
    expect(bad.stderr).toContain('PORTAL_METRICS_PORT=abc is not a port');

    const port = await freePort();
    const { stdout, stderr } = await withInstrumentation(
      `
      const { Worker } = require('node:worker_threads');
      setTimeout(() => {
        const worker = new Worker('setTimeout(() => {}, 200)', { eval: true });
        worker.on('exit', () => process.exit(0));
      }, 200);`,
      { PORTAL_METRICS_PORT: String(port), PORTAL_METRICS_HOST: '127.0.0.1' },
    );
    expect(stdout).toContain(`metrics endpoint on http://127.0.0.1:${port}`);
    expect(`${stdout}${stderr}`).not.toContain('not started');
  });
});
