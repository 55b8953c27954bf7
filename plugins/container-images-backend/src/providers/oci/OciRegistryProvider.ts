import crypto from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  ScanFinding,
  ScanSummary,
} from '@platform-portal/plugin-container-images-common';
import {
  ImageRegistryProvider,
  ParsedRepositoryRef,
  RawImage,
  RawRepository,
  RepositoryReadError,
} from '../types';
import { AuthChallenge, nextLink, parseAuthChallenge } from './httpHeaders';

export const OCI_IMAGE_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_IMAGE_INDEX = 'application/vnd.oci.image.index.v1+json';
export const DOCKER_MANIFEST =
  'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_MANIFEST_LIST =
  'application/vnd.docker.distribution.manifest.list.v2+json';

/** Every manifest kind we read; without it registries may answer with an old schema 1 manifest. */
const ACCEPT_MANIFESTS = [
  OCI_IMAGE_MANIFEST,
  OCI_IMAGE_INDEX,
  DOCKER_MANIFEST,
  DOCKER_MANIFEST_LIST,
].join(', ');

/** Config blobs that are image configurations (and so carry `created`); artifacts' are not. */
const IMAGE_CONFIG_TYPES = new Set([
  'application/vnd.oci.image.config.v1+json',
  'application/vnd.docker.container.image.v1+json',
]);

/** The repository name grammar of the distribution spec. */
const NAME_PATTERN =
  /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
/** The tag grammar of the distribution spec: tags from the registry go into URLs. */
const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
/** The digest grammar of the OCI image spec. */
const DIGEST_PATTERN = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** The distribution spec caps manifests at 4 MiB; image configs are far smaller. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_CONFIG_BYTES = 1024 * 1024;
const MAX_TAG_LIST_BYTES = 16 * 1024 * 1024;
/** A guard against a registry that links pages in a circle or forever. */
const MAX_TAG_PAGES = 1000;
/** Digest-addressed content never changes: what we learnt about a manifest stays true. */
const MAX_CACHED_MANIFESTS = 10_000;

/** One entry of `containerImages.oci.registries`. */
export interface OciRegistryConfig {
  /** The host as annotations write it, e.g. `registry.local`. */
  host: string;
  /** Where to call it; `https://<host>` by default. */
  url?: string;
  username?: string;
  password?: string;
}

export interface OciRegistryProviderOptions {
  logger?: LoggerService;
  /**
   * Requests in flight at once for one repository read.
   * @defaultValue 8
   */
  concurrency?: number;
  /**
   * Time for one request, the body included.
   * @defaultValue 10000
   */
  requestTimeoutMs?: number;
  /**
   * Tags asked for per page (`n`).
   * @defaultValue 100
   */
  pageSize?: number;
}

interface Registry {
  host: string;
  /** The configured URL without a trailing slash; API paths are appended (`/v2/...`). */
  base: string;
  origin: string;
  basicAuth?: string;
}

/** What a manifest (by digest) tells about its image. */
interface ManifestInfo {
  mediaType?: string;
  sizeBytes?: number;
  pushedAt?: Date;
}

interface Descriptor {
  mediaType?: string;
  digest?: string;
  size?: number;
  platform?: { os?: string; architecture?: string };
  annotations?: Record<string, string>;
}

interface Manifest {
  mediaType?: string;
  config?: Descriptor;
  layers?: Descriptor[];
  manifests?: Descriptor[];
  annotations?: Record<string, string>;
}

/** One `listImages` call: the repository, its call count, what it read once. */
interface ReadContext {
  registry: Registry;
  name: string;
  calls: number;
  described: Map<string, Promise<ManifestInfo | undefined>>;
  manifests: Map<string, Manifest>;
  configs: Map<string, Promise<Date | undefined>>;
}

interface CallOptions {
  method?: 'GET' | 'HEAD';
  accept?: string;
  /** The error code of a 404 without a registry error body. */
  notFound?: string;
  /**
   * Follow redirects: blob downloads are redirected to storage (S3, a CDN) by many registries.
   * API calls are not, so a redirect there is an error rather than a call to another host.
   */
  followRedirects?: boolean;
}

const STATUS_CODES: Record<number, string> = {
  401: 'UNAUTHORIZED',
  403: 'DENIED',
  429: 'TOOMANYREQUESTS',
};

/**
 * Any OCI (Docker Distribution v2) registry: Docker Hub, GHCR, Harbor, GitLab, Artifactory, a
 * plain `registry:2`. Only the registries configured in `containerImages.oci.registries` are ever
 * called, and only at their configured URL: an annotation names a host, never a URL.
 *
 * An image is a tagged manifest: its size is the config plus the layers; its pushed time is the
 * config's `created` (the build time: Distribution records no push time). For a multi-platform
 * image (an index) both come from one platform image: linux/amd64 when the index has it, else the
 * first that is not an attestation; its `mediaType` stays the index's.
 *
 * Calls per read: the tag list pages, a HEAD per tag (free of the pull rate limits of Docker Hub),
 * and only for digests not seen before the manifest and config blob (for an index, also the
 * platform manifest). What a digest tells is kept across reads: it cannot change.
 */
export class OciRegistryProvider implements ImageRegistryProvider {
  readonly type = 'oci' as const;

  private readonly registries = new Map<string, Registry>();
  /** Where a Bearer token may be asked for: the configured registries, nothing else. */
  private readonly trustedOrigins = new Set<string>();
  private readonly logger?: LoggerService;
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly pageSize: number;
  private readonly tokens = new Map<
    string,
    { token: string; expiresAt: number }
  >();
  private readonly pendingTokens = new Map<string, Promise<string>>();
  private readonly manifestCache = new Map<string, ManifestInfo>();

  static fromConfig(
    config: Config,
    options: OciRegistryProviderOptions = {},
  ): OciRegistryProvider {
    const registries = (
      config.getOptionalConfigArray('containerImages.oci.registries') ?? []
    ).map(c => ({
      host: c.getString('host'),
      url: c.getOptionalString('url'),
      username: c.getOptionalString('username'),
      password: c.getOptionalString('password'),
    }));
    return new OciRegistryProvider(registries, options);
  }

  constructor(
    registries: OciRegistryConfig[],
    options: OciRegistryProviderOptions = {},
  ) {
    for (const r of registries) {
      if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d+)?$/i.test(r.host)) {
        throw new Error(
          `containerImages.oci.registries: host "${r.host}" must be a host name with an optional port, without scheme or path`,
        );
      }
      if (this.registries.has(r.host)) {
        throw new Error(
          `containerImages.oci.registries: host ${r.host} is configured twice`,
        );
      }
      const url = new URL(r.url ?? `https://${r.host}`);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new Error(
          `containerImages.oci.registries: url of ${r.host} must be http(s), got ${url.protocol}`,
        );
      }
      if (Boolean(r.username) !== Boolean(r.password)) {
        throw new Error(
          `containerImages.oci.registries: ${r.host} needs both username and password, or neither`,
        );
      }
      this.registries.set(r.host, {
        host: r.host,
        base: `${url.origin}${url.pathname.replace(/\/+$/, '')}`,
        origin: url.origin,
        basicAuth: r.username
          ? `Basic ${Buffer.from(`${r.username}:${r.password}`).toString(
              'base64',
            )}`
          : undefined,
      });
      this.trustedOrigins.add(url.origin);
    }
    this.logger = options.logger;
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.timeoutMs = options.requestTimeoutMs ?? 10_000;
    this.pageSize = Math.max(1, options.pageSize ?? 100);
  }

  parse(ref: string): ParsedRepositoryRef {
    const trimmed = ref.trim();
    const slash = trimmed.indexOf('/');
    if (slash <= 0 || slash === trimmed.length - 1) {
      throw new InputError(
        `OCI repository "${ref}" must be written <host>/<name>, e.g. registry.local/shop/orders-service`,
      );
    }
    const host = trimmed.slice(0, slash);
    const name = trimmed.slice(slash + 1);
    // Exact match only: the host picks a configured URL, so no annotation can reach another one.
    if (!this.registries.has(host)) {
      throw new InputError(
        `registry ${host} is not configured (containerImages.oci.registries)`,
      );
    }
    if (!NAME_PATTERN.test(name) || trimmed.length > 255) {
      throw new InputError(
        `OCI repository "${ref}": "${name}" is not a repository name (lower-case letters and digits, ` +
          'separated by ".", "_", "__" or "-", path components joined by "/"; no tag or digest)',
      );
    }
    return { ref, provider: 'oci', name, registry: host };
  }

  async listImages(parsed: ParsedRepositoryRef): Promise<RawRepository> {
    const registry = this.registries.get(parsed.registry);
    if (!registry) {
      throw new InputError(
        `registry ${parsed.registry} is not configured (containerImages.oci.registries)`,
      );
    }
    const ctx: ReadContext = {
      registry,
      name: parsed.name,
      calls: 0,
      described: new Map(),
      manifests: new Map(),
      configs: new Map(),
    };
    // The tag list goes first and alone: a Bearer token is obtained once, before the fan-out.
    const tags = await this.listTags(ctx);
    const resolved = await mapLimit(tags, this.concurrency, tag =>
      this.resolveTag(ctx, tag),
    );
    const tagsByDigest = new Map<string, string[]>();
    tags.forEach((tag, i) => {
      const digest = resolved[i];
      if (digest) {
        tagsByDigest.set(digest, [...(tagsByDigest.get(digest) ?? []), tag]);
      }
    });
    const images = await mapLimit(
      [...tagsByDigest],
      this.concurrency,
      async ([digest, digestTags]): Promise<RawImage | undefined> => {
        const info = await this.describe(ctx, digest);
        if (!info) return undefined;
        return {
          digest,
          tags: digestTags.sort(),
          pushedAt: info.pushedAt,
          sizeBytes: info.sizeBytes,
          mediaType: info.mediaType,
        };
      },
    );
    return {
      parsed,
      images: images.filter((i): i is RawImage => i !== undefined),
      calls: ctx.calls,
      // Registries have no notion of either: undefined, not "none set".
      tagMutability: undefined,
      lifecyclePolicyText: undefined,
    };
  }

  async getFindings(
    _ref: ParsedRepositoryRef,
    _digest: string,
  ): Promise<{ scan: ScanSummary; findings: ScanFinding[] }> {
    // The Distribution API has no vulnerability scans.
    return { scan: { status: 'NOT_SCANNED', findingCounts: {} }, findings: [] };
  }

  // -------------------------------------------------------------------------------------------
  // Tags, manifests, configs

  private apiUrl(ctx: ReadContext, path: string): URL {
    return new URL(`${ctx.registry.base}/v2/${ctx.name}/${path}`);
  }

  /** Every tag, across every page (`n` and `Link: <...>; rel="next"`, same origin only). */
  private async listTags(ctx: ReadContext): Promise<string[]> {
    const tags = new Set<string>();
    const first = this.apiUrl(ctx, 'tags/list');
    first.searchParams.set('n', String(this.pageSize));
    const seen = new Set<string>();
    let url: URL | undefined = first;
    while (url) {
      if (seen.has(url.href) || seen.size >= MAX_TAG_PAGES) {
        throw new RepositoryReadError(
          `registry ${ctx.registry.host} paginates the tags of ${ctx.name} without end (${seen.size} pages)`,
          'INVALID_PAGINATION_LINK',
        );
      }
      seen.add(url.href);
      const res = await this.call(ctx, url, 'listing tags', {
        notFound: 'NAME_UNKNOWN',
      });
      const body = (await this.readJson(
        ctx,
        res,
        'listing tags',
        MAX_TAG_LIST_BYTES,
      )) as { tags?: unknown };
      // Distribution answers `"tags": null` for a repository whose tags were all deleted.
      for (const tag of Array.isArray(body.tags) ? body.tags : []) {
        if (typeof tag === 'string' && TAG_PATTERN.test(tag)) {
          tags.add(tag);
        } else {
          this.logger?.warn(
            `registry ${
              ctx.registry.host
            } listed an invalid tag ${JSON.stringify(tag)} in ${
              ctx.name
            }; left out`,
          );
        }
      }
      url = this.nextPage(ctx, res, url, first);
    }
    return [...tags];
  }

  private nextPage(
    ctx: ReadContext,
    res: Response,
    current: URL,
    first: URL,
  ): URL | undefined {
    const header = res.headers.get('link');
    let next: URL | undefined;
    try {
      next = nextLink(header, current);
    } catch (error) {
      throw new RepositoryReadError(
        `registry ${ctx.registry.host} sent an unusable pagination link for ${ctx.name}: ${header}`,
        'INVALID_PAGINATION_LINK',
        undefined,
        { cause: error },
      );
    }
    // The next page must be this registry's tag list of this repository: a link elsewhere would
    // make the backend call a host nobody configured.
    if (
      next &&
      (next.origin !== ctx.registry.origin || next.pathname !== first.pathname)
    ) {
      throw new RepositoryReadError(
        `registry ${ctx.registry.host} links the next page of the tags of ${ctx.name} to ` +
          `${next.origin}${next.pathname}, not to its own tag list: not followed`,
        'INVALID_PAGINATION_LINK',
      );
    }
    return next;
  }

  /** The digest a tag points at; undefined when the tag is gone (deleted after the listing). */
  private async resolveTag(
    ctx: ReadContext,
    tag: string,
  ): Promise<string | undefined> {
    const url = this.apiUrl(ctx, `manifests/${tag}`);
    const what = `reading tag ${tag}`;
    try {
      const head = await this.call(ctx, url, what, {
        method: 'HEAD',
        accept: ACCEPT_MANIFESTS,
        notFound: 'MANIFEST_UNKNOWN',
      });
      const digest = head.headers.get('docker-content-digest');
      if (digest && DIGEST_PATTERN.test(digest)) return digest;
      // No digest header (some proxies drop it): the digest is the hash of the manifest bytes.
      const res = await this.call(ctx, url, what, {
        accept: ACCEPT_MANIFESTS,
        notFound: 'MANIFEST_UNKNOWN',
      });
      const bytes = await this.readBytes(ctx, res, what, MAX_MANIFEST_BYTES);
      const computed = `sha256:${crypto
        .createHash('sha256')
        .update(bytes)
        .digest('hex')}`;
      ctx.manifests.set(
        computed,
        this.parseManifest(ctx, bytes, res.headers.get('content-type'), what),
      );
      return computed;
    } catch (error) {
      if (
        error instanceof RepositoryReadError &&
        error.code === 'MANIFEST_UNKNOWN'
      ) {
        this.logger?.debug(
          `tag ${tag} of ${ctx.registry.host}/${ctx.name} disappeared while it was read`,
        );
        return undefined;
      }
      throw error;
    }
  }

  /** Size, media type and pushed time of a manifest, once per digest. */
  private describe(
    ctx: ReadContext,
    digest: string,
  ): Promise<ManifestInfo | undefined> {
    const key = `${ctx.registry.host}/${ctx.name}@${digest}`;
    const cached = this.manifestCache.get(key);
    if (cached) {
      // Least recently used goes first when the cache is full.
      this.manifestCache.delete(key);
      this.manifestCache.set(key, cached);
      return Promise.resolve(cached);
    }
    let pending = ctx.described.get(digest);
    if (!pending) {
      pending = this.readManifestInfo(ctx, digest).then(info => {
        if (info) {
          this.manifestCache.set(key, info);
          if (this.manifestCache.size > MAX_CACHED_MANIFESTS) {
            this.manifestCache.delete(this.manifestCache.keys().next().value!);
          }
        }
        return info;
      });
      ctx.described.set(digest, pending);
    }
    return pending;
  }

  private async readManifestInfo(
    ctx: ReadContext,
    digest: string,
  ): Promise<ManifestInfo | undefined> {
    const manifest = await this.getManifest(ctx, digest);
    if (!manifest) return undefined;
    if (Array.isArray(manifest.manifests)) {
      const info: ManifestInfo = { mediaType: manifest.mediaType };
      const platform = pickPlatform(manifest.manifests);
      if (platform?.digest && DIGEST_PATTERN.test(platform.digest)) {
        const image = await this.getManifest(ctx, platform.digest);
        if (image && !Array.isArray(image.manifests)) {
          const { sizeBytes, pushedAt } = await this.imageInfo(ctx, image);
          info.sizeBytes = sizeBytes;
          info.pushedAt = pushedAt;
        }
      }
      info.pushedAt ??= parseCreated(
        manifest.annotations?.['org.opencontainers.image.created'],
      );
      return info;
    }
    return this.imageInfo(ctx, manifest);
  }

  private async imageInfo(
    ctx: ReadContext,
    manifest: Manifest,
  ): Promise<ManifestInfo> {
    const descriptors = [manifest.config, ...(manifest.layers ?? [])];
    const sizes = descriptors.map(d => d?.size);
    const sizeBytes = sizes.every(
      (s): s is number => typeof s === 'number' && s >= 0,
    )
      ? sizes.reduce((sum, s) => sum + s, 0)
      : undefined;
    const pushedAt =
      (await this.configCreated(ctx, manifest.config)) ??
      parseCreated(manifest.annotations?.['org.opencontainers.image.created']);
    return { mediaType: manifest.mediaType, sizeBytes, pushedAt };
  }

  /** The manifest by digest; undefined when it was deleted meanwhile. */
  private async getManifest(
    ctx: ReadContext,
    digest: string,
  ): Promise<Manifest | undefined> {
    const known = ctx.manifests.get(digest);
    if (known) return known;
    const what = `reading manifest ${digest}`;
    try {
      const res = await this.call(
        ctx,
        this.apiUrl(ctx, `manifests/${digest}`),
        what,
        { accept: ACCEPT_MANIFESTS, notFound: 'MANIFEST_UNKNOWN' },
      );
      const bytes = await this.readBytes(ctx, res, what, MAX_MANIFEST_BYTES);
      const manifest = this.parseManifest(
        ctx,
        bytes,
        res.headers.get('content-type'),
        what,
      );
      ctx.manifests.set(digest, manifest);
      return manifest;
    } catch (error) {
      if (
        error instanceof RepositoryReadError &&
        error.code === 'MANIFEST_UNKNOWN'
      ) {
        return undefined;
      }
      throw error;
    }
  }

  private parseManifest(
    ctx: ReadContext,
    bytes: Buffer,
    contentType: string | null,
    what: string,
  ): Manifest {
    const manifest = this.parseJson(ctx, bytes, what) as Manifest;
    if (!manifest || typeof manifest !== 'object') {
      throw new RepositoryReadError(
        `registry ${ctx.registry.host} answered something else than a manifest while ${what} of ${ctx.name}`,
        'INVALID_RESPONSE',
      );
    }
    // Docker v2 manifests carry their media type; OCI ones may only have the Content-Type.
    manifest.mediaType ??= contentType?.split(';')[0].trim() || undefined;
    return manifest;
  }

  /** The config blob's `created`, once per config digest; undefined when there is none. */
  private configCreated(
    ctx: ReadContext,
    config: Descriptor | undefined,
  ): Promise<Date | undefined> {
    const digest = config?.digest;
    if (
      !digest ||
      !DIGEST_PATTERN.test(digest) ||
      !IMAGE_CONFIG_TYPES.has(config.mediaType ?? '') ||
      (config.size ?? 0) > MAX_CONFIG_BYTES
    ) {
      return Promise.resolve(undefined);
    }
    let pending = ctx.configs.get(digest);
    if (!pending) {
      pending = this.readConfigCreated(ctx, digest);
      ctx.configs.set(digest, pending);
    }
    return pending;
  }

  private async readConfigCreated(
    ctx: ReadContext,
    digest: string,
  ): Promise<Date | undefined> {
    const what = `reading config ${digest}`;
    try {
      const res = await this.call(
        ctx,
        this.apiUrl(ctx, `blobs/${digest}`),
        what,
        {
          notFound: 'BLOB_UNKNOWN',
          followRedirects: true,
        },
      );
      const config = (await this.readJson(
        ctx,
        res,
        what,
        MAX_CONFIG_BYTES,
      )) as {
        created?: unknown;
      };
      return parseCreated(config?.created);
    } catch (error) {
      // An image whose config is gone is still an image: it just has no pushed time.
      if (
        error instanceof RepositoryReadError &&
        error.code === 'BLOB_UNKNOWN'
      ) {
        return undefined;
      }
      throw error;
    }
  }

  // -------------------------------------------------------------------------------------------
  // HTTP: auth, errors, bodies

  /**
   * One API call: with the repository's Bearer token when there is one, else the configured basic
   * credentials (or none); a Bearer challenge is answered once per call with a new token.
   */
  private async call(
    ctx: ReadContext,
    url: URL,
    what: string,
    options: CallOptions = {},
  ): Promise<Response> {
    const tokenKey = `${ctx.registry.host}/${ctx.name}`;
    let challenged = false;
    for (;;) {
      const cached = this.tokens.get(tokenKey);
      const token =
        cached && cached.expiresAt > Date.now() ? cached.token : undefined;
      const headers: Record<string, string> = {};
      if (options.accept) headers.accept = options.accept;
      const authorization = token ? `Bearer ${token}` : ctx.registry.basicAuth;
      if (authorization) headers.authorization = authorization;
      const res = await this.send(ctx, url, what, {
        method: options.method ?? 'GET',
        headers,
        redirect: options.followRedirects ? 'follow' : 'manual',
      });
      if (res.status === 401 && !challenged) {
        const challenge = parseAuthChallenge(
          res.headers.get('www-authenticate'),
        );
        if (challenge?.scheme === 'bearer') {
          await res.body?.cancel();
          // Another request may have renewed it meanwhile: only drop the token that failed.
          if (this.tokens.get(tokenKey)?.token === token) {
            this.tokens.delete(tokenKey);
          }
          await this.token(ctx, tokenKey, challenge);
          challenged = true;
          continue;
        }
      }
      if (res.ok) return res;
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel();
        throw new RepositoryReadError(
          `registry ${ctx.registry.host} redirected ${what} of ${ctx.name} to ` +
            `${res.headers.get(
              'location',
            )}: not followed (is containerImages.oci.registries url right?)`,
          'UNEXPECTED_REDIRECT',
          res.status,
        );
      }
      throw await this.responseError(ctx, res, what, options.notFound);
    }
  }

  /** A valid token for the repository: the cached one, or one request shared by all callers. */
  private async token(
    ctx: ReadContext,
    key: string,
    challenge: AuthChallenge,
  ): Promise<string> {
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.token;
    let pending = this.pendingTokens.get(key);
    if (!pending) {
      pending = this.requestToken(ctx, challenge)
        .then(({ token, expiresInSeconds }) => {
          // Renewed a little early so a token does not expire on the way.
          this.tokens.set(key, {
            token,
            expiresAt: Date.now() + Math.max(expiresInSeconds - 10, 1) * 1000,
          });
          return token;
        })
        .finally(() => this.pendingTokens.delete(key));
      this.pendingTokens.set(key, pending);
    }
    return pending;
  }

  /** The token flow of the distribution spec: GET <realm>?service=&scope= with basic credentials. */
  private async requestToken(
    ctx: ReadContext,
    challenge: AuthChallenge,
  ): Promise<{ token: string; expiresInSeconds: number }> {
    const { host } = ctx.registry;
    let realm: URL;
    try {
      realm = new URL(challenge.params.realm ?? '');
    } catch {
      throw new RepositoryReadError(
        `registry ${host} asks for a token without a usable realm (${
          challenge.params.realm ?? 'none'
        })`,
        'UNAUTHORIZED',
        401,
      );
    }
    // The realm comes from the registry's answer: only a configured origin gets the credentials.
    if (
      (realm.protocol !== 'https:' && realm.protocol !== 'http:') ||
      !this.trustedOrigins.has(realm.origin)
    ) {
      throw new RepositoryReadError(
        `registry ${host} asks for a token from ${realm.origin}, which is neither the registry ` +
          'nor another configured one (containerImages.oci.registries): not called',
        'TOKEN_REALM_NOT_ALLOWED',
        401,
      );
    }
    if (challenge.params.service) {
      realm.searchParams.set('service', challenge.params.service);
    }
    realm.searchParams.set(
      'scope',
      challenge.params.scope ?? `repository:${ctx.name}:pull`,
    );
    const headers: Record<string, string> = {};
    if (ctx.registry.basicAuth) headers.authorization = ctx.registry.basicAuth;
    const what = `asking ${realm.origin} for a token`;
    const res = await this.send(ctx, realm, what, {
      headers,
      redirect: 'manual',
    });
    if (!res.ok) {
      await res.body?.cancel();
      const code = STATUS_CODES[res.status] ?? 'UNAUTHORIZED';
      throw new RepositoryReadError(
        `the token service of registry ${host} (${realm.origin}) refused a token for ${ctx.name} ` +
          `with ${res.status}${
            ctx.registry.basicAuth
              ? ': check the username and password in containerImages.oci.registries'
              : ': anonymous access is not allowed, configure a username and password'
          }`,
        code,
        res.status,
      );
    }
    const body = (await this.readJson(ctx, res, what, 1024 * 1024)) as {
      token?: unknown;
      access_token?: unknown;
      expires_in?: unknown;
    };
    const token = body?.token ?? body?.access_token;
    if (typeof token !== 'string' || !token) {
      throw new RepositoryReadError(
        `the token service of registry ${host} (${realm.origin}) answered without a token`,
        'UNAUTHORIZED',
        401,
      );
    }
    // The spec: 60 seconds when the service does not say.
    const expiresIn =
      typeof body.expires_in === 'number' && body.expires_in > 0
        ? body.expires_in
        : 60;
    return { token, expiresInSeconds: expiresIn };
  }

  private async send(
    ctx: ReadContext,
    url: URL,
    what: string,
    init: RequestInit,
  ): Promise<Response> {
    ctx.calls++;
    try {
      return await fetch(url, {
        ...init,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw this.transportError(ctx, url, what, error);
    }
  }

  private transportError(
    ctx: ReadContext,
    url: URL,
    what: string,
    error: unknown,
  ): RepositoryReadError {
    const e = error as { name?: string; message?: string; cause?: any };
    if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
      return new RepositoryReadError(
        `registry ${ctx.registry.host} did not answer within ${
          this.timeoutMs / 1000
        } s while ${what} of ${ctx.name}`,
        'TIMEOUT',
        undefined,
        { cause: error },
      );
    }
    const reason = e?.cause?.code ?? e?.cause?.message ?? e?.message;
    return new RepositoryReadError(
      `registry ${ctx.registry.host} could not be reached at ${url.origin} while ${what} of ${ctx.name}: ${reason}`,
      'UNREACHABLE',
      undefined,
      { cause: error },
    );
  }

  /** The registry's error (`{"errors":[{"code","message"}]}`) as a RepositoryReadError. */
  private async responseError(
    ctx: ReadContext,
    res: Response,
    what: string,
    notFound = 'NOT_FOUND',
  ): Promise<RepositoryReadError> {
    let code: string | undefined;
    let detail: string | undefined;
    try {
      const body = JSON.parse(await res.text());
      const first = body?.errors?.[0];
      if (typeof first?.code === 'string') code = first.code;
      if (typeof first?.message === 'string') detail = first.message;
    } catch {
      // Not a registry error body (a proxy's HTML page, a HEAD without body): the status says it.
    }
    code ??=
      res.status === 404
        ? notFound
        : STATUS_CODES[res.status] ?? `HTTP_${res.status}`;
    const { host, basicAuth } = ctx.registry;
    const { name } = ctx;
    let message: string;
    switch (code) {
      case 'NAME_UNKNOWN':
        message = `repository ${name} does not exist in registry ${host}`;
        break;
      case 'UNAUTHORIZED':
        message = basicAuth
          ? `registry ${host} refused the configured credentials while ${what} of ${name}`
          : `registry ${host} needs credentials to read ${name}: configure a username and password in containerImages.oci.registries`;
        break;
      case 'DENIED':
        message = `registry ${host} denies access to ${name} (${what})`;
        break;
      case 'TOOMANYREQUESTS': {
        const retryAfter = res.headers.get('retry-after');
        message = `registry ${host} is rate limiting reads of ${name} (${what})${
          retryAfter ? `; retry after ${retryAfter} s` : ''
        }`;
        break;
      }
      default:
        message = `registry ${host} answered ${res.status} ${code} while ${what} of ${name}`;
    }
    return new RepositoryReadError(
      detail ? `${message}: ${detail}` : message,
      code,
      res.status,
    );
  }

  private async readBytes(
    ctx: ReadContext,
    res: Response,
    what: string,
    maxBytes: number,
  ): Promise<Buffer> {
    const length = Number(res.headers.get('content-length'));
    if (length > maxBytes) {
      await res.body?.cancel();
      throw new RepositoryReadError(
        `registry ${ctx.registry.host} sent ${length} bytes while ${what} of ${ctx.name}; at most ${maxBytes} are read`,
        'INVALID_RESPONSE',
      );
    }
    try {
      const bytes = Buffer.from(await res.arrayBuffer());
      if (bytes.length > maxBytes) {
        throw new RepositoryReadError(
          `registry ${ctx.registry.host} sent ${bytes.length} bytes while ${what} of ${ctx.name}; at most ${maxBytes} are read`,
          'INVALID_RESPONSE',
        );
      }
      return bytes;
    } catch (error) {
      if (error instanceof RepositoryReadError) throw error;
      throw this.transportError(
        ctx,
        new URL(res.url || ctx.registry.base),
        what,
        error,
      );
    }
  }

  private parseJson(ctx: ReadContext, bytes: Buffer, what: string): unknown {
    try {
      return JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      throw new RepositoryReadError(
        `registry ${ctx.registry.host} answered with invalid JSON while ${what} of ${ctx.name}`,
        'INVALID_RESPONSE',
        undefined,
        { cause: error },
      );
    }
  }

  private async readJson(
    ctx: ReadContext,
    res: Response,
    what: string,
    maxBytes: number,
  ): Promise<any> {
    return this.parseJson(
      ctx,
      await this.readBytes(ctx, res, what, maxBytes),
      what,
    );
  }
}

/**
 * The platform image an index is described by: linux/amd64 when present, else the first entry
 * that is not an attestation (BuildKit lists those as `unknown/unknown`).
 */
function pickPlatform(manifests: Descriptor[]): Descriptor | undefined {
  const images = manifests.filter(
    m =>
      m?.platform?.os !== 'unknown' &&
      m?.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest',
  );
  return (
    images.find(
      m => m.platform?.os === 'linux' && m.platform?.architecture === 'amd64',
    ) ?? images[0]
  );
}

/**
 * A build time, when there is a real one: reproducible builds write the Unix epoch (or Go's zero
 * time), which says nothing about when the image was made.
 */
function parseCreated(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  return Number.isFinite(time) && time > 0 ? new Date(time) : undefined;
}

/** `fn` over `items` with at most `limit` in flight; stops starting new ones after a failure. */
async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i]);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}
