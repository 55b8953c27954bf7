/**
 * The OCI provider against a REAL registry: Debian's docker-registry (Distribution 2.8) on
 * 127.0.0.1, filled by the test over the Distribution API. What Distribution 2.8 cannot be made
 * to do (paginate tags, rate limit, hang) comes from a small front that passes everything else on.
 */
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { RepositoryReadError } from '../types';
import {
  deleteManifest,
  freePort,
  PaginatingProxy,
  PushedImage,
  pushImage,
  pushIndex,
  MEDIA_TYPES,
  startPaginatingProxy,
  startRegistry,
  TestRegistry,
} from '../../__testUtils__/registry';
import {
  OciRegistryProvider,
  OciRegistryProviderOptions,
} from './OciRegistryProvider';

jest.setTimeout(60_000);

let registry: TestRegistry;

beforeAll(async () => {
  registry = await startRegistry();
});

afterAll(async () => {
  await registry?.stop();
});

function providerFor(
  url: string,
  options?: OciRegistryProviderOptions,
): OciRegistryProvider {
  return OciRegistryProvider.fromConfig(
    new ConfigReader({
      containerImages: {
        oci: { registries: [{ host: 'registry.test', url }] },
      },
    }),
    options,
  );
}

async function read(provider: OciRegistryProvider, name: string) {
  return provider.listImages(provider.parse(`registry.test/${name}`));
}

async function readError(
  provider: OciRegistryProvider,
  name: string,
): Promise<RepositoryReadError> {
  const error = await read(provider, name).then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(RepositoryReadError);
  return error;
}

describe('parse', () => {
  const provider = new OciRegistryProvider([
    { host: 'registry.test', url: 'http://127.0.0.1:1' },
    { host: 'localhost:5000' },
  ]);

  it('reads <host>/<name> of a configured registry', () => {
    expect(provider.parse('registry.test/shop/orders-service')).toEqual({
      ref: 'registry.test/shop/orders-service',
      provider: 'oci',
      name: 'shop/orders-service',
      registry: 'registry.test',
    });
    expect(provider.parse('localhost:5000/a.b_c__d--e/f')).toMatchObject({
      name: 'a.b_c__d--e/f',
      registry: 'localhost:5000',
    });
  });

  it.each([
    'ghcr.io/shop/orders',
    'REGISTRY.test/shop/orders',
    'registry.test.attacker.example/shop/orders',
    'registry.test:443/shop/orders',
    'user@registry.test/shop/orders',
    '169.254.169.254/latest/meta-data',
  ])('refuses %s: only configured hosts are ever called', ref => {
    const host = ref.slice(0, ref.indexOf('/'));
    expect(() => provider.parse(ref)).toThrow(
      new InputError(
        `registry ${host} is not configured (containerImages.oci.registries)`,
      ),
    );
  });

  it.each([
    'registry.test/Shop/Orders',
    'registry.test/shop/orders:1.0.0',
    'registry.test/shop/orders@sha256:0123',
    'registry.test/../admin',
    'registry.test/shop//orders',
    'registry.test/shop/orders/',
    'registry.test/-orders',
    'registry.test/a___b',
    'registry.test/shop/orders?n=1',
    `registry.test/${'a'.repeat(250)}`,
  ])('refuses the malformed name in %s', ref => {
    expect(() => provider.parse(ref)).toThrow(/is not a repository name/);
  });

  it.each(['orders-service', '/shop/orders', 'registry.test/', ''])(
    'refuses %j without host and name',
    ref => {
      expect(() => provider.parse(ref)).toThrow(
        /must be written <host>\/<name>/,
      );
    },
  );

  it('refuses a configuration that could be abused or is half done', () => {
    expect(
      () => new OciRegistryProvider([{ host: 'https://ghcr.io' }]),
    ).toThrow(/must be a host name/);
    expect(
      () => new OciRegistryProvider([{ host: 'ghcr.io', url: 'file:///etc' }]),
    ).toThrow(/must be http\(s\)/);
    expect(
      () => new OciRegistryProvider([{ host: 'ghcr.io', username: 'ci' }]),
    ).toThrow(/both username and password/);
  });
});

describe('listImages', () => {
  describe('a repository with releases, snapshots and moving tags', () => {
    const images: Record<string, PushedImage> = {};

    beforeAll(async () => {
      images.v100 = await pushImage(
        registry.url,
        'shop/orders-service',
        ['1.0.0'],
        {
          created: '2026-01-10T09:00:00Z',
          layers: ['base layer', 'orders 1.0.0'],
        },
      );
      images.v110 = await pushImage(
        registry.url,
        'shop/orders-service',
        ['1.1.0', 'latest'],
        {
          created: '2026-02-01T09:00:00Z',
          layers: ['base layer', 'orders 1.1.0'],
        },
      );
      images.snapshot = await pushImage(
        registry.url,
        'shop/orders-service',
        ['1.2.0-SNAPSHOT'],
        { created: '2026-03-01T09:00:00Z' },
      );
      images.develop = await pushImage(
        registry.url,
        'shop/orders-service',
        ['develop'],
        {
          created: '2026-03-02T09:00:00Z',
        },
      );
      // Pushed by digest only: not an image anybody can pull by tag, so not listed.
      await pushImage(registry.url, 'shop/orders-service', [], {
        created: '2026-03-03T09:00:00Z',
      });
    });

    it('lists every tagged image once, with its tags, digest, size, media type and build time', async () => {
      const repo = await read(providerFor(registry.url), 'shop/orders-service');
      expect(repo.parsed.ref).toBe('registry.test/shop/orders-service');
      const byDigest = Object.fromEntries(repo.images.map(i => [i.digest, i]));
      expect(Object.keys(byDigest).sort()).toEqual(
        Object.values(images)
          .map(i => i.digest)
          .sort(),
      );
      expect(byDigest[images.v110.digest]).toEqual({
        digest: images.v110.digest,
        tags: ['1.1.0', 'latest'],
        pushedAt: new Date('2026-02-01T09:00:00Z'),
        sizeBytes: images.v110.sizeBytes,
        mediaType: MEDIA_TYPES.ociManifest,
      });
      expect(byDigest[images.v100.digest].tags).toEqual(['1.0.0']);
      expect(byDigest[images.snapshot.digest]).toMatchObject({
        tags: ['1.2.0-SNAPSHOT'],
        pushedAt: new Date('2026-03-01T09:00:00Z'),
      });
      expect(byDigest[images.develop.digest].tags).toEqual(['develop']);
    });

    it('reports no scans, no tag mutability and no lifecycle policy: registries have none', async () => {
      const provider = providerFor(registry.url);
      const repo = await read(provider, 'shop/orders-service');
      expect(repo.images.every(i => i.scan === undefined)).toBe(true);
      expect(repo.tagMutability).toBeUndefined();
      expect(repo.lifecyclePolicyText).toBeUndefined();
      expect(
        await provider.getFindings(repo.parsed, images.v100.digest),
      ).toEqual({
        scan: { status: 'NOT_SCANNED', findingCounts: {} },
        findings: [],
      });
    });

    it('reads each manifest and config once, and on later reads only the tags', async () => {
      const provider = providerFor(registry.url);
      const first = await read(provider, 'shop/orders-service');
      // tag list + HEAD per tag (5) + manifest and config blob per digest (4 × 2)
      expect(first.calls).toBe(1 + 5 + 8);
      const second = await read(provider, 'shop/orders-service');
      expect(second.calls).toBe(1 + 5);
      expect(second.images).toEqual(first.images);
    });

    it('sees a tag that moved to a new image on the next read', async () => {
      const provider = providerFor(registry.url);
      await read(provider, 'shop/orders-service');
      const rebuilt = await pushImage(
        registry.url,
        'shop/orders-service',
        ['develop'],
        {
          created: '2026-03-05T09:00:00Z',
        },
      );
      const repo = await read(provider, 'shop/orders-service');
      expect(repo.images.find(i => i.tags.includes('develop'))).toMatchObject({
        digest: rebuilt.digest,
        pushedAt: new Date('2026-03-05T09:00:00Z'),
      });
      expect(repo.images.map(i => i.digest)).not.toContain(
        images.develop.digest,
      );
      images.develop = rebuilt;
    });
  });

  describe('250 tags', () => {
    const digests = new Set<string>();

    beforeAll(async () => {
      // 50 images with 5 tags each.
      for (let i = 0; i < 50; i++) {
        const tags = [0, 1, 2, 3, 4].map(j => `1.${i}.${j}`);
        const image = await pushImage(registry.url, 'shop/many-tags', tags, {
          created: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
        });
        digests.add(image.digest);
      }
    });

    it('lists them all when the registry answers in one page', async () => {
      // Distribution 2.8 ignores `n` for tags and answers everything at once.
      const repo = await read(
        providerFor(registry.url, { pageSize: 100 }),
        'shop/many-tags',
      );
      expect(repo.images).toHaveLength(50);
      expect(repo.images.flatMap(i => i.tags)).toHaveLength(250);
      expect(new Set(repo.images.map(i => i.digest))).toEqual(digests);
    });

    describe('behind a registry that pages the tag list', () => {
      let proxy: PaginatingProxy;

      beforeAll(async () => {
        proxy = await startPaginatingProxy(registry.url);
      });

      afterAll(async () => {
        await proxy?.stop();
      });

      it('follows the Link header across every page, asking for n tags per page', async () => {
        proxy.requests.length = 0;
        const repo = await read(
          providerFor(proxy.url, { pageSize: 100 }),
          'shop/many-tags',
        );
        // The spec's order: lexical, each page starting after the last tag of the one before.
        const all = [...Array(250)]
          .map((_, k) => `1.${Math.floor(k / 5)}.${k % 5}`)
          .sort();
        expect(repo.images.flatMap(i => i.tags).sort()).toEqual(all);
        const pages = proxy.requests.filter(r => r.includes('/tags/list'));
        expect(pages).toEqual([
          '/v2/shop/many-tags/tags/list?n=100',
          `/v2/shop/many-tags/tags/list?n=100&last=${all[99]}`,
          `/v2/shop/many-tags/tags/list?n=100&last=${all[199]}`,
        ]);
        const image = repo.images.find(i => i.tags.includes('1.7.3'));
        expect(image).toMatchObject({
          tags: ['1.7.0', '1.7.1', '1.7.2', '1.7.3', '1.7.4'],
          pushedAt: new Date('2026-01-08T00:00:00Z'),
        });
      });
    });
  });

  describe('pagination links elsewhere', () => {
    it.each([
      ['another host', 'http://169.254.169.254'],
      ['another port of the same host', 'http://127.0.0.1:1'],
    ])('are not followed to %s', async (_, linkOrigin) => {
      await pushImage(registry.url, 'shop/linked', ['1.0.0', '1.1.0']);
      const proxy = await startPaginatingProxy(registry.url, { linkOrigin });
      try {
        const error = await readError(
          providerFor(proxy.url, { pageSize: 1 }),
          'shop/linked',
        );
        expect(error.code).toBe('INVALID_PAGINATION_LINK');
        expect(error.message).toContain(
          `${linkOrigin}/v2/shop/linked/tags/list`,
        );
        expect(error.message).toContain('not followed');
      } finally {
        await proxy.stop();
      }
    });
  });

  describe('deleted images and tags', () => {
    it('leaves out an image deleted from the registry, with its tags', async () => {
      const kept = await pushImage(registry.url, 'shop/deleted', ['1.0.0'], {
        created: '2026-01-01T00:00:00Z',
      });
      const removed = await pushImage(
        registry.url,
        'shop/deleted',
        ['1.1.0', 'latest'],
        {
          created: '2026-02-01T00:00:00Z',
        },
      );
      const provider = providerFor(registry.url);
      expect((await read(provider, 'shop/deleted')).images).toHaveLength(2);

      await deleteManifest(registry.url, 'shop/deleted', removed.digest);

      const repo = await read(provider, 'shop/deleted');
      expect(repo.images).toEqual([
        expect.objectContaining({ digest: kept.digest, tags: ['1.0.0'] }),
      ]);
    });

    it('skips a tag that is listed but gone by the time it is read', async () => {
      const image = await pushImage(registry.url, 'shop/racing', ['1.0.0']);
      const proxy = await startPaginatingProxy(registry.url, {
        phantomTags: ['1.0.1'],
      });
      try {
        const repo = await read(providerFor(proxy.url), 'shop/racing');
        expect(repo.images).toEqual([
          expect.objectContaining({ digest: image.digest, tags: ['1.0.0'] }),
        ]);
        expect(proxy.requests).toContain('/v2/shop/racing/manifests/1.0.1');
      } finally {
        await proxy.stop();
      }
    });

    it('reports a repository whose every image was deleted as empty', async () => {
      const only = await pushImage(registry.url, 'shop/emptied', ['1.0.0']);
      await deleteManifest(registry.url, 'shop/emptied', only.digest);
      const repo = await read(providerFor(registry.url), 'shop/emptied');
      expect(repo.images).toEqual([]);
    });
  });

  describe('multi-platform images', () => {
    it('describes an index by its linux/amd64 image, keeping the index media type', async () => {
      const index = await pushIndex(
        registry.url,
        'shop/multi-arch',
        ['2.0.0', 'latest'],
        [
          // BuildKit puts its attestations in the index as unknown/unknown.
          {
            os: 'unknown',
            architecture: 'unknown',
            created: '2026-04-01T00:00:00Z',
          },
          {
            os: 'linux',
            architecture: 'arm64',
            created: '2026-04-02T00:00:00Z',
            layers: ['arm64 base', 'arm64 app', 'arm64 extra'],
          },
          {
            os: 'linux',
            architecture: 'amd64',
            created: '2026-04-03T00:00:00Z',
          },
        ],
      );
      const repo = await read(providerFor(registry.url), 'shop/multi-arch');
      expect(repo.images).toEqual([
        {
          digest: index.digest,
          tags: ['2.0.0', 'latest'],
          mediaType: MEDIA_TYPES.ociIndex,
          sizeBytes: index.manifests[2].sizeBytes,
          pushedAt: new Date('2026-04-03T00:00:00Z'),
        },
      ]);
    });

    it('takes the first real platform when there is no linux/amd64', async () => {
      const index = await pushIndex(
        registry.url,
        'shop/arm-only',
        ['1.0.0'],
        [
          {
            os: 'unknown',
            architecture: 'unknown',
            created: '2026-05-01T00:00:00Z',
          },
          {
            os: 'linux',
            architecture: 'arm64',
            created: '2026-05-02T00:00:00Z',
          },
          {
            os: 'linux',
            architecture: 's390x',
            created: '2026-05-03T00:00:00Z',
          },
        ],
      );
      const repo = await read(providerFor(registry.url), 'shop/arm-only');
      expect(repo.images[0]).toMatchObject({
        sizeBytes: index.manifests[1].sizeBytes,
        pushedAt: new Date('2026-05-02T00:00:00Z'),
      });
    });
  });

  describe('other manifest kinds', () => {
    it('reads Docker v2 (schema 2) images like OCI ones', async () => {
      const image = await pushImage(
        registry.url,
        'shop/docker-built',
        ['3.1.0'],
        {
          docker: true,
          created: '2026-06-01T12:30:00Z',
        },
      );
      const repo = await read(providerFor(registry.url), 'shop/docker-built');
      expect(repo.images).toEqual([
        {
          digest: image.digest,
          tags: ['3.1.0'],
          mediaType: MEDIA_TYPES.dockerManifest,
          sizeBytes: image.sizeBytes,
          pushedAt: new Date('2026-06-01T12:30:00Z'),
        },
      ]);
    });

    it('takes an artifact’s time from its annotations and never downloads its config', async () => {
      const chart = await pushImage(
        registry.url,
        'charts/web-service',
        ['0.4.2'],
        {
          configMediaType: 'application/vnd.cncf.helm.config.v1+json',
          annotations: {
            'org.opencontainers.image.created': '2026-07-01T08:00:00Z',
          },
        },
      );
      const proxy = await startPaginatingProxy(registry.url);
      try {
        const repo = await read(providerFor(proxy.url), 'charts/web-service');
        expect(repo.images).toEqual([
          expect.objectContaining({
            digest: chart.digest,
            sizeBytes: chart.sizeBytes,
            pushedAt: new Date('2026-07-01T08:00:00Z'),
          }),
        ]);
        expect(proxy.requests.filter(r => r.includes('/blobs/'))).toEqual([]);
      } finally {
        await proxy.stop();
      }
    });

    it('has no pushed time for a reproducible build (created at the epoch)', async () => {
      await pushImage(registry.url, 'shop/reproducible', ['1.0.0'], {
        created: '1970-01-01T00:00:00Z',
      });
      const repo = await read(providerFor(registry.url), 'shop/reproducible');
      expect(repo.images[0].pushedAt).toBeUndefined();
    });
  });

  describe('errors', () => {
    it('reports a missing repository as NAME_UNKNOWN', async () => {
      const error = await readError(
        providerFor(registry.url),
        'shop/does-not-exist',
      );
      expect(error).toMatchObject({
        code: 'NAME_UNKNOWN',
        statusCode: 404,
        message:
          'repository shop/does-not-exist does not exist in registry registry.test: repository name not known to registry',
      });
    });

    it.each([
      [
        429,
        'TOOMANYREQUESTS',
        'pull rate limit exceeded',
        { 'retry-after': '30' },
        'registry registry.test is rate limiting reads of shop/failing (listing tags); retry after 30 s: pull rate limit exceeded',
      ],
      [
        403,
        'DENIED',
        'requested access to the resource is denied',
        {},
        'registry registry.test denies access to shop/failing (listing tags): requested access to the resource is denied',
      ],
      [
        401,
        'UNAUTHORIZED',
        'authentication required',
        {},
        'registry registry.test needs credentials to read shop/failing: configure a username and password in containerImages.oci.registries: authentication required',
      ],
    ])(
      'reports %i with the registry’s code %s',
      async (status, code, detail, headers, message) => {
        const proxy = await startPaginatingProxy(registry.url, {
          respond: () => ({
            status,
            headers: { 'content-type': 'application/json', ...headers },
            body: JSON.stringify({
              errors: [{ code, message: detail, detail: null }],
            }),
          }),
        });
        try {
          const error = await readError(providerFor(proxy.url), 'shop/failing');
          expect(error).toMatchObject({ code, statusCode: status, message });
        } finally {
          await proxy.stop();
        }
      },
    );

    it('names the status when the answer is not a registry error', async () => {
      const proxy = await startPaginatingProxy(registry.url, {
        respond: () => ({ status: 502, body: '<html>Bad gateway</html>' }),
      });
      try {
        const error = await readError(providerFor(proxy.url), 'shop/failing');
        expect(error).toMatchObject({
          code: 'HTTP_502',
          statusCode: 502,
          message:
            'registry registry.test answered 502 HTTP_502 while listing tags of shop/failing',
        });
      } finally {
        await proxy.stop();
      }
    });

    it('fails the repository when a manifest read fails, not only the tag list', async () => {
      await pushImage(registry.url, 'shop/half-failing', ['1.0.0']);
      const proxy = await startPaginatingProxy(registry.url, {
        respond: path =>
          path.includes('/manifests/')
            ? {
                status: 429,
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({
                  errors: [{ code: 'TOOMANYREQUESTS', message: 'slow down' }],
                }),
              }
            : undefined,
      });
      try {
        const error = await readError(
          providerFor(proxy.url),
          'shop/half-failing',
        );
        expect(error).toMatchObject({
          code: 'TOOMANYREQUESTS',
          statusCode: 429,
        });
        expect(error.message).toContain('reading tag 1.0.0');
      } finally {
        await proxy.stop();
      }
    });

    it('does not follow a redirect of an API call to another host', async () => {
      const proxy = await startPaginatingProxy(registry.url, {
        respond: () => ({
          status: 307,
          headers: { location: 'http://169.254.169.254/latest/meta-data' },
        }),
      });
      try {
        const error = await readError(
          providerFor(proxy.url),
          'shop/orders-service',
        );
        expect(error.code).toBe('UNEXPECTED_REDIRECT');
        expect(error.message).toContain('not followed');
      } finally {
        await proxy.stop();
      }
    });

    it('reports a registry that does not answer in time', async () => {
      const proxy = await startPaginatingProxy(registry.url, {
        respond: () => 'hang',
      });
      try {
        const error = await readError(
          providerFor(proxy.url, { requestTimeoutMs: 200 }),
          'shop/orders-service',
        );
        expect(error.code).toBe('TIMEOUT');
        expect(error.message).toBe(
          'registry registry.test did not answer within 0.2 s while listing tags of shop/orders-service',
        );
      } finally {
        await proxy.stop();
      }
    });

    it('reports a registry nobody listens on', async () => {
      const port = await freePort();
      const error = await readError(
        providerFor(`http://127.0.0.1:${port}`),
        'shop/orders-service',
      );
      expect(error.code).toBe('UNREACHABLE');
      expect(error.message).toContain(
        `could not be reached at http://127.0.0.1:${port}`,
      );
    });
  });
});
