import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ImageRegistryProvider,
  ParsedRepositoryRef,
  RawImage,
  RawRepository,
  RepositoryReadError,
} from '../providers/types';
import { ContainerImagesService } from './ContainerImagesService';
import { OverwrittenTag, StableTagHistory } from './StableTagHistory';

const ARN = 'arn:aws:ecr:eu-central-1:104729384756:repository/shop/orders';
const OTHER_ARN =
  'arn:aws:ecr:eu-central-1:104729384756:repository/shop/denied';
const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

const service = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', namespace: 'default', annotations },
  spec: {
    type: 'service',
    owner: 'group:default/shop-backend',
    lifecycle: 'production',
  },
});

/** A provider whose repositories the tests set; it counts its calls. */
class FakeProvider implements ImageRegistryProvider {
  readonly type = 'ecr' as const;
  repos = new Map<string, Partial<RawRepository> & { images: RawImage[] }>();
  failures = new Map<string, Error>();
  calls: string[] = [];
  findingsCalls = 0;
  /** Resolves listImages only when released, to test coalescing. */
  gate?: Promise<void>;

  parse(ref: string): ParsedRepositoryRef {
    const m = /^arn:aws:ecr:([^:]+):(\d{12}):repository\/(.+)$/.exec(ref);
    if (!m) throw new InputError(`Not an ECR repository ARN: ${ref}`);
    return {
      ref,
      provider: 'ecr',
      region: m[1],
      accountId: m[2],
      name: m[3],
      registry: `${m[2]}.dkr.ecr.${m[1]}.amazonaws.com`,
    };
  }

  async listImages(parsed: ParsedRepositoryRef): Promise<RawRepository> {
    this.calls.push(parsed.ref);
    await this.gate;
    const failure = this.failures.get(parsed.ref);
    if (failure) throw failure;
    const repo = this.repos.get(parsed.ref);
    if (!repo) {
      throw new RepositoryReadError(
        `The repository ${parsed.name} does not exist`,
        'RepositoryNotFoundException',
        400,
      );
    }
    return { parsed, calls: 1, ...repo };
  }

  async getFindings() {
    this.findingsCalls++;
    return {
      scan: { status: 'COMPLETE', findingCounts: { HIGH: 1 } },
      findings: [{ name: 'CVE-2026-0001', severity: 'HIGH' as const }],
    };
  }
}

class FakeHistory implements StableTagHistory {
  overwritten: OverwrittenTag[] = [];
  observed: Array<{ repository: string; tags: string[] }> = [];
  async observe(
    repository: string,
    tags: Array<{ tag: string; digest: string }>,
  ) {
    this.observed.push({ repository, tags: tags.map(t => t.tag) });
    return this.overwritten.filter(o => tags.some(t => t.tag === o.tag));
  }
}

const image = (n: number, tags: string[], pushed: string): RawImage => ({
  digest: digest(n),
  tags,
  pushedAt: new Date(pushed),
  sizeBytes: 50_000_000 + n,
  scan: { status: 'COMPLETE', findingCounts: { CRITICAL: n % 2, HIGH: 2 } },
});

function setup(
  options: { entity?: Entity; deny?: boolean; ttlMs?: number } = {},
) {
  const provider = new FakeProvider();
  provider.repos.set(ARN, {
    tagMutability: 'IMMUTABLE_WITH_EXCLUSION',
    tagMutabilityExclusions: ['*-SNAPSHOT', 'develop'],
    lifecyclePolicyText: JSON.stringify({
      rules: [
        {
          rulePriority: 1,
          description: 'keep 10 snapshots',
          selection: {
            tagStatus: 'tagged',
            tagPatternList: ['*-SNAPSHOT'],
            countType: 'imageCountMoreThan',
            countNumber: 10,
          },
          action: { type: 'expire' },
        },
      ],
    }),
    images: [
      image(1, ['1.9.0'], '2026-10-01T10:00:00Z'),
      image(2, ['1.10.0'], '2026-11-01T10:00:00Z'),
      image(3, ['1.11.0-SNAPSHOT', 'develop'], '2026-11-20T10:00:00Z'),
      image(4, ['sha-4f2a9c1'], '2026-11-21T10:00:00Z'),
      // A hotfix of an older line pushed after the newest release.
      image(5, ['1.9.1'], '2026-11-10T10:00:00Z'),
    ],
  });
  const history = new FakeHistory();
  let now = Date.parse('2026-11-24T10:00:00Z');
  const catalog = catalogServiceMock({
    entities: [
      options.entity ?? service({ 'platform-portal.io/ecr-repositories': ARN }),
    ],
  });
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(() => ({
        result: options.deny ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
      })),
  });
  const svc = new ContainerImagesService({
    providers: [provider],
    catalog,
    permissions,
    history,
    logger: mockServices.logger.mock(),
    cacheTtlMs: options.ttlMs ?? 60_000,
    now: () => now,
  });
  return {
    svc,
    provider,
    history,
    permissions,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const user = mockCredentials.user('user:default/amelie.durand');

describe('ContainerImagesService', () => {
  it('lists every tagged image newest first, with classes, the latest stable and snapshot, and the lifecycle policy', async () => {
    const { svc } = setup();
    const res = await svc.getEntityImages('component:default/orders', user);
    expect(res.errors).toEqual([]);
    const [repo] = res.repositories;
    expect(
      repo.images.map(i => i.tags.map(t => `${t.name}:${t.class}`)),
    ).toEqual([
      ['sha-4f2a9c1:other'],
      ['develop:moving', '1.11.0-SNAPSHOT:snapshot'],
      ['1.9.1:stable'],
      ['1.10.0:stable'],
      ['1.9.0:stable'],
    ]);
    // The highest version, not the most recently pushed hotfix.
    expect(repo.latestStable).toEqual({
      tag: '1.10.0',
      digest: digest(2),
      pushedAt: '2026-11-01T10:00:00.000Z',
      scan: { status: 'COMPLETE', findingCounts: { CRITICAL: 0, HIGH: 2 } },
    });
    expect(repo.totalImages).toBe(5);
    expect(repo.latestSnapshot?.tag).toBe('1.11.0-SNAPSHOT');
    expect(repo.countsByClass).toEqual({
      stable: 3,
      snapshot: 1,
      moving: 1,
      other: 1,
    });
    expect(repo.lifecyclePolicy?.rules).toEqual([
      {
        priority: 1,
        description: 'keep 10 snapshots',
        summary: 'tagged (matching *-SNAPSHOT) images, more than 10 → expire',
      },
    ]);
    expect(repo.violations).toEqual([]);
    expect(repo).toMatchObject({
      registry: '104729384756.dkr.ecr.eu-central-1.amazonaws.com',
      name: 'shop/orders',
      fetchedAt: '2026-11-24T10:00:00.000Z',
    });
  });

  it('reports a failing repository next to the others, and a malformed reference as its own error', async () => {
    const { svc, provider } = setup({
      entity: service({
        'platform-portal.io/ecr-repositories': `${ARN}, ${OTHER_ARN}, not-an-arn`,
      }),
    });
    provider.failures.set(
      OTHER_ARN,
      new RepositoryReadError(
        'AccessDeniedException: the portal may not call ecr:DescribeImages',
        'AccessDeniedException',
        400,
      ),
    );
    const res = await svc.getEntityImages('component:default/orders', user);
    expect(res.repositories.map(r => r.ref)).toEqual([ARN]);
    expect(res.errors).toEqual(
      expect.arrayContaining([
        {
          ref: OTHER_ARN,
          provider: 'ecr',
          error: {
            name: 'AccessDeniedException',
            message:
              'AccessDeniedException: the portal may not call ecr:DescribeImages',
            statusCode: 400,
          },
        },
        {
          ref: 'not-an-arn',
          provider: 'ecr',
          error: {
            name: 'InputError',
            message: 'Not an ECR repository ARN: not-an-arn',
          },
        },
      ]),
    );
  });

  it('says when no provider serves a declared kind of repository', async () => {
    const { svc } = setup({
      entity: service({
        'platform-portal.io/oci-repositories': 'registry.local/orders',
      }),
    });
    const res = await svc.getEntityImages('component:default/orders', user);
    expect(res.errors).toEqual([
      expect.objectContaining({
        ref: 'registry.local/orders',
        error: expect.objectContaining({ name: 'NotConfigured' }),
      }),
    ]);
  });

  it('serves from the cache within the TTL, coalesces concurrent requests, and refreshes on request or expiry', async () => {
    const { svc, provider, advance } = setup({ ttlMs: 30_000 });
    let release!: () => void;
    provider.gate = new Promise(r => {
      release = r;
    });
    const concurrent = Promise.all(
      Array.from({ length: 10 }, () =>
        svc.getEntityImages('component:default/orders', user),
      ),
    );
    release();
    await concurrent;
    expect(provider.calls).toEqual([ARN]);
    await svc.getEntityImages('component:default/orders', user);
    expect(provider.calls).toHaveLength(1);
    await svc.getEntityImages('component:default/orders', user, {
      refresh: true,
    });
    expect(provider.calls).toHaveLength(2);
    advance(30_001);
    await svc.getEntityImages('component:default/orders', user);
    expect(provider.calls).toHaveLength(3);
  });

  it('judges a repository once per read, and cuts the image list to a limit', async () => {
    const { svc, history } = setup();
    await svc.getEntityImages('component:default/orders', user);
    const summary = await svc.getEntityImages(
      'component:default/orders',
      user,
      {
        limit: 0,
      },
    );
    expect(history.observed).toHaveLength(1);
    expect(summary.repositories[0]).toMatchObject({
      images: [],
      totalImages: 5,
      latestStable: { tag: '1.10.0' },
    });
    const two = await svc.getEntityImages('component:default/orders', user, {
      limit: 2,
    });
    expect(two.repositories[0].images.map(i => i.tags[0].name)).toEqual([
      'sha-4f2a9c1',
      'develop',
    ]);
  });

  it('does not keep a failure: the next request asks again', async () => {
    const { svc, provider } = setup();
    provider.failures.set(
      ARN,
      new RepositoryReadError('slow down', 'ThrottlingException', 400),
    );
    expect(
      (await svc.getEntityImages('component:default/orders', user)).errors,
    ).toHaveLength(1);
    provider.failures.clear();
    const res = await svc.getEntityImages('component:default/orders', user);
    expect(res.errors).toEqual([]);
    expect(provider.calls).toHaveLength(2);
  });

  it('flags a mutable repository holding stable tags', async () => {
    const { svc, provider } = setup();
    provider.repos.get(ARN)!.tagMutability = 'MUTABLE';
    const [repo] = (await svc.getEntityImages('component:default/orders', user))
      .repositories;
    expect(repo.violations).toEqual([
      expect.objectContaining({
        kind: 'mutable-stable-tags',
        message: expect.stringMatching(
          /MUTABLE\) lets stable tags be overwritten \(3 stable tags/,
        ),
      }),
    ]);
  });

  it('flags an exclusion filter that makes stable tags mutable', async () => {
    const { svc, provider } = setup();
    provider.repos.get(ARN)!.tagMutabilityExclusions = ['1.*'];
    const [repo] = (await svc.getEntityImages('component:default/orders', user))
      .repositories;
    expect(repo.violations.map(v => v.kind)).toEqual(['mutable-stable-tags']);
  });

  it('flags a stable tag whose digest changed since it was first seen', async () => {
    const { svc, history } = setup();
    history.overwritten = [
      {
        tag: '1.10.0',
        digest: digest(2),
        previousDigest: digest(99),
        previousSeenAt: new Date('2026-11-01T10:05:00Z'),
      },
    ];
    const [repo] = (await svc.getEntityImages('component:default/orders', user))
      .repositories;
    expect(history.observed).toEqual([
      {
        repository:
          'ecr:104729384756.dkr.ecr.eu-central-1.amazonaws.com/shop/orders',
        tags: ['1.9.1', '1.10.0', '1.9.0'],
      },
    ]);
    // On the repository too, so the card's summary shows it.
    expect(repo.violations.map(v => v.kind)).toEqual([
      'stable-tag-overwritten',
    ]);
    const overwritten = repo.images.find(i => i.digest === digest(2))!;
    expect(overwritten.violations).toEqual([
      {
        kind: 'stable-tag-overwritten',
        tag: '1.10.0',
        previousDigest: digest(99),
        previousSeenAt: '2026-11-01T10:05:00.000Z',
        message: expect.stringMatching(
          /^Stable tag 1\.10\.0 was overwritten: it pointed at 000000000000 when first seen/,
        ),
      },
    ]);
  });

  it('refuses an entity the caller cannot see as not found, and a denied permission as not allowed', async () => {
    const { svc } = setup();
    await expect(
      svc.getEntityImages('component:default/nope', user),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    const denied = setup({ deny: true });
    await expect(
      denied.svc.getEntityImages('component:default/orders', user),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    expect(denied.provider.calls).toEqual([]);
    await expect(svc.getEntityImages('not a ref:', user)).rejects.toMatchObject(
      {
        name: 'InputError',
      },
    );
  });

  it("reuses a caller's catalog read and permission decision for a few seconds, per caller", async () => {
    const { svc, permissions, advance } = setup();
    await svc.getEntityImages('component:default/orders', user);
    await svc.getEntityImages('component:default/orders', user, { limit: 0 });
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
    await svc.getEntityImages(
      'component:default/orders',
      mockCredentials.user('user:default/marta.kowalska'),
    );
    expect(permissions.authorize).toHaveBeenCalledTimes(2);
    advance(5_001);
    await svc.getEntityImages('component:default/orders', user);
    expect(permissions.authorize).toHaveBeenCalledTimes(3);
  });

  it('asks the permission framework about this entity', async () => {
    const { svc, permissions } = setup();
    await svc.getEntityImages('component:default/orders', user);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'container-images.read',
          }),
          resourceRef: 'component:default/orders',
        },
      ],
      { credentials: user },
    );
  });

  it('serves findings only for a declared repository and a well-formed digest, cached', async () => {
    const { svc, provider } = setup();
    await expect(
      svc.getFindings('component:default/orders', OTHER_ARN, digest(1), user),
    ).rejects.toThrow(/does not declare the repository/);
    await expect(
      svc.getFindings('component:default/orders', ARN, 'sha256:xyz', user),
    ).rejects.toThrow(/digest must be sha256/);
    const res = await svc.getFindings(
      'component:default/orders',
      ARN,
      digest(1),
      user,
    );
    expect(res).toEqual({
      ref: ARN,
      digest: digest(1),
      scan: { status: 'COMPLETE', findingCounts: { HIGH: 1 } },
      findings: [{ name: 'CVE-2026-0001', severity: 'HIGH' }],
    });
    await svc.getFindings('component:default/orders', ARN, digest(1), user);
    expect(provider.findingsCalls).toBe(1);
  });
});
