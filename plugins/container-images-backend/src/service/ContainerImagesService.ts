import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ContainerImage,
  DEFAULT_MOVING_TAGS,
  EntityImagesResponse,
  ImageFindingsResponse,
  RepositoryError,
  RepositoryImages,
  TagClass,
  Violation,
  classifyTag,
  compareVersionTags,
  containerImagesReadPermission,
  declaredRepositories,
} from '@platform-portal/plugin-container-images-common';
import {
  ImageRegistryProvider,
  ParsedRepositoryRef,
  RawRepository,
  RepositoryReadError,
} from '../providers/types';
import { StableTagHistory } from './StableTagHistory';
import { TtlCache } from './TtlCache';
import { summariseLifecyclePolicy } from '../providers/ecr/lifecycle';
import {
  failureOf,
  noopPluginMetrics,
  PluginMetrics,
  UpstreamFailure,
} from '@platform-portal/metrics-node';

const DIGEST = /^sha256:[a-f0-9]{64}$/;

const gzipAsync = promisify(gzip);

/** Who is asking, as a cache key: the user, or the calling service. */
function principalOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  return `${p.type}:${p.userEntityRef ?? p.subject ?? 'unknown'}`;
}

const short = (digest: string) => digest.replace(/^sha256:/, '').slice(0, 12);

/** @public */
export interface ContainerImagesServiceOptions {
  providers: ImageRegistryProvider[];
  catalog: CatalogService;
  permissions: PermissionsService;
  history: StableTagHistory;
  logger: LoggerService;
  /** @defaultValue 60 000 */
  cacheTtlMs?: number;
  /**
   * How long a caller's catalog read and permission decision for an entity are reused.
   * @defaultValue 5 000
   */
  accessCacheTtlMs?: number;
  movingTags?: readonly string[];
  now?: () => number;
  /** Cache lookups and registry calls (see `createPluginMetrics`). @defaultValue none */
  metrics?: PluginMetrics;
}

type Declared =
  | { parsed: ParsedRepositoryRef; provider: ImageRegistryProvider }
  | { error: RepositoryError };

/**
 * What the router serves: the images of the repositories an entity declares, read with the
 * caller's own access to the entity, each repository failing on its own.
 */
export class ContainerImagesService {
  /** Presented repositories: classification and the history check run once per read. */
  private readonly repositories: TtlCache<RepositoryImages>;
  private readonly findings: TtlCache<
    Omit<ImageFindingsResponse, 'ref' | 'digest'>
  >;
  private readonly movingTags: readonly string[];
  private readonly access: TtlCache<{ entity?: Entity; allowed: boolean }>;
  /** JSON per presented repository (by identity, so a new read starts afresh) and limit. */
  private readonly serialised = new WeakMap<
    RepositoryImages,
    Map<string, string>
  >();
  /** Compressed bodies, by body; few entries, so the large ones do not pile up. */
  private readonly compressed: TtlCache<Buffer>;

  private readonly metrics: PluginMetrics;

  constructor(private readonly options: ContainerImagesServiceOptions) {
    const ttlMs = options.cacheTtlMs ?? 60_000;
    this.metrics = options.metrics ?? noopPluginMetrics;
    const onLookup = (cache: string) => this.metrics.cache(cache);
    this.repositories = new TtlCache({
      ttlMs,
      now: options.now,
      onLookup: onLookup('repositories'),
    });
    this.findings = new TtlCache({
      ttlMs,
      now: options.now,
      onLookup: onLookup('findings'),
    });
    this.movingTags = options.movingTags ?? DEFAULT_MOVING_TAGS;
    this.compressed = new TtlCache({
      ttlMs,
      maxEntries: 50,
      now: options.now,
      onLookup: onLookup('gzip'),
    });
    this.access = new TtlCache({
      ttlMs: options.accessCacheTtlMs ?? 5_000,
      now: options.now,
      onLookup: onLookup('access'),
    });
  }

  async getEntityImages(
    entityRef: string,
    credentials: BackstageCredentials,
    options: { refresh?: boolean; limit?: number } = {},
  ): Promise<EntityImagesResponse> {
    const { ref, declared } = await this.authorize(entityRef, credentials);
    const repositories: RepositoryImages[] = [];
    const errors: RepositoryError[] = [];
    await Promise.all(
      declared.map(async (d, index) => {
        if ('error' in d) {
          errors.push(d.error);
          return;
        }
        try {
          const repository = await this.repositories.get(
            `${d.parsed.provider}:${d.parsed.ref}`,
            async () =>
              this.present(
                await this.metrics.upstream(
                  { provider: d.provider.type, operation: 'listImages' },
                  () => d.provider.listImages(d.parsed),
                  registryFailure,
                ),
              ),
            options.refresh,
          );
          repositories[index] =
            options.limit === undefined ||
            options.limit >= repository.images.length
              ? repository
              : {
                  ...repository,
                  images: repository.images.slice(0, options.limit),
                };
        } catch (error) {
          errors.push(
            toRepositoryError(d.parsed.ref, d.parsed.provider, error),
          );
          this.options.logger.warn(
            `Could not read ${d.parsed.ref} for ${ref}: ${
              (error as Error).message
            }`,
          );
        }
      }),
    );
    return {
      entityRef: ref,
      repositories: repositories.filter(Boolean),
      errors,
    };
  }

  /**
   * The same response as {@link ContainerImagesService.getEntityImages}, serialised, and gzipped
   * once per cached read: an Images tab of thousands of images is megabytes of JSON, which would
   * otherwise be serialised and compressed again for every request.
   */
  async getEntityImagesBody(
    entityRef: string,
    credentials: BackstageCredentials,
    options: { refresh?: boolean; limit?: number } = {},
  ): Promise<{ json: string; gzip: () => Promise<Buffer> }> {
    const response = await this.getEntityImages(
      entityRef,
      credentials,
      options,
    );
    const parts = response.repositories.map(repository => {
      let byLimit = this.serialised.get(repository);
      if (!byLimit) {
        byLimit = new Map();
        this.serialised.set(repository, byLimit);
      }
      const key = String(options.limit ?? 'all');
      let json = byLimit.get(key);
      if (json === undefined) {
        json = JSON.stringify(repository);
        byLimit.set(key, json);
      }
      return json;
    });
    const json = `{"entityRef":${JSON.stringify(
      response.entityRef,
    )},"repositories":[${parts.join(',')}],"errors":${JSON.stringify(
      response.errors,
    )}}`;
    return {
      json,
      gzip: () => this.compressed.get(json, () => gzipAsync(json)),
    };
  }

  async getFindings(
    entityRef: string,
    repository: string,
    digest: string,
    credentials: BackstageCredentials,
  ): Promise<ImageFindingsResponse> {
    if (!DIGEST.test(digest)) {
      throw new InputError(
        `digest must be sha256:<64 hex characters>, got ${JSON.stringify(
          digest,
        )}`,
      );
    }
    const { ref, declared } = await this.authorize(entityRef, credentials);
    const match = declared.find(
      d => 'parsed' in d && d.parsed.ref === repository,
    );
    if (!match || !('parsed' in match)) {
      throw new InputError(
        `${ref} does not declare the repository ${JSON.stringify(repository)}`,
      );
    }
    const result = await this.findings.get(
      `${match.parsed.provider}:${match.parsed.ref}@${digest}`,
      () =>
        this.metrics.upstream(
          { provider: match.provider.type, operation: 'getFindings' },
          () => match.provider.getFindings(match.parsed, digest),
          registryFailure,
        ),
    );
    return { ref: repository, digest, ...result };
  }

  /** The entity as the caller may see it, the permission, and what it declares. */
  private async authorize(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<{ ref: string; declared: Declared[] }> {
    let ref: string;
    try {
      ref = stringifyEntityRef(parseEntityRef(entityRef));
    } catch (error) {
      throw new InputError(`Invalid entity ref: ${(error as Error).message}`);
    }
    // The catalog read and the permission decision per caller and entity are kept for a few
    // seconds: an entity page asks for several things at once, and both are round trips.
    const { entity, allowed } = await this.access.get(
      `${principalOf(credentials)}|${ref}`,
      async () => {
        // Read with the caller's credentials: an entity they may not see does not exist for them.
        const found = await this.options.catalog.getEntityByRef(ref, {
          credentials,
        });
        if (!found) return { entity: undefined, allowed: false };
        const [decision] = await this.options.permissions.authorize(
          [{ permission: containerImagesReadPermission, resourceRef: ref }],
          { credentials },
        );
        return {
          entity: found,
          allowed: decision.result === AuthorizeResult.ALLOW,
        };
      },
    );
    if (!entity) throw new NotFoundError(`No entity ${ref}`);
    if (!allowed) {
      throw new NotAllowedError(
        `You may not read the container images of ${ref}`,
      );
    }
    const { ecr, oci } = declaredRepositories(entity.metadata.annotations);
    const declared = [
      ...ecr.map(r => this.parse('ecr', r)),
      ...oci.map(r => this.parse('oci', r)),
    ];
    return { ref, declared };
  }

  private parse(type: 'ecr' | 'oci', ref: string): Declared {
    const provider = this.options.providers.find(p => p.type === type);
    if (!provider) {
      return {
        error: {
          ref,
          provider: type,
          error: {
            name: 'NotConfigured',
            message: `The portal has no ${type.toUpperCase()} provider configured`,
          },
        },
      };
    }
    try {
      return { parsed: provider.parse(ref), provider };
    } catch (error) {
      return { error: toRepositoryError(ref, type, error) };
    }
  }

  /** Classifies, sorts and judges a repository's raw images. */
  private async present(raw: RawRepository): Promise<RepositoryImages> {
    const { parsed } = raw;
    const repoKey = `${parsed.provider}:${parsed.registry}/${parsed.name}`;
    const counts: Record<TagClass, number> = {
      stable: 0,
      snapshot: 0,
      moving: 0,
      other: 0,
    };
    const images: ContainerImage[] = raw.images.map(image => {
      const tags = [...image.tags]
        .sort(compareVersionTags)
        .reverse()
        .map(name => ({ name, class: classifyTag(name, this.movingTags) }));
      for (const c of new Set(tags.map(t => t.class))) counts[c]++;
      return {
        digest: image.digest,
        tags,
        pushedAt: image.pushedAt?.toISOString(),
        sizeBytes: image.sizeBytes,
        lastPulledAt: image.lastPulledAt?.toISOString(),
        mediaType: image.mediaType,
        scan: image.scan,
        violations: [],
      };
    });
    images.sort(
      (a, b) =>
        (b.pushedAt ?? '').localeCompare(a.pushedAt ?? '') ||
        compareVersionTags(b.tags[0]?.name ?? '', a.tags[0]?.name ?? ''),
    );

    const stable = images.flatMap(image =>
      image.tags
        .filter(t => t.class === 'stable')
        .map(t => ({ tag: t.name, digest: image.digest, image })),
    );
    const overwritten = await this.options.history.observe(
      repoKey,
      stable.map(({ tag, digest }) => ({ tag, digest })),
    );
    for (const o of overwritten) {
      const image = stable.find(s => s.tag === o.tag)?.image;
      image?.violations.push({
        kind: 'stable-tag-overwritten',
        tag: o.tag,
        previousDigest: o.previousDigest,
        previousSeenAt: o.previousSeenAt.toISOString(),
        message: `Stable tag ${o.tag} was overwritten: it pointed at ${short(
          o.previousDigest,
        )} when first seen (${o.previousSeenAt.toISOString()}), now at ${short(
          o.digest,
        )}`,
      });
    }

    // Also on the repository, so a summary (limit=0, the entity card) still shows them.
    const violations: Violation[] = images.flatMap(i => i.violations);
    const mutable = mutableStableTags(
      raw,
      stable.map(s => s.tag),
    );
    if (mutable) violations.push(mutable);

    const latest = (cls: TagClass) => {
      const candidates = images.flatMap(image =>
        image.tags
          .filter(t => t.class === cls)
          .map(t => ({
            tag: t.name,
            digest: image.digest,
            pushedAt: image.pushedAt,
            scan: image.scan,
          })),
      );
      candidates.sort(
        (a, b) =>
          compareVersionTags(b.tag, a.tag) ||
          (b.pushedAt ?? '').localeCompare(a.pushedAt ?? ''),
      );
      return candidates[0];
    };

    return {
      ref: parsed.ref,
      provider: parsed.provider,
      name: parsed.name,
      registry: parsed.registry,
      accountId: parsed.accountId,
      region: parsed.region,
      consoleUrl: raw.consoleUrl,
      tagMutability: raw.tagMutability,
      tagMutabilityExclusions: raw.tagMutabilityExclusions,
      lifecyclePolicy: lifecyclePolicyOf(raw.lifecyclePolicyText),
      images,
      totalImages: images.length,
      latestStable: latest('stable'),
      latestSnapshot: latest('snapshot'),
      countsByClass: counts,
      violations,
      fetchedAt: new Date((this.options.now ?? Date.now)()).toISOString(),
    };
  }
}

/** undefined: the registry has no such notion; null: none set. */
function lifecyclePolicyOf(
  text: string | null | undefined,
): RepositoryImages['lifecyclePolicy'] {
  if (text === undefined || text === null) return text;
  return { text, rules: summariseLifecyclePolicy(text) };
}

/** ECR wildcard filters (`*` only) as a test. */
function wildcard(pattern: string): RegExp {
  const escaped = pattern
    .split('*')
    .map(s => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`);
}

/**
 * Whether the repository lets stable tags be overwritten, judged from ECR's tag mutability:
 * MUTABLE (unless an exclusion makes every stable tag present immutable), or IMMUTABLE with an
 * exclusion that matches a stable tag.
 */
function mutableStableTags(
  raw: RawRepository,
  stableTags: string[],
): Violation | undefined {
  const mode = raw.tagMutability;
  if (!mode || stableTags.length === 0) return undefined;
  const filters = (raw.tagMutabilityExclusions ?? []).map(wildcard);
  const excluded = (tag: string) => filters.some(f => f.test(tag));
  let exposed: string[] = [];
  if (mode === 'MUTABLE') exposed = stableTags;
  else if (mode === 'MUTABLE_WITH_EXCLUSION')
    exposed = stableTags.filter(t => !excluded(t));
  else if (mode === 'IMMUTABLE_WITH_EXCLUSION')
    exposed = stableTags.filter(t => excluded(t));
  if (exposed.length === 0) return undefined;
  return {
    kind: 'mutable-stable-tags',
    message: `The repository's tag mutability (${mode}) lets stable tags be overwritten (${
      exposed.length
    } stable tag${exposed.length === 1 ? '' : 's'}, e.g. ${exposed
      .slice(0, 3)
      .join(
        ', ',
      )}); make it IMMUTABLE_WITH_EXCLUSION with exclusions for *-SNAPSHOT and the moving tags`,
  };
}

/** ECR's AWS error name (`ThrottlingException`…) or the registry's code and HTTP status. */
function registryFailure(error: unknown): UpstreamFailure {
  if (error instanceof RepositoryReadError) {
    return { name: error.code, status: error.statusCode };
  }
  return failureOf(error);
}

function toRepositoryError(
  ref: string,
  provider: RepositoryError['provider'],
  error: unknown,
): RepositoryError {
  if (error instanceof RepositoryReadError) {
    return {
      ref,
      provider,
      error: {
        name: error.code,
        message: error.message,
        statusCode: error.statusCode,
      },
    };
  }
  const e = error as Error;
  return {
    ref,
    provider,
    error: { name: e?.name ?? 'Error', message: e?.message ?? String(error) },
  };
}
