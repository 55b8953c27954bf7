// A GitHub REST API stand-in on 127.0.0.1 for benchmarks: an organisation of N generated
// repositories of every kind, served with the shapes GitHub documents (Link pagination, trees,
// raw contents, ETags and 304s). Counts every request it serves.
import http from 'node:http';
import crypto from 'node:crypto';

const KINDS = ['service', 'service', 'library', 'library', 'infrastructure', 'gitops', 'website', 'documentation', 'monorepo', 'catalog'];

/** The files of repository `i`: deterministic, one of the kinds above. */
export function repoFiles(i) {
  const kind = KINDS[i % KINDS.length];
  const name = `repo-${String(i).padStart(5, '0')}`;
  const owners = `* @bench-org/team-${i % 40}\n`;
  switch (kind) {
    case 'service':
      return { kind, name, entities: 1, files: { Dockerfile: 'FROM node:22\n', 'package.json': `{"name":"${name}","main":"index.js"}`, 'k8s/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n', CODEOWNERS: owners } };
    case 'library':
      return { kind, name, entities: 1, files: { 'package.json': `{"name":"${name}","main":"dist/index.js"}`, 'src/index.ts': 'export {}\n', CODEOWNERS: owners } };
    case 'infrastructure':
      return { kind, name, entities: 1, files: { 'main.tf': 'resource "null_resource" "x" {}\n', 'versions.tf': 'terraform {\n  cloud {\n    organization = "bench"\n    workspaces { name = "ws" }\n  }\n}\n', CODEOWNERS: owners } };
    case 'gitops':
      return { kind, name, entities: 1, files: { 'clusters/dev/apps.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  path: ./apps/dev\n', 'apps/dev/kustomization.yaml': 'resources: []\n', CODEOWNERS: owners } };
    case 'website':
      return { kind, name, entities: 1, files: { 'public/index.html': '<html></html>\n', CODEOWNERS: owners } };
    case 'documentation':
      return { kind, name, entities: 1, files: { 'mkdocs.yml': 'site_name: Docs\n', 'docs/index.md': '# Docs\n', CODEOWNERS: owners } };
    case 'monorepo':
      return { kind, name, entities: 4, files: { 'services/api/Dockerfile': 'FROM node:22\n', 'services/api/package.json': '{"name":"api"}', 'services/worker/Dockerfile': 'FROM node:22\n', 'services/worker/package.json': '{"name":"worker"}', 'libs/common/package.json': '{"name":"common","main":"index.js"}', CODEOWNERS: owners } };
    default:
      return { kind, name, entities: 0, files: { 'catalog-info.yaml': `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec: { type: service, lifecycle: production, owner: team-1 }\n` } };
  }
}

export function startFakeGithub({ org = 'bench-org', repos = 1000, perPage = 100 } = {}) {
  const stats = { requests: 0, notModified: 0, byRoute: {} };
  const count = route => {
    stats.requests += 1;
    stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
  };
  const cache = new Map();
  const repoIndex = name => Number(name.replace(/^repo-/, ''));

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const send = (route, status, body, headers = {}) => {
      count(route);
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      const etag = `"${crypto.createHash('sha1').update(text).digest('hex')}"`;
      const common = { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600), etag, ...headers };
      if (status === 200 && req.headers['if-none-match'] === etag) {
        stats.notModified += 1;
        res.writeHead(304, common).end();
        return;
      }
      res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...common }).end(text);
    };
    const base = `http://${req.headers.host}`;
    const repoJson = i => {
      const { name } = repoFiles(i);
      return { id: i, name, full_name: `${org}/${name}`, html_url: `${base}/${org}/${name}`, default_branch: 'main', archived: i % 97 === 0, topics: [], description: `Generated repository ${i}`, visibility: 'private', pushed_at: '2026-11-01T00:00:00Z', owner: { login: org } };
    };
    let m;
    if ((m = url.pathname.match(/^\/api\/v3\/orgs\/([^/]+)\/repos$/))) {
      const page = Number(url.searchParams.get('page') ?? 1);
      const size = Number(url.searchParams.get('per_page') ?? perPage);
      const from = (page - 1) * size;
      const items = [];
      for (let i = from; i < Math.min(repos, from + size); i++) items.push(repoJson(i));
      const last = Math.ceil(repos / size);
      const link = page < last ? { link: `<${base}/api/v3/orgs/${m[1]}/repos?type=all&per_page=${size}&page=${page + 1}>; rel="next", <${base}/api/v3/orgs/${m[1]}/repos?type=all&per_page=${size}&page=${last}>; rel="last"` } : {};
      return send('list', 200, items, link);
    }
    if ((m = url.pathname.match(/^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/git\/trees\/([^/]+)$/))) {
      const { files } = repoFiles(repoIndex(m[2]));
      const tree = Object.keys(files).map(p => ({ path: p, mode: '100644', type: 'blob', sha: crypto.createHash('sha1').update(p).digest('hex'), size: files[p].length }));
      return send('tree', 200, { sha: 'abc', url: req.url, tree, truncated: false });
    }
    if ((m = url.pathname.match(/^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/))) {
      const { files } = repoFiles(repoIndex(m[2]));
      const file = files[decodeURIComponent(m[3])];
      if (file === undefined) return send('contents', 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
      return send('contents', 200, file);
    }
    if ((m = url.pathname.match(/^\/api\/v3\/repos\/([^/]+)\/([^/]+)$/))) {
      const i = repoIndex(m[2]);
      return Number.isInteger(i) && i < repos ? send('repo', 200, repoJson(i)) : send('repo', 404, { message: 'Not Found' });
    }
    count('other');
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Not Found' }));
  });
  void cache;
  return new Promise(resolve => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      let expectedEntities = 0;
      for (let i = 0; i < repos; i++) expectedEntities += repoFiles(i).entities;
      resolve({ port, stats, expectedEntities, close: () => new Promise(r => server.close(r)) });
    });
  });
}
