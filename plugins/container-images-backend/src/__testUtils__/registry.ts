/**
 * A REAL OCI registry for tests: Debian's `docker-registry` (Docker Distribution 2.8) on
 * 127.0.0.1, a free port, storage in a temporary directory, plus helpers that push images over the
 * Distribution API exactly as `docker push` / `oras` do (blob upload, then a manifest per tag).
 *
 * ```ts
 * let registry: TestRegistry;
 * beforeAll(async () => { registry = await startRegistry(); });
 * afterAll(() => registry?.stop());
 * await pushImage(registry.url, 'shop/orders', ['1.0.0', 'latest'], { created: '2026-03-01T10:00:00Z' });
 * ```
 *
 * Optional fronts for what Distribution 2.8 does not do itself: `startTokenServer` (the Bearer
 * token flow: the registry runs with `auth: token`, the server issues the JWTs it verifies) and
 * `startPaginatingProxy` (tag list pagination with `n`/`last` and `Link`, which Distribution only
 * implements from 3.0: 2.8 ignores `n` and returns every tag at once).
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Where Debian's `docker-registry` package installs the registry. */
export const REGISTRY_BINARY =
  process.env.PORTAL_DOCKER_REGISTRY ?? '/usr/bin/docker-registry';

export const MEDIA_TYPES = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

export interface Credentials {
  username: string;
  password: string;
}

export interface StartRegistryOptions {
  /** Basic auth from an htpasswd file (bcrypt, written with `htpasswd -B` from apache2-utils). */
  htpasswd?: Credentials;
  /** Bearer token auth: the registry trusts tokens signed by this server's certificate. */
  token?: TestTokenServer;
}

export interface TestRegistry {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `127.0.0.1:<port>` */
  host: string;
  /** The storage root (`storage.filesystem.rootdirectory`). */
  storageDir: string;
  stop(): Promise<void>;
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, (error, stdout, stderr) => {
      if (error) {
        reject(
          new Error(`${file} ${args.join(' ')} failed: ${stderr || error}`),
        );
      } else {
        resolve(stdout);
      }
    });
  });
}

/** The registry config: only what the tests need, everything on 127.0.0.1. */
function registryConfig(
  storageDir: string,
  port: number,
  auth: string[],
): string {
  return [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(storageDir)}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    `  secret: ${crypto.randomBytes(16).toString('hex')}`,
    ...auth,
    '',
  ].join('\n');
}

/**
 * Starts `docker-registry serve` and waits until it answers `/v2/`. Fails (never skips) when the
 * binary is missing: `./portal test` installs the Debian package `docker-registry`.
 */
export async function startRegistry(
  options: StartRegistryOptions = {},
): Promise<TestRegistry> {
  if (!existsSync(REGISTRY_BINARY)) {
    throw new Error(
      `${REGISTRY_BINARY} not found: the OCI registry tests run a real registry. Install the ` +
        'Debian package docker-registry (apt-get install docker-registry; ./portal test does it).',
    );
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-registry-'));
  const storageDir = path.join(dir, 'storage');
  await fs.mkdir(storageDir);
  const auth: string[] = [];
  if (options.htpasswd) {
    const htpasswd = path.join(dir, 'htpasswd');
    const line = await run('htpasswd', [
      '-Bbn',
      options.htpasswd.username,
      options.htpasswd.password,
    ]).catch(error => {
      throw new Error(
        `htpasswd (Debian package apache2-utils) is needed for the basic auth registry: ${error}`,
      );
    });
    await fs.writeFile(htpasswd, line);
    auth.push(
      'auth:',
      '  htpasswd:',
      '    realm: portal-test',
      `    path: ${JSON.stringify(htpasswd)}`,
    );
  } else if (options.token) {
    auth.push(
      'auth:',
      '  token:',
      `    realm: ${options.token.realm}`,
      `    service: ${options.token.service}`,
      `    issuer: ${options.token.issuer}`,
      `    rootcertbundle: ${JSON.stringify(options.token.certificatePath)}`,
    );
  }

  const port = await freePort();
  const configPath = path.join(dir, 'config.yml');
  await fs.writeFile(configPath, registryConfig(storageDir, port, auth));
  const child = spawn(REGISTRY_BINARY, ['serve', configPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', d => (output += d));
  child.stderr!.on('data', d => (output += d));
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(child, exited);
    await fs.rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilServing(url, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, host: `127.0.0.1:${port}`, storageDir, stop };
}

async function stopChild(child: ChildProcess, exited: Promise<void>) {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

async function waitUntilServing(
  url: string,
  child: ChildProcess,
  output: () => string,
) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(
        `docker-registry exited with ${child.exitCode}: ${output()}`,
      );
    }
    try {
      // Any answer counts (401 when auth is on): the registry is listening.
      await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      if (Date.now() > deadline) {
        throw new Error(
          `docker-registry did not answer on ${url}: ${output()}`,
        );
      }
      await new Promise(r => setTimeout(r, 50));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Pushing over the Distribution API

export function sha256(content: Buffer | string): string {
  return `sha256:${crypto.createHash('sha256').update(content).digest('hex')}`;
}

/** A client that answers the registry's 401 challenges (basic or Bearer) like `docker push`. */
class PushSession {
  private authorization?: string;

  constructor(
    private readonly url: string,
    private readonly credentials?: Credentials,
  ) {}

  async fetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
    const send = () =>
      fetch(new URL(input, this.url), {
        ...init,
        headers: {
          ...(init.headers as Record<string, string>),
          ...(this.authorization ? { authorization: this.authorization } : {}),
        },
      });
    let res = await send();
    // Once per request: a token's scope may be too small for the next call (pull, then push).
    if (res.status === 401 && this.credentials) {
      const challenge = res.headers.get('www-authenticate') ?? '';
      await res.arrayBuffer();
      const basic = `Basic ${Buffer.from(
        `${this.credentials.username}:${this.credentials.password}`,
      ).toString('base64')}`;
      if (/^bearer /i.test(challenge)) {
        const params = Object.fromEntries(
          [...challenge.matchAll(/(\w+)="([^"]*)"/g)].map(m => [m[1], m[2]]),
        );
        const tokenUrl = new URL(params.realm);
        tokenUrl.searchParams.set('service', params.service);
        if (params.scope) tokenUrl.searchParams.set('scope', params.scope);
        const tokenRes = await fetch(tokenUrl, {
          headers: { authorization: basic },
        });
        if (!tokenRes.ok) {
          throw new Error(`token request failed: ${tokenRes.status}`);
        }
        const { token } = (await tokenRes.json()) as { token: string };
        this.authorization = `Bearer ${token}`;
      } else {
        this.authorization = basic;
      }
      res = await send();
    }
    return res;
  }
}

async function expectStatus(res: Response, status: number, what: string) {
  if (res.status !== status) {
    throw new Error(`${what}: ${res.status} ${await res.text()}`);
  }
}

/** Uploads a blob unless the repository has it: POST an upload, then PUT it whole with `?digest=`. */
async function uploadBlob(
  session: PushSession,
  repo: string,
  content: Buffer,
): Promise<string> {
  const digest = sha256(content);
  const head = await session.fetch(`/v2/${repo}/blobs/${digest}`, {
    method: 'HEAD',
  });
  if (head.status === 200) return digest;
  const start = await session.fetch(`/v2/${repo}/blobs/uploads/`, {
    method: 'POST',
  });
  await expectStatus(start, 202, `starting a blob upload to ${repo}`);
  const location = new URL(start.headers.get('location')!, 'http://x');
  location.searchParams.set('digest', digest);
  const put = await session.fetch(`${location.pathname}${location.search}`, {
    method: 'PUT',
    headers: {
      'content-type': 'application/octet-stream',
      'content-length': String(content.length),
    },
    body: content,
  });
  await expectStatus(put, 201, `uploading blob ${digest} to ${repo}`);
  return digest;
}

async function putManifest(
  session: PushSession,
  repo: string,
  reference: string,
  mediaType: string,
  body: Buffer,
) {
  const res = await session.fetch(`/v2/${repo}/manifests/${reference}`, {
    method: 'PUT',
    headers: { 'content-type': mediaType },
    body,
  });
  await expectStatus(res, 201, `putting manifest ${repo}:${reference}`);
  const digest = res.headers.get('docker-content-digest');
  if (digest !== sha256(body)) {
    throw new Error(`registry answered digest ${digest} for ${sha256(body)}`);
  }
}

export interface PushImageOptions {
  /** The config blob's `created`: when the image was built (what the portal shows as pushed). */
  created?: string;
  /** Layer contents; one small layer by default. Different content → a different digest. */
  layers?: Array<string | Buffer>;
  os?: string;
  architecture?: string;
  /** Manifest annotations. */
  annotations?: Record<string, string>;
  /** A Docker image manifest v2 (schema 2) instead of an OCI one. */
  docker?: boolean;
  /** An artifact (a Helm chart: `application/vnd.cncf.helm.config.v1+json`) instead of an image. */
  configMediaType?: string;
  credentials?: Credentials;
}

export interface PushedImage {
  /** The manifest digest (what tags point at). */
  digest: string;
  mediaType: string;
  /** The manifest's own bytes. */
  manifestSize: number;
  configDigest: string;
  /** Config size plus layer sizes, as a registry client reports an image's size. */
  sizeBytes: number;
  created?: string;
}

/**
 * Pushes an OCI image (config blob with `created`, layer blobs, an OCI image manifest) and tags
 * it with every tag; with no tags the manifest is pushed by digest only (an untagged image, or the
 * platform image of an index).
 */
export async function pushImage(
  url: string,
  repo: string,
  tags: string[],
  options: PushImageOptions = {},
): Promise<PushedImage> {
  const session = new PushSession(url, options.credentials);
  const os_ = options.os ?? 'linux';
  const architecture = options.architecture ?? 'amd64';
  const layers = (options.layers ?? [`layer of ${repo} ${tags.join(',')}`]).map(
    l => (Buffer.isBuffer(l) ? l : Buffer.from(l)),
  );
  const config = Buffer.from(
    JSON.stringify({
      ...(options.created ? { created: options.created } : {}),
      architecture,
      os: os_,
      config: {},
      rootfs: { type: 'layers', diff_ids: layers.map(sha256) },
    }),
  );
  const configDigest = await uploadBlob(session, repo, config);
  const mediaType = options.docker
    ? MEDIA_TYPES.dockerManifest
    : MEDIA_TYPES.ociManifest;
  const layerDescriptors = [];
  for (const layer of layers) {
    layerDescriptors.push({
      mediaType: options.docker
        ? MEDIA_TYPES.dockerLayer
        : MEDIA_TYPES.ociLayer,
      digest: await uploadBlob(session, repo, layer),
      size: layer.length,
    });
  }
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType,
      config: {
        mediaType:
          options.configMediaType ??
          (options.docker ? MEDIA_TYPES.dockerConfig : MEDIA_TYPES.ociConfig),
        digest: configDigest,
        size: config.length,
      },
      layers: layerDescriptors,
      ...(options.annotations ? { annotations: options.annotations } : {}),
    }),
  );
  const digest = sha256(manifest);
  for (const reference of tags.length ? tags : [digest]) {
    await putManifest(session, repo, reference, mediaType, manifest);
  }
  return {
    digest,
    mediaType,
    manifestSize: manifest.length,
    configDigest,
    sizeBytes: config.length + layers.reduce((sum, l) => sum + l.length, 0),
    created: options.created,
  };
}

export interface IndexPlatform extends Omit<PushImageOptions, 'credentials'> {
  os: string;
  architecture: string;
}

export interface PushedIndex {
  digest: string;
  mediaType: string;
  manifestSize: number;
  /** The platform images, in the index's order. */
  manifests: PushedImage[];
}

/**
 * Pushes a multi-platform image: each platform image by digest, then an OCI image index listing
 * them, tagged with every tag. `os: 'unknown'` makes an entry like BuildKit's attestations.
 */
export async function pushIndex(
  url: string,
  repo: string,
  tags: string[],
  platforms: IndexPlatform[],
  options: { credentials?: Credentials } = {},
): Promise<PushedIndex> {
  const manifests: PushedImage[] = [];
  for (const platform of platforms) {
    manifests.push(
      await pushImage(url, repo, [], {
        layers: [
          `${repo} ${tags.join(',')} ${platform.os}/${platform.architecture}`,
        ],
        ...platform,
        credentials: options.credentials,
      }),
    );
  }
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociIndex,
      manifests: manifests.map((m, i) => ({
        mediaType: m.mediaType,
        digest: m.digest,
        size: m.manifestSize,
        platform: {
          os: platforms[i].os,
          architecture: platforms[i].architecture,
        },
      })),
    }),
  );
  const session = new PushSession(url, options.credentials);
  for (const tag of tags) {
    await putManifest(session, repo, tag, MEDIA_TYPES.ociIndex, index);
  }
  return {
    digest: sha256(index),
    mediaType: MEDIA_TYPES.ociIndex,
    manifestSize: index.length,
    manifests,
  };
}

/** Deletes a manifest by digest; the registry removes every tag pointing at it. */
export async function deleteManifest(
  url: string,
  repo: string,
  digest: string,
  options: { credentials?: Credentials } = {},
): Promise<void> {
  const session = new PushSession(url, options.credentials);
  const res = await session.fetch(`/v2/${repo}/manifests/${digest}`, {
    method: 'DELETE',
  });
  await expectStatus(res, 202, `deleting ${repo}@${digest}`);
}

// ---------------------------------------------------------------------------------------------
// Bearer tokens

export interface TestTokenServer {
  /** The token endpoint, e.g. `http://127.0.0.1:<port>/token`. */
  realm: string;
  /** `http://127.0.0.1:<port>` */
  url: string;
  service: string;
  issuer: string;
  /** The PEM certificate the registry trusts (`auth.token.rootcertbundle`). */
  certificatePath: string;
  /** Every token request, as received. */
  requests: URL[];
  stop(): Promise<void>;
}

/**
 * The key id Distribution 2.8 (docker/libtrust) gives a trusted key: SHA-256 of the DER public
 * key, first 240 bits, base32 in groups of four. A token's `kid` must name it.
 */
function libtrustKeyId(publicKey: crypto.KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const hash = crypto.createHash('sha256').update(der).digest().subarray(0, 30);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const byte of hash) bits += byte.toString(2).padStart(8, '0');
  let base32 = '';
  for (let i = 0; i < bits.length; i += 5) {
    base32 += alphabet[parseInt(bits.slice(i, i + 5), 2)];
  }
  return base32.match(/.{4}/g)!.join(':');
}

const base64url = (data: Buffer | string) =>
  Buffer.from(data).toString('base64url');

/**
 * A token service as Docker Hub's or Harbor's: `GET /token?service=&scope=` with basic auth
 * returns a JWT (ES256, signed with a throw-away key whose certificate the registry trusts)
 * granting the requested scopes. Anonymous or wrong credentials get 401.
 */
export async function startTokenServer(
  credentials: Credentials,
  options: {
    /** Repositories the user may not read: their scopes are granted no actions. */
    deny?: (repository: string) => boolean;
  } = {},
): Promise<TestTokenServer> {
  const dir = await fs.mkdtemp(
    path.join(os.tmpdir(), 'portal-registry-token-'),
  );
  const keyPath = path.join(dir, 'key.pem');
  const certificatePath = path.join(dir, 'cert.pem');
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    keyPath,
    '-out',
    certificatePath,
    '-days',
    '2',
    '-subj',
    '/CN=portal-test-token-issuer',
  ]);
  const privateKey = crypto.createPrivateKey(await fs.readFile(keyPath));
  const kid = libtrustKeyId(crypto.createPublicKey(privateKey));
  const service = 'portal-test-registry';
  const issuer = 'portal-test-token-issuer';
  const expected = `Basic ${Buffer.from(
    `${credentials.username}:${credentials.password}`,
  ).toString('base64')}`;
  const requests: URL[] = [];

  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://token.test');
    requests.push(url);
    if (url.pathname !== '/token') {
      res.writeHead(404).end();
      return;
    }
    if (req.headers.authorization !== expected) {
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end(JSON.stringify({ details: 'incorrect username or password' }));
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const access = url.searchParams.getAll('scope').flatMap(scope =>
      scope.split(' ').map(s => {
        const [type, ...rest] = s.split(':');
        const actions = rest.pop()!.split(',');
        const name = rest.join(':');
        return { type, name, actions: options.deny?.(name) ? [] : actions };
      }),
    );
    const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'ES256', kid }));
    const claims = base64url(
      JSON.stringify({
        iss: issuer,
        sub: credentials.username,
        aud: url.searchParams.get('service'),
        exp: now + 300,
        nbf: now - 10,
        iat: now,
        jti: crypto.randomUUID(),
        access,
      }),
    );
    const signature = crypto.sign(
      'sha256',
      Buffer.from(`${header}.${claims}`),
      {
        key: privateKey,
        dsaEncoding: 'ieee-p1363',
      },
    );
    const token = `${header}.${claims}.${base64url(signature)}`;
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        token,
        expires_in: 300,
        issued_at: new Date().toISOString(),
      }),
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    realm: `${url}/token`,
    url,
    service,
    issuer,
    certificatePath,
    requests,
    stop: async () => {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Pagination

export interface PaginatingProxyOptions {
  /** Where the `Link` header points; the proxy's own origin by default (a relative link). */
  linkOrigin?: string;
  /** Tags listed although the registry has no manifest for them (deleted between list and read). */
  phantomTags?: string[];
  /**
   * Answers the registry cannot be made to give (rate limiting, a proxy's denial, no answer):
   * return a response for a request path, `'hang'` to never answer, or undefined to pass it on.
   */
  respond?: (
    path: string,
  ) =>
    | { status: number; headers?: Record<string, string>; body?: string }
    | 'hang'
    | undefined;
}

export interface PaginatingProxy {
  url: string;
  /** Every request path and query, as received. */
  requests: string[];
  stop(): Promise<void>;
}

/**
 * A front for a registry that pages `GET /v2/<name>/tags/list` as the distribution spec says
 * (lexical order, `n` tags after `last`, `Link: <...>; rel="next"`) and passes everything else
 * through unchanged.
 */
export async function startPaginatingProxy(
  upstream: string,
  options: PaginatingProxyOptions = {},
): Promise<PaginatingProxy> {
  const requests: string[] = [];
  const server = http.createServer(async (req, res) => {
    requests.push(req.url!);
    const scripted = options.respond?.(req.url!);
    if (scripted === 'hang') return;
    if (scripted) {
      res.writeHead(scripted.status, scripted.headers).end(scripted.body);
      return;
    }
    try {
      const url = new URL(req.url!, upstream);
      const headers: Record<string, string> = {};
      for (const name of ['accept', 'authorization']) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const tagsList = url.pathname.match(/^\/v2\/(.+)\/tags\/list$/);
      if (req.method === 'GET' && tagsList) {
        const upstreamRes = await fetch(new URL(url.pathname, upstream), {
          headers,
        });
        if (!upstreamRes.ok) {
          res.writeHead(upstreamRes.status, {
            'content-type': upstreamRes.headers.get('content-type') ?? '',
          });
          res.end(Buffer.from(await upstreamRes.arrayBuffer()));
          return;
        }
        const body = (await upstreamRes.json()) as {
          name: string;
          tags: string[] | null;
        };
        const all = [
          ...(body.tags ?? []),
          ...(options.phantomTags ?? []),
        ].sort();
        const last = url.searchParams.get('last');
        const n = Number(url.searchParams.get('n') ?? all.length);
        const after = last === null ? all : all.filter(t => t > last);
        const page = after.slice(0, n);
        const responseHeaders: Record<string, string> = {
          'content-type': 'application/json',
        };
        if (after.length > page.length) {
          const next = `${options.linkOrigin ?? ''}/v2/${
            tagsList[1]
          }/tags/list?n=${n}&last=${encodeURIComponent(page[page.length - 1])}`;
          responseHeaders.link = `<${next}>; rel="next"`;
        }
        res.writeHead(200, responseHeaders);
        res.end(JSON.stringify({ name: body.name, tags: page }));
        return;
      }
      const upstreamRes = await fetch(url, {
        method: req.method,
        headers,
        redirect: 'manual',
      });
      const responseHeaders: Record<string, string> = {};
      upstreamRes.headers.forEach((value, name) => {
        if (
          !['transfer-encoding', 'connection', 'content-encoding'].includes(
            name,
          )
        ) {
          responseHeaders[name] = value;
        }
      });
      res.writeHead(upstreamRes.status, responseHeaders);
      res.end(Buffer.from(await upstreamRes.arrayBuffer()));
    } catch (error) {
      res.writeHead(502).end(String(error));
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: async () => {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}
