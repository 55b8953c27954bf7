import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { RepoContents, RepoRef, RepoSource } from '../types';
import { EtagCache } from './github/EtagCache';
import type { PluginMetrics } from '@platform-portal/metrics-node';
import { GithubApiError } from './github/errors';
import {
  GITHUB_RAW,
  GithubClientStats,
  GithubHttpClient,
} from './github/GithubHttpClient';

/** Options of {@link GithubRepoSource.create}. */
export interface GithubRepoSourceOptions {
  /** The organisation whose repositories are listed, e.g. `orbital-data`. */
  organization: string;
  /** The GitHub host; an `integrations.github` entry must exist for it. Default `github.com`. */
  host?: string;
  integrations: ScmIntegrationRegistry;
  /**
   * Where the `Authorization` header comes from. Default:
   * `DefaultGithubCredentialsProvider.fromIntegrations(integrations)`, which handles both a token
   * and a GitHub App (installation tokens, cached and renewed).
   */
  credentialsProvider?: GithubCredentialsProvider;
  logger: LoggerService;
  /** GitHub requests in flight at most, across all calls of this source. Default 8. */
  concurrency?: number;
  /** Retries of one request after a rate limit, 5xx or network error. Default 5. */
  maxRetries?: number;
  /** Injectable for tests; default a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** The longest single wait for a rate limit; longer ones throw instead. Default 15 minutes. */
  maxRateLimitWaitMs?: number;
  /** Injectable for tests: the clock (epoch ms) rate-limit resets are compared to. */
  now?: () => number;
  /** Where ETags and bodies are kept between sweeps; default in memory (LRU, 256 MB). */
  etagCache?: EtagCache;
  /** GitHub calls, errors and 304s (see `createPluginMetrics`). */
  metrics?: PluginMetrics;
}

/** Counters of a {@link GithubRepoSource}'s GitHub traffic. */
export type GithubRepoSourceStats = GithubClientStats;

/** Files larger than this (by the tree's size) are never read. */
export const MAX_READ_FILE_BYTES = 1024 * 1024;
/** Subtrees listed at most when a recursive tree comes back truncated. */
export const MAX_TRUNCATED_FALLBACK_TREES = 100;

/** The part of GitHub's repository object this source reads. */
interface GithubRepositoryJson {
  name: string;
  owner?: { login?: string };
  html_url: string;
  default_branch?: string;
  archived?: boolean;
  topics?: string[];
  description?: string | null;
  homepage?: string | null;
  visibility?: string;
  private?: boolean;
  pushed_at?: string | null;
}

interface GithubTreeJson {
  tree: Array<{ path: string; type: string; size?: number; sha: string }>;
  truncated?: boolean;
}

/** A tree as it is cached: compact, not GitHub's JSON. */
interface TreeListing {
  /** Blob paths and their sizes, in tree order. */
  paths: string[];
  sizes: number[];
  /** Subtrees (only kept for non-recursive listings, to descend into). */
  dirs: Array<{ path: string; sha: string }>;
  truncated: boolean;
}

/**
 * Every repository of one GitHub organisation, read cheaply over the REST API: one listing (100
 * repositories a page), one recursive tree and a few raw files per repository, all as conditional
 * requests so a re-sweep of an unchanged organisation costs 304s only (which GitHub does not count
 * against the rate limit). Rate limits are respected (see {@link GithubHttpClient}).
 *
 * Error contract: failures are thrown, never swallowed into an empty result. When
 * {@link GithubRepoSource.listRepositories} throws (organisation missing, credentials rejected,
 * GitHub down or rate-limited beyond `maxRateLimitWaitMs`), callers should keep every entity they
 * already had; when {@link GithubRepoSource.readContents} or `readFile` throws for one repository,
 * keep that repository's previous entities. Only {@link GithubRepoSource.getRepository} returning
 * undefined (404) and a repository missing from a successful listing mean "gone".
 */
export class GithubRepoSource implements RepoSource {
  readonly id: string;
  private readonly apiBaseUrl: string;

  /**
   * Finds the GitHub integration for `host` and its credentials.
   *
   * @throws InputError when no `integrations.github` entry exists for `host`
   */
  static create(options: GithubRepoSourceOptions): GithubRepoSource {
    const host = options.host ?? 'github.com';
    const organization = options.organization?.trim();
    if (!organization || organization.includes('/')) {
      throw new InputError(
        `GitHub organization must be a plain login like 'orbital-data', got '${options.organization}'`,
      );
    }
    const integration = options.integrations.github.byHost(host);
    if (!integration) {
      throw new InputError(
        `No GitHub integration is configured for host '${host}' (organization '${organization}'); add one under integrations.github in app-config`,
      );
    }
    const apiBaseUrl = (
      integration.config.apiBaseUrl ??
      (host === 'github.com'
        ? 'https://api.github.com'
        : `https://${host}/api/v3`)
    ).replace(/\/+$/, '');
    const credentialsProvider =
      options.credentialsProvider ??
      DefaultGithubCredentialsProvider.fromIntegrations(options.integrations);
    const credentialsUrl = `https://${host}/${organization}`;
    const client = new GithubHttpClient({
      logger: options.logger,
      concurrency: options.concurrency,
      maxRetries: options.maxRetries,
      maxRateLimitWaitMs: options.maxRateLimitWaitMs,
      sleep: options.sleep,
      now: options.now,
      cache: options.etagCache,
      metrics: options.metrics,
      headers: async () =>
        (await credentialsProvider.getCredentials({ url: credentialsUrl }))
          .headers,
    });
    return new GithubRepoSource({
      host,
      organization,
      apiBaseUrl,
      client,
      logger: options.logger,
    });
  }

  private constructor(
    private readonly options: {
      host: string;
      organization: string;
      apiBaseUrl: string;
      client: GithubHttpClient;
      logger: LoggerService;
    },
  ) {
    this.id = `github:${options.host}/${options.organization}`;
    this.apiBaseUrl = options.apiBaseUrl;
  }

  /** Counters of the GitHub traffic so far: requests, 304s, retries, rate-limit waits. */
  stats(): GithubRepoSourceStats {
    return this.options.client.stats();
  }

  /**
   * Every repository of the organisation, archived ones included, following `Link` pagination.
   *
   * @throws NotFoundError when the organisation does not exist (or the credentials cannot see it)
   * @throws GithubApiError, GithubRateLimitError or a network error otherwise; callers keep what
   *   they had
   */
  async listRepositories(): Promise<RepoRef[]> {
    const { organization, host } = this.options;
    const url = `${this.apiBaseUrl}/orgs/${encodeURIComponent(
      organization,
    )}/repos?type=all&per_page=100&sort=full_name`;
    try {
      const { items } = await this.options.client.getAllPages<RepoRef>(url, {
        parse: body =>
          (JSON.parse(body) as GithubRepositoryJson[]).map(r =>
            this.toRepoRef(r),
          ),
      });
      // Repositories created while paging can shift one onto two pages.
      const byId = new Map<string, RepoRef>();
      for (const repo of items) byId.set(repo.id, repo);
      return [...byId.values()];
    } catch (error) {
      if (error instanceof GithubApiError && error.statusCode === 404) {
        throw new NotFoundError(
          `GitHub organization '${organization}' was not found on ${host} (or the configured credentials cannot see it)`,
          error,
        );
      }
      throw error;
    }
  }

  /**
   * One repository, for event-driven refreshes. Follows GitHub's 301 for a renamed repository
   * (the result then carries the new name). Undefined when it is gone (404) or now belongs to
   * another owner (transferred out of the organisation).
   */
  async getRepository(name: string): Promise<RepoRef | undefined> {
    const result = await this.options.client.get<GithubRepositoryJson>(
      `${this.repoApiUrl(name)}`,
      { allowStatuses: [404] },
    );
    if (!result.ok) return undefined;
    const owner = result.value.owner?.login;
    if (
      owner &&
      owner.toLocaleLowerCase('en-US') !==
        this.options.organization.toLocaleLowerCase('en-US')
    ) {
      return undefined;
    }
    return this.toRepoRef(result.value);
  }

  /**
   * The default branch's tree (one recursive call) and a reader of its files. A truncated tree
   * (more than GitHub's 100 000 entries / 7 MB) is logged and replaced by the root and its
   * subdirectories, listed non-recursively (at most {@link MAX_TRUNCATED_FALLBACK_TREES}
   * subtrees). An empty repository has no paths.
   *
   * @throws NotFoundError when the repository or its default branch is gone
   * @throws GithubApiError, GithubRateLimitError or a network error; callers keep what they had
   */
  async readContents(repo: RepoRef): Promise<RepoContents> {
    const base = this.repoApiUrl(repo.name);
    const branch = encodeURIComponent(repo.defaultBranch);
    const tree = await this.options.client.get<TreeListing>(
      `${base}/git/trees/${branch}?recursive=1`,
      { allowStatuses: [404, 409], parse: body => parseTree(body, '', false) },
    );
    if (!tree.ok) {
      if (tree.status === 409) {
        // "Git Repository is empty."
        return this.contents(repo, [], [], false);
      }
      throw new NotFoundError(
        `GitHub repository ${this.options.organization}/${repo.name} or its branch '${repo.defaultBranch}' was not found`,
      );
    }
    if (!tree.value.truncated) {
      return this.contents(repo, tree.value.paths, tree.value.sizes, true);
    }

    this.options.logger.warn(
      `GitHub tree of ${this.options.organization}/${repo.name} is truncated (too many files); listing only its top two levels`,
    );
    const root = await this.options.client.get<TreeListing>(
      `${base}/git/trees/${branch}`,
      { parse: body => parseTree(body, '', true) },
    );
    if (!root.ok) throw new Error('unreachable');
    const paths = [...root.value.paths];
    const sizes = [...root.value.sizes];
    const dirs = root.value.dirs.slice(0, MAX_TRUNCATED_FALLBACK_TREES);
    if (root.value.dirs.length > dirs.length) {
      this.options.logger.warn(
        `GitHub tree of ${this.options.organization}/${repo.name}: listing ${dirs.length} of ${root.value.dirs.length} top-level directories`,
      );
    }
    const subtrees = await Promise.all(
      dirs.map(dir =>
        this.options.client.get<TreeListing>(
          `${base}/git/trees/${encodeURIComponent(dir.sha)}`,
          { parse: body => parseTree(body, `${dir.path}/`, true) },
        ),
      ),
    );
    for (const subtree of subtrees) {
      if (!subtree.ok) continue;
      paths.push(...subtree.value.paths);
      sizes.push(...subtree.value.sizes);
    }
    return this.contents(repo, paths, sizes, false);
  }

  private contents(
    repo: RepoRef,
    paths: string[],
    sizes: number[],
    complete: boolean,
  ): RepoContents {
    const sizeOf = new Map<string, number>();
    paths.forEach((path, i) => sizeOf.set(path, sizes[i]));
    const reads = new Map<string, Promise<string | undefined>>();
    const base = this.repoApiUrl(repo.name);
    const ref = encodeURIComponent(repo.defaultBranch);
    const { client, logger, organization } = this.options;

    const read = async (path: string): Promise<string | undefined> => {
      const size = sizeOf.get(path);
      if (size === undefined && complete) return undefined; // not in the tree: no request
      if (size !== undefined && size > MAX_READ_FILE_BYTES) {
        logger.debug(
          `Not reading ${organization}/${repo.name}/${path}: ${size} bytes is over ${MAX_READ_FILE_BYTES}`,
        );
        return undefined;
      }
      const encoded = path.split('/').map(encodeURIComponent).join('/');
      const result = await client.get<string>(
        `${base}/contents/${encoded}?ref=${ref}`,
        { accept: GITHUB_RAW, allowStatuses: [404], parse: body => body },
      );
      return result.ok ? result.value : undefined;
    };

    return {
      paths,
      readFile(path: string) {
        const normalized = path.replace(/^(\.\/|\/)+/, '');
        let pending = reads.get(normalized);
        if (!pending) {
          pending = read(normalized);
          reads.set(normalized, pending);
          // A failed read may be retried by a later call.
          pending.catch(() => reads.delete(normalized));
        }
        return pending;
      },
    };
  }

  private repoApiUrl(name: string): string {
    return `${this.apiBaseUrl}/repos/${encodeURIComponent(
      this.options.organization,
    )}/${encodeURIComponent(name)}`;
  }

  private toRepoRef(json: GithubRepositoryJson): RepoRef {
    const organization = json.owner?.login ?? this.options.organization;
    return {
      id: `${this.options.host}/${organization}/${json.name}`,
      name: json.name,
      organization,
      webUrl: json.html_url,
      defaultBranch: json.default_branch || 'main',
      archived: Boolean(json.archived),
      topics: (json.topics ?? []).map(t => t.toLocaleLowerCase('en-US')),
      description: json.description || undefined,
      homepage: json.homepage || undefined,
      visibility: visibilityOf(json),
      pushedAt: json.pushed_at || undefined,
    };
  }
}

function visibilityOf(json: GithubRepositoryJson): RepoRef['visibility'] {
  if (
    json.visibility === 'public' ||
    json.visibility === 'private' ||
    json.visibility === 'internal'
  ) {
    return json.visibility;
  }
  if (json.private === undefined) return undefined;
  return json.private ? 'private' : 'public';
}

/** GitHub's tree JSON as a compact {@link TreeListing}; `prefix` is the subtree's path + '/'. */
function parseTree(
  body: string,
  prefix: string,
  keepDirs: boolean,
): TreeListing {
  const json = JSON.parse(body) as GithubTreeJson;
  const listing: TreeListing = {
    paths: [],
    sizes: [],
    dirs: [],
    truncated: Boolean(json.truncated),
  };
  for (const entry of json.tree ?? []) {
    if (entry.type === 'blob') {
      listing.paths.push(prefix + entry.path);
      listing.sizes.push(entry.size ?? 0);
    } else if (entry.type === 'tree' && keepDirs) {
      listing.dirs.push({ path: prefix + entry.path, sha: entry.sha });
    }
  }
  return listing;
}
