import type { IncomingMessage, ServerResponse } from 'node:http';

export interface AppInfo {
  name: string;
  version: string;
}

export interface App {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Readiness goes false on shutdown, so Kubernetes stops routing before the process exits. */
  setReady(ready: boolean): void;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
    'cache-control': 'no-store',
  });
  res.end(json);
}

export function createApp(info: AppInfo): App {
  let ready = true;
  const startedAt = new Date();
  return {
    setReady(value) {
      ready = value;
    },
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(res, 405, { error: 'method not allowed' });
        return;
      }
      switch (url.pathname) {
        case '/healthz':
          send(res, 200, { status: 'ok' });
          return;
        case '/readyz':
          send(res, ready ? 200 : 503, { status: ready ? 'ready' : 'draining' });
          return;
        case '/v1/info':
          send(res, 200, {
            name: info.name,
            version: info.version,
            startedAt: startedAt.toISOString(),
          });
          return;
        default:
          send(res, 404, { error: `no route for ${url.pathname}` });
      }
    },
  };
}
