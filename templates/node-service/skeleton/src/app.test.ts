import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createApp } from './app.ts';

describe('${{ values.name }}', () => {
  const app = createApp({ name: '${{ values.name }}', version: '1.2.3' });
  let server: Server;
  let base: string;

  before(async () => {
    server = createServer((req, res) => app.handle(req, res));
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => new Promise<void>(resolve => server.close(() => resolve())));

  it('is healthy', async () => {
    const res = await fetch(`${base}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  it('reports its name and version', async () => {
    const body = await (await fetch(`${base}/v1/info`)).json();
    assert.equal(body.name, '${{ values.name }}');
    assert.equal(body.version, '1.2.3');
  });

  it('stops being ready while draining', async () => {
    app.setReady(false);
    assert.equal((await fetch(`${base}/readyz`)).status, 503);
    app.setReady(true);
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
  });

  it('answers 404 and 405 with JSON', async () => {
    assert.equal((await fetch(`${base}/nope`)).status, 404);
    assert.equal((await fetch(`${base}/v1/info`, { method: 'POST' })).status, 405);
  });
});
