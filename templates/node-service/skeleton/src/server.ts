import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createApp } from './app.ts';

const pkg = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as { name: string; version: string };

const app = createApp({ name: pkg.name, version: process.env.VERSION ?? pkg.version });
const server = createServer((req, res) => app.handle(req, res));
const port = Number(process.env.PORT ?? 8080);

server.listen(port, () => {
  console.log(JSON.stringify({ msg: 'listening', port, version: pkg.version }));
});

// Kubernetes sends SIGTERM, then waits terminationGracePeriodSeconds: stop being ready, let the
// endpoints update, finish in-flight requests, exit.
process.on('SIGTERM', () => {
  app.setReady(false);
  setTimeout(() => server.close(() => process.exit(0)), 5_000).unref();
});
