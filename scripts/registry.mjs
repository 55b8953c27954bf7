#!/usr/bin/env node
// A local OCI registry for `./portal start`: Debian's docker-registry (Docker Distribution 2.8) on
// 127.0.0.1:5000, storing in $PORTAL_DATA_DIR/registry, seeded with images of the example
// services so the container images tab has something to show (host `registry.local` in
// app-config.yaml points here).
//
//   node scripts/registry.mjs start   start it, or reuse the one already running (idempotent)
//   node scripts/registry.mjs seed    push the example images that are missing (idempotent)
//   node scripts/registry.mjs stop    stop the one `start` started
//
// Environment: PORTAL_DATA_DIR (default .data), PORTAL_REGISTRY_PORT (default 5000),
// PORTAL_DOCKER_REGISTRY (default /usr/bin/docker-registry).
//
// The images are small but real: gzip'd tar layers with matching diff_ids, so `crane`/`docker
// pull` work. Their content and build times are fixed, so every seed produces the same digests.
// Seeding never moves an existing tag: what is there stays (a stable tag must never change).
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { existsSync, openSync, readFileSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA_DIR = process.env.PORTAL_DATA_DIR ?? path.join(ROOT, '.data');
const DIR = path.join(DATA_DIR, 'registry');
const PORT = Number(process.env.PORTAL_REGISTRY_PORT ?? 5000);
const URL_BASE = `http://127.0.0.1:${PORT}`;
const BINARY = process.env.PORTAL_DOCKER_REGISTRY ?? '/usr/bin/docker-registry';
const PID_FILE = path.join(DIR, 'registry.pid');
const LOG_FILE = path.join(DIR, 'registry.log');

const log = message => process.stderr.write(`» ${message}\n`);

// ---------------------------------------------------------------------------------------------
// start / stop

/** 'registry' when a Distribution registry answers, 'other' when something else, else undefined. */
async function probe() {
  try {
    const res = await fetch(`${URL_BASE}/v2/`, {
      signal: AbortSignal.timeout(1000),
    });
    await res.arrayBuffer();
    return res.headers.get('docker-distribution-api-version')
      ? 'registry'
      : 'other';
  } catch {
    return undefined;
  }
}

function runningPid() {
  if (!existsSync(PID_FILE)) return undefined;
  const pid = Number(readFileSync(PID_FILE, 'utf8').trim());
  try {
    // Only our registry: a recycled pid of another program is not ours to stop.
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('docker-registry') ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function start() {
  const found = await probe();
  if (found === 'registry') {
    log(`OCI registry already running on ${URL_BASE} (data in ${DIR})`);
    return;
  }
  if (found === 'other') {
    throw new Error(
      `port ${PORT} is taken by something that is not an OCI registry (set PORTAL_REGISTRY_PORT)`,
    );
  }
  if (!existsSync(BINARY)) {
    throw new Error(
      `${BINARY} not found: install the Debian package docker-registry`,
    );
  }
  await fs.mkdir(path.join(DIR, 'data'), { recursive: true });
  const config = [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(path.join(DIR, 'data'))}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${PORT}`,
    `  secret: ${crypto.randomBytes(16).toString('hex')}`,
    '',
  ].join('\n');
  const configPath = path.join(DIR, 'config.yml');
  await fs.writeFile(configPath, config);
  const out = openSync(LOG_FILE, 'a');
  const child = spawn(BINARY, ['serve', configPath], {
    detached: true,
    stdio: ['ignore', out, out],
  });
  child.unref();
  await fs.writeFile(PID_FILE, `${child.pid}\n`);
  const deadline = Date.now() + 15_000;
  while ((await probe()) !== 'registry') {
    if (child.exitCode !== null || Date.now() > deadline) {
      const tail = (await fs.readFile(LOG_FILE, 'utf8'))
        .split('\n')
        .slice(-15)
        .join('\n');
      throw new Error(`docker-registry did not start on ${URL_BASE}:\n${tail}`);
    }
    await new Promise(r => setTimeout(r, 100));
  }
  log(
    `OCI registry on ${URL_BASE} (pid ${child.pid}, data in ${DIR}, log ${LOG_FILE})`,
  );
}

async function stop() {
  const pid = runningPid();
  if (!pid) {
    log('no OCI registry started by this script is running');
    await fs.rm(PID_FILE, { force: true });
    return;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (runningPid() === pid && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 100));
  }
  if (runningPid() === pid) process.kill(pid, 'SIGKILL');
  await fs.rm(PID_FILE, { force: true });
  log(`stopped the OCI registry (pid ${pid})`);
}

// ---------------------------------------------------------------------------------------------
// Content: deterministic bytes, tar, gzip

const sha256 = data =>
  `sha256:${crypto.createHash('sha256').update(data).digest('hex')}`;

/** `size` pseudo-random bytes, always the same for the same seed (they do not compress). */
function bytes(seed, size) {
  const key = crypto.createHash('sha256').update(seed).digest().subarray(0, 16);
  return crypto
    .createCipheriv('aes-128-ctr', key, Buffer.alloc(16))
    .update(Buffer.alloc(size));
}

/** A tar archive of files (name → content), fixed owner and time. */
function tar(files) {
  const blocks = [];
  for (const [name, content] of Object.entries(files)) {
    const header = Buffer.alloc(512);
    const field = (offset, length, value) =>
      header.write(value, offset, length, 'ascii');
    const octal = (value, length) =>
      `${value.toString(8).padStart(length - 1, '0')}\0`;
    field(0, 100, name);
    field(100, 8, octal(0o644, 8));
    field(108, 8, octal(0, 8));
    field(116, 8, octal(0, 8));
    field(124, 12, octal(content.length, 12));
    field(136, 12, octal(1767225600, 12)); // 2026-01-01
    field(148, 8, '        ');
    field(156, 1, '0');
    field(257, 6, 'ustar\0');
    field(263, 2, '00');
    let sum = 0;
    for (const b of header) sum += b;
    field(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
    blocks.push(
      header,
      content,
      Buffer.alloc((512 - (content.length % 512)) % 512),
    );
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** A layer: the gzip'd tar (the blob) and the digest of the plain tar (the config's diff_id). */
function layer(files) {
  const plain = tar(files);
  return { blob: zlib.gzipSync(plain, { level: 6 }), diffId: sha256(plain) };
}

/** The shared runtime layers are built once, like the base image they stand for. */
const sharedLayers = new Map();
function sharedLayer(name, platform, size) {
  const key = `${name}/${platform}`;
  if (!sharedLayers.has(key)) {
    sharedLayers.set(
      key,
      layer({ [`opt/${name}/${platform}.bin`]: bytes(key, size) }),
    );
  }
  return sharedLayers.get(key);
}

// ---------------------------------------------------------------------------------------------
// Pushing over the Distribution API

async function expectStatus(res, status, what) {
  if (res.status !== status) {
    throw new Error(`${what}: ${res.status} ${await res.text()}`);
  }
}

async function uploadBlob(repo, content) {
  const digest = sha256(content);
  const head = await fetch(`${URL_BASE}/v2/${repo}/blobs/${digest}`, {
    method: 'HEAD',
  });
  if (head.status === 200) return digest;
  const startRes = await fetch(`${URL_BASE}/v2/${repo}/blobs/uploads/`, {
    method: 'POST',
  });
  await expectStatus(startRes, 202, `starting an upload to ${repo}`);
  const location = new URL(startRes.headers.get('location'), URL_BASE);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: content,
  });
  await expectStatus(put, 201, `uploading ${digest} to ${repo}`);
  return digest;
}

async function putManifest(repo, reference, mediaType, body) {
  const res = await fetch(`${URL_BASE}/v2/${repo}/manifests/${reference}`, {
    method: 'PUT',
    headers: { 'content-type': mediaType },
    body,
  });
  await expectStatus(res, 201, `pushing ${repo}:${reference}`);
}

/** The digest a tag points at now, or undefined. */
async function tagDigest(repo, tag) {
  const res = await fetch(`${URL_BASE}/v2/${repo}/manifests/${tag}`, {
    method: 'HEAD',
    headers: {
      accept: [
        'application/vnd.oci.image.manifest.v1+json',
        'application/vnd.oci.image.index.v1+json',
        'application/vnd.docker.distribution.manifest.v2+json',
        'application/vnd.docker.distribution.manifest.list.v2+json',
      ].join(', '),
    },
  });
  return res.status === 200
    ? res.headers.get('docker-content-digest')
    : undefined;
}

/** The runtime layers the images of a stack share (as a real base image would be). */
const STACKS = {
  jvm: [
    ['debian-bookworm-slim', 1_400_000],
    ['temurin-21-jre', 1_800_000],
  ],
  python: [
    ['debian-bookworm-slim', 1_400_000],
    ['python-3.12', 1_100_000],
  ],
  node: [
    ['debian-bookworm-slim', 1_400_000],
    ['node-22', 1_200_000],
  ],
  go: [['distroless-static', 400_000]],
};

/** Pushes one platform image by digest; returns its manifest. */
async function pushPlatformImage(repo, image, platform) {
  const [os, architecture] = platform.split('/');
  const layers = [
    ...STACKS[image.stack].map(([name, size]) =>
      sharedLayer(name, platform, size),
    ),
    layer({
      [`app/${repo}.bin`]: bytes(
        `${repo}@${image.tags[0]}/${platform}`,
        image.appSize ?? 250_000,
      ),
      'app/VERSION': Buffer.from(`${image.tags[0]}\n`),
    }),
  ];
  const config = Buffer.from(
    JSON.stringify({
      created: image.created,
      architecture,
      os,
      config: {
        Labels: {
          'org.opencontainers.image.source': `https://github.com/orbital-data/${
            repo.split('/')[0]
          }`,
          'org.opencontainers.image.version': image.tags[0],
        },
      },
      rootfs: { type: 'layers', diff_ids: layers.map(l => l.diffId) },
      history: layers.map(() => ({
        created: image.created,
        created_by: 'portal seed',
      })),
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: await uploadBlob(repo, config),
        size: config.length,
      },
      layers: await Promise.all(
        layers.map(async l => ({
          mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
          digest: await uploadBlob(repo, l.blob),
          size: l.blob.length,
        })),
      ),
    }),
  );
  return {
    manifest,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    platform: { os, architecture },
  };
}

/** The manifest (or index) of an image, its platform images already pushed. */
async function buildImage(repo, image) {
  if (image.chart) {
    const [name] = repo.split('/').slice(-1);
    const chartYaml = Buffer.from(
      `apiVersion: v2\nname: ${name}\nversion: ${image.tags[0]}\ntype: application\n`,
    );
    const chart = layer({
      [`${name}/Chart.yaml`]: chartYaml,
      [`${name}/templates/deployment.yaml`]: bytes(
        `${repo}@${image.tags[0]}`,
        6_000,
      ),
    });
    const config = Buffer.from(
      JSON.stringify({ name, version: image.tags[0], apiVersion: 'v2' }),
    );
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: {
          mediaType: 'application/vnd.cncf.helm.config.v1+json',
          digest: await uploadBlob(repo, config),
          size: config.length,
        },
        layers: [
          {
            mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
            digest: await uploadBlob(repo, chart.blob),
            size: chart.blob.length,
          },
        ],
        // Helm charts have no image config: their time is an annotation.
        annotations: { 'org.opencontainers.image.created': image.created },
      }),
    );
    return {
      manifest,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
    };
  }
  const platforms = image.platforms ?? ['linux/amd64'];
  if (platforms.length === 1)
    return pushPlatformImage(repo, image, platforms[0]);
  const children = [];
  for (const platform of platforms) {
    const child = await pushPlatformImage(repo, image, platform);
    const digest = sha256(child.manifest);
    await putManifest(repo, digest, child.mediaType, child.manifest);
    children.push({
      mediaType: child.mediaType,
      digest,
      size: child.manifest.length,
      platform: child.platform,
    });
  }
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: children,
    }),
  );
  return {
    manifest: index,
    mediaType: 'application/vnd.oci.image.index.v1+json',
  };
}

// ---------------------------------------------------------------------------------------------
// What is seeded: repositories of example components (see examples/catalog), oldest first.

const MULTI_ARCH = ['linux/amd64', 'linux/arm64'];

const SEED = {
  // shop-catalog-service: a clean history, a snapshot and develop built from the same commit.
  'shop/catalog-service': [
    { tags: ['1.0.0'], created: '2026-01-12T10:14:00Z', stack: 'jvm' },
    { tags: ['1.1.0'], created: '2026-02-03T15:02:00Z', stack: 'jvm' },
    { tags: ['1.2.0'], created: '2026-03-18T09:41:00Z', stack: 'jvm' },
    {
      tags: ['1.2.1'],
      created: '2026-04-02T13:27:00Z',
      stack: 'jvm',
      appSize: 260_000,
    },
    { tags: ['pr-128'], created: '2026-04-20T11:05:00Z', stack: 'jvm' },
    {
      tags: ['1.3.0-SNAPSHOT', 'develop', 'sha-3f9c2ab'],
      created: '2026-05-06T08:55:00Z',
      stack: 'jvm',
      appSize: 280_000,
    },
  ],
  // shop-order-service: `latest` and `develop` put on a release (the portal flags it).
  'shop/order-service': [
    {
      tags: ['2.3.0'],
      created: '2026-01-20T12:00:00Z',
      stack: 'jvm',
      appSize: 310_000,
    },
    {
      tags: ['2.4.0'],
      created: '2026-03-02T16:30:00Z',
      stack: 'jvm',
      appSize: 320_000,
    },
    {
      tags: ['2.4.1', 'latest', 'develop'],
      created: '2026-03-25T10:10:00Z',
      stack: 'jvm',
      appSize: 320_500,
    },
    {
      tags: ['2.5.0-SNAPSHOT'],
      created: '2026-05-11T17:45:00Z',
      stack: 'jvm',
      appSize: 340_000,
    },
  ],
  // shop-storefront: multi-platform images (OCI image indexes).
  'shop/storefront': [
    {
      tags: ['3.0.0'],
      created: '2026-02-10T09:00:00Z',
      stack: 'node',
      platforms: MULTI_ARCH,
    },
    {
      tags: ['3.1.0'],
      created: '2026-04-14T09:30:00Z',
      stack: 'node',
      platforms: MULTI_ARCH,
      appSize: 420_000,
    },
    {
      tags: ['3.2.0-SNAPSHOT'],
      created: '2026-05-04T14:20:00Z',
      stack: 'node',
      platforms: MULTI_ARCH,
      appSize: 430_000,
    },
    {
      tags: ['develop', 'main'],
      created: '2026-05-12T07:50:00Z',
      stack: 'node',
      platforms: MULTI_ARCH,
      appSize: 431_000,
    },
  ],
  // lumen-reports-service
  'lumen/reports-service': [
    {
      tags: ['0.8.0'],
      created: '2026-01-08T08:00:00Z',
      stack: 'python',
      appSize: 180_000,
    },
    {
      tags: ['0.9.0'],
      created: '2026-02-26T08:00:00Z',
      stack: 'python',
      appSize: 190_000,
    },
    {
      tags: ['0.9.1'],
      created: '2026-03-09T08:00:00Z',
      stack: 'python',
      appSize: 190_500,
    },
    {
      tags: ['1.0.0-SNAPSHOT'],
      created: '2026-04-28T08:00:00Z',
      stack: 'python',
      appSize: 205_000,
    },
    {
      tags: ['develop', 'nightly-20260510'],
      created: '2026-05-10T02:00:00Z',
      stack: 'python',
      appSize: 206_000,
    },
  ],
  // lumen-ingest-service
  'lumen/ingest-service': [
    {
      tags: ['1.4.0'],
      created: '2026-02-16T11:00:00Z',
      stack: 'python',
      appSize: 150_000,
    },
    {
      tags: ['1.4.1'],
      created: '2026-03-30T11:00:00Z',
      stack: 'python',
      appSize: 151_000,
    },
    {
      tags: ['feature-grpc-streaming'],
      created: '2026-04-22T15:00:00Z',
      stack: 'python',
      appSize: 170_000,
    },
    {
      tags: ['1.5.0-SNAPSHOT', 'develop'],
      created: '2026-05-08T09:15:00Z',
      stack: 'python',
      appSize: 168_000,
    },
  ],
  // argocd: a mirrored upstream image, whose `v`-prefixed versions are "other" tags.
  'platform/argocd': [
    {
      tags: ['v2.12.4'],
      created: '2026-01-15T00:00:00Z',
      stack: 'go',
      platforms: MULTI_ARCH,
      appSize: 600_000,
    },
    {
      tags: ['v2.13.1'],
      created: '2026-03-05T00:00:00Z',
      stack: 'go',
      platforms: MULTI_ARCH,
      appSize: 610_000,
    },
    {
      tags: ['v2.13.2', 'latest'],
      created: '2026-04-09T00:00:00Z',
      stack: 'go',
      platforms: MULTI_ARCH,
      appSize: 612_000,
    },
  ],
  // dokaseca-charts: Helm charts published as OCI artifacts.
  'charts/web-service': [
    { tags: ['0.3.0'], created: '2026-01-27T10:00:00Z', chart: true },
    { tags: ['0.4.0'], created: '2026-03-13T10:00:00Z', chart: true },
    { tags: ['0.4.1'], created: '2026-04-17T10:00:00Z', chart: true },
    { tags: ['0.5.0-SNAPSHOT'], created: '2026-05-05T10:00:00Z', chart: true },
  ],
};

async function seed() {
  if ((await probe()) !== 'registry') {
    throw new Error(
      `no OCI registry on ${URL_BASE}: run \`node scripts/registry.mjs start\` first`,
    );
  }
  let pushed = 0;
  let present = 0;
  for (const [repo, images] of Object.entries(SEED)) {
    for (const image of images) {
      const missing = [];
      for (const tag of image.tags) {
        if (await tagDigest(repo, tag)) present++;
        else missing.push(tag);
      }
      if (!missing.length) continue;
      const { manifest, mediaType } = await buildImage(repo, image);
      for (const tag of missing) {
        await putManifest(repo, tag, mediaType, manifest);
        pushed++;
      }
    }
  }
  log(
    `OCI registry ${URL_BASE}: ${pushed} example tags pushed, ${present} already there, in ${
      Object.keys(SEED).length
    } repositories`,
  );
}

const commands = { start, stop, seed };
const command = process.argv[2];
if (!commands[command]) {
  process.stderr.write('usage: node scripts/registry.mjs start|seed|stop\n');
  process.exit(2);
}
commands[command]().catch(error => {
  log(`registry ${command}: ${error.message}`);
  process.exit(1);
});
