/**
 * An msw simulation of the parts of GitHub's REST API that repository discovery uses, for an
 * organisation of any number of generated repositories (10 000 is fine: every request is O(1) or
 * O(page size / files of one repository), nothing is O(n²)).
 *
 * Shapes follow GitHub's documentation: `GET /orgs/{org}/repos` with `Link` pagination (next
 * pages under `/organizations/{id}/repos`, as GitHub does), `GET /repos/{org}/{repo}` (301 for a
 * renamed repository), `GET /repos/{org}/{repo}/git/trees/{sha}` (recursive, truncated, 409 for an
 * empty repository), `GET /repos/{org}/{repo}/contents/{path}` (raw media type or base64 JSON),
 * stable ETags with 304 Not Modified, `x-ratelimit-*` headers with an optional primary limit, and
 * the GitHub App installation endpoints. Failures can be injected per request.
 *
 * @example
 * ```ts
 * const server = setupServer();
 * registerMswTestHooks(server);
 * const api = createGithubOrgHandlers({ org: 'orbital-data', repos: generateRepos(10_000) });
 * server.use(...api.handlers);
 * // ... api.counters.requests, api.counters.notModified, api.log
 * ```
 */
import { createHash } from 'node:crypto';
import { delay, http, HttpHandler, HttpResponse } from 'msw';

/** A repository of the simulated organisation. */
export interface FakeGithubRepo {
  name: string;
  /** Path → content of every file at the default branch; `{}` is an empty repository (409). */
  files: Record<string, string>;
  archived?: boolean;
  topics?: string[];
  /** Default `main`. */
  defaultBranch?: string;
  description?: string;
  homepage?: string;
  /** Default `private`. */
  visibility?: 'public' | 'private' | 'internal';
  /** Default: derived from a revision counter that moves on every change. */
  pushedAt?: string;
  /** Serve the recursive tree truncated (as beyond GitHub's 100 000 entries / 7 MB). */
  truncatedTree?: boolean;
}

/** What a request was for. */
export type GithubRequestKind =
  | 'list'
  | 'repo'
  | 'tree'
  | 'contents'
  | 'app'
  | 'other';

/** One request the simulation answered. */
export interface GithubRequestRecord {
  method: string;
  url: string;
  kind: GithubRequestKind;
  status: number;
  /** The repository the request was about, when any. */
  repo?: string;
  ifNoneMatch?: string;
  authorization?: string;
  accept?: string;
}

/** What an injected failure is told about the request. */
export interface GithubInjectContext {
  request: Request;
  url: URL;
  kind: GithubRequestKind;
  repo?: string;
  /** 1-based number of this request among all the simulation received. */
  count: number;
  /** 1-based number of this request among those of its kind. */
  kindCount: number;
}

/** Options of {@link createGithubOrgHandlers}. */
export interface CreateGithubOrgHandlersOptions {
  org: string;
  repos: FakeGithubRepo[];
  /** Default `https://api.github.com`; a GHE one looks like `https://ghe.example.com/api/v3`. */
  apiBaseUrl?: string;
  /** Largest page served (GitHub: 100); lower it to paginate small organisations. */
  perPage?: number;
  /** Numeric id of the organisation, used in `Link` URLs. Default 9919. */
  orgId?: number;
  /**
   * When set, requests must carry `Authorization: Bearer <token>` (or `token <token>`) with one of
   * these (or an installation token the simulation issued); others get 401 Bad credentials.
   */
  token?: string | string[];
  /** The clock for rate-limit windows (epoch ms). Default `Date.now`. */
  now?: () => number;
  /** Shorthand for `rateLimit: { limit: n }`. */
  rateLimitAfter?: number;
  /**
   * A primary rate limit: `limit` requests per window of `windowSeconds` (default 3600) starting
   * at the first request; `used` of them already spent (by another client) in the first window.
   * Beyond it: 403 with `x-ratelimit-remaining: 0` until the reset. 304s are free, as on GitHub.
   * Without it, headers report 5000 / 4999 remaining and nothing is limited.
   */
  rateLimit?: { limit: number; windowSeconds?: number; used?: number };
  /** Returns a response to send instead of the simulated one (a 5xx, a secondary limit, ...). */
  inject?: (
    context: GithubInjectContext,
  ) => Response | undefined | Promise<Response | undefined>;
  /** Real delay before every answer, e.g. to observe concurrency. */
  delayMs?: number;
  /** Keep {@link GithubOrgApi.log}. Default true. */
  record?: boolean;
  /** A GitHub App installed on the organisation (for `DefaultGithubCredentialsProvider` apps). */
  app?: { installationId: number; token: string; appId?: number };
}

/** Request counters of the simulation. */
export interface GithubApiCounters {
  requests: number;
  notModified: number;
  /** 403/429 rate-limit answers, simulated or injected. */
  rateLimited: number;
  unauthorized: number;
  byKind: Record<GithubRequestKind, number>;
  byStatus: Record<number, number>;
  inFlight: number;
  maxInFlight: number;
}

/** The simulation: handlers for `server.use(...)`, counters, and ways to change the org. */
export interface GithubOrgApi {
  handlers: HttpHandler[];
  counters: GithubApiCounters;
  log: GithubRequestRecord[];
  apiBaseUrl: string;
  resetCounters(): void;
  /** Adds or replaces a repository. */
  setRepo(repo: FakeGithubRepo): void;
  removeRepo(name: string): void;
  /** Renames; the old name answers 301 afterwards, as on GitHub. */
  renameRepo(from: string, to: string): void;
  /** Writes (or with undefined deletes) one file; moves the repository's ETags and pushed_at. */
  setFile(repo: string, path: string, content: string | undefined): void;
}

/** Generates `count` repositories with a few typical files, names `repo-00001`, ... */
export function generateRepos(
  count: number,
  files: (i: number) => Record<string, string> = i => ({
    'README.md': `# repo ${i}\n`,
    'package.json': JSON.stringify({ name: `repo-${i}`, version: '1.0.0' }),
    'src/index.ts': `export const n = ${i};\n`,
  }),
): FakeGithubRepo[] {
  const width = Math.max(5, String(count).length);
  return Array.from({ length: count }, (_, i) => ({
    name: `repo-${String(i + 1).padStart(width, '0')}`,
    files: files(i + 1),
    topics: i % 10 === 0 ? ['team-platform'] : [],
    archived: i % 50 === 49,
  }));
}

/** A fake clock whose sleep advances time instantly and records each wait. */
export function createFakeClock(startMs = 1_700_000_000_000) {
  const clock = {
    nowMs: startMs,
    sleeps: [] as number[],
    now: () => clock.nowMs,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.nowMs += ms;
    },
  };
  return clock;
}

const DOCS = 'https://docs.github.com/rest';

/** GitHub-shaped error answers, for `inject`. */
export const githubResponses = {
  /** A secondary rate limit, with or without `retry-after`. */
  secondaryRateLimit(
    options: { status?: 403 | 429; retryAfterSeconds?: number } = {},
  ): Response {
    const status = options.status ?? 403;
    const headers: Record<string, string> = {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4000',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-resource': 'core',
    };
    if (options.retryAfterSeconds !== undefined) {
      headers['retry-after'] = String(options.retryAfterSeconds);
    }
    return HttpResponse.json(
      {
        message:
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000.',
        documentation_url:
          'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        status: String(status),
      },
      { status, headers },
    );
  },
  /** The primary limit is used up until `resetEpochSeconds`. */
  primaryRateLimit(
    resetEpochSeconds: number,
    status: 403 | 429 = 403,
  ): Response {
    return HttpResponse.json(
      {
        message:
          'API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000.',
        documentation_url:
          'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit',
        status: String(status),
      },
      {
        status,
        headers: {
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-used': '5000',
          'x-ratelimit-reset': String(resetEpochSeconds),
          'x-ratelimit-resource': 'core',
        },
      },
    );
  },
  /** A 5xx. */
  serverError(status = 502): Response {
    return HttpResponse.json(
      { message: 'Server Error', status: String(status) },
      { status },
    );
  },
  /** GitHub's 404. */
  notFound(message = 'Not Found'): Response {
    return HttpResponse.json(
      { message, documentation_url: DOCS, status: '404' },
      { status: 404 },
    );
  },
};

interface TreeEntry {
  path: string;
  mode: string;
  type: 'blob' | 'tree';
  sha: string;
  size?: number;
}

interface BuiltTree {
  rootSha: string;
  /** Depth-first, every blob and tree, paths relative to the root. */
  recursive: TreeEntry[];
  /** Tree sha → its immediate entries (names only in `path`). */
  dirs: Map<string, TreeEntry[]>;
  /** Directory path ('' for the root) → tree sha. */
  dirShaByPath: Map<string, string>;
  blobs: Map<string, { sha: string; size: number }>;
}

interface RepoState {
  id: number;
  data: FakeGithubRepo;
  revision: number;
  tree?: BuiltTree;
  json?: Record<string, unknown>;
  jsonEtag?: string;
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

function blobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1')
    .update(`blob ${bytes.length}\0`)
    .update(bytes)
    .digest('hex');
}

function buildTree(files: Record<string, string>): BuiltTree {
  // Directory path → child names (files and directories).
  const children = new Map<string, Map<string, 'blob' | 'tree'>>();
  const blobs = new Map<string, { sha: string; size: number }>();
  const ensureDir = (dir: string) => {
    let entries = children.get(dir);
    if (!entries) {
      entries = new Map();
      children.set(dir, entries);
      if (dir !== '') {
        const slash = dir.lastIndexOf('/');
        const parent = slash < 0 ? '' : dir.slice(0, slash);
        ensureDir(parent).set(dir.slice(slash + 1), 'tree');
      }
    }
    return entries;
  };
  ensureDir('');
  for (const [path, content] of Object.entries(files)) {
    const slash = path.lastIndexOf('/');
    const dir = slash < 0 ? '' : path.slice(0, slash);
    ensureDir(dir).set(path.slice(slash + 1), 'blob');
    blobs.set(path, {
      sha: blobSha(content),
      size: Buffer.byteLength(content, 'utf8'),
    });
  }

  const dirs = new Map<string, TreeEntry[]>();
  const dirShaByPath = new Map<string, string>();
  const recursive: TreeEntry[] = [];
  // Post-order to hash subtrees first; the recursive listing is built pre-order afterwards.
  const hashDir = (dir: string): string => {
    const names = [...children.get(dir)!.entries()].sort(([a], [b]) =>
      a < b ? -1 : 1,
    );
    const entries: TreeEntry[] = names.map(([name, type]) => {
      const full = dir ? `${dir}/${name}` : name;
      if (type === 'tree') {
        return { path: name, mode: '040000', type, sha: hashDir(full) };
      }
      const blob = blobs.get(full)!;
      return {
        path: name,
        mode: '100644',
        type,
        sha: blob.sha,
        size: blob.size,
      };
    });
    const sha = sha1(
      `tree\0${entries.map(e => `${e.mode} ${e.path}\0${e.sha}`).join('\n')}`,
    );
    dirs.set(sha, entries);
    dirShaByPath.set(dir, sha);
    return sha;
  };
  const rootSha = hashDir('');
  const walk = (dir: string) => {
    for (const entry of dirs.get(dirShaByPath.get(dir)!)!) {
      const full = dir ? `${dir}/${entry.path}` : entry.path;
      recursive.push({ ...entry, path: full });
      if (entry.type === 'tree') walk(full);
    }
  };
  walk('');
  return { rootSha, recursive, dirs, dirShaByPath, blobs };
}

function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const strip = (v: string) => v.trim().replace(/^W\//, '');
  const want = strip(etag);
  return ifNoneMatch
    .split(',')
    .some(candidate => candidate.trim() === '*' || strip(candidate) === want);
}

/** Creates the simulation; see the file's documentation. */
export function createGithubOrgHandlers(
  options: CreateGithubOrgHandlersOptions,
): GithubOrgApi {
  const apiBaseUrl = (options.apiBaseUrl ?? 'https://api.github.com').replace(
    /\/+$/,
    '',
  );
  const apiUrl = new URL(apiBaseUrl);
  const apiPath = apiUrl.pathname.replace(/\/+$/, '');
  const webBase =
    apiUrl.host === 'api.github.com' ? 'https://github.com' : apiUrl.origin;
  const org = options.org;
  const orgLower = org.toLocaleLowerCase('en-US');
  const orgId = options.orgId ?? 9919;
  const maxPerPage = Math.min(options.perPage ?? 100, 100);
  const now = options.now ?? Date.now;
  const record = options.record ?? true;
  const tokens = new Set(
    options.token === undefined ? [] : [options.token].flat(),
  );
  const requireToken = options.token !== undefined;
  const limitConfig =
    options.rateLimit ??
    (options.rateLimitAfter !== undefined
      ? { limit: options.rateLimitAfter }
      : undefined);

  let nextId = 1000;
  const repos = new Map<string, RepoState>(); // lower-case name → state
  const byId = new Map<number, RepoState>();
  const renamed = new Map<string, number>(); // lower-case old name → id
  let sorted: RepoState[] | undefined;

  const setRepo = (repo: FakeGithubRepo) => {
    const key = repo.name.toLocaleLowerCase('en-US');
    const previous = repos.get(key);
    const state: RepoState = {
      id: previous?.id ?? nextId++,
      data: { ...repo, files: { ...repo.files } },
      revision: (previous?.revision ?? 0) + 1,
    };
    repos.set(key, state);
    byId.set(state.id, state);
    renamed.delete(key);
    sorted = undefined;
  };
  for (const repo of options.repos) setRepo(repo);

  const counters: GithubApiCounters = {
    requests: 0,
    notModified: 0,
    rateLimited: 0,
    unauthorized: 0,
    byKind: { list: 0, repo: 0, tree: 0, contents: 0, app: 0, other: 0 },
    byStatus: {},
    inFlight: 0,
    maxInFlight: 0,
  };
  const log: GithubRequestRecord[] = [];

  // Primary rate-limit window.
  let window: { used: number; resetMs: number } | undefined;
  let firstWindow = true;
  const currentWindow = () => {
    const t = now();
    if (!window || t >= window.resetMs) {
      window = {
        used: firstWindow ? limitConfig?.used ?? 0 : 0,
        resetMs: t + (limitConfig?.windowSeconds ?? 3600) * 1000,
      };
      firstWindow = false;
    }
    return window;
  };
  const rateHeaders = (): Record<string, string> => {
    if (!limitConfig) {
      return {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4999',
        'x-ratelimit-used': '1',
        'x-ratelimit-reset': String(Math.ceil(now() / 1000) + 3600),
        'x-ratelimit-resource': 'core',
      };
    }
    const w = currentWindow();
    return {
      'x-ratelimit-limit': String(limitConfig.limit),
      'x-ratelimit-remaining': String(Math.max(0, limitConfig.limit - w.used)),
      'x-ratelimit-used': String(w.used),
      'x-ratelimit-reset': String(Math.ceil(w.resetMs / 1000)),
      'x-ratelimit-resource': 'core',
    };
  };

  const sortedRepos = () => {
    if (!sorted) {
      sorted = [...repos.values()].sort((a, b) => {
        const x = a.data.name.toLocaleLowerCase('en-US');
        const y = b.data.name.toLocaleLowerCase('en-US');
        if (x === y) return 0;
        return x < y ? -1 : 1;
      });
    }
    return sorted;
  };

  const treeOf = (state: RepoState) => {
    if (!state.tree) state.tree = buildTree(state.data.files);
    return state.tree;
  };

  const pushedAt = (state: RepoState) =>
    state.data.pushedAt ??
    new Date(Date.UTC(2024, 0, 1) + state.revision * 1000).toISOString();

  const repoJson = (state: RepoState) => {
    if (!state.json) {
      const d = state.data;
      const visibility = d.visibility ?? 'private';
      const empty = Object.keys(d.files).length === 0;
      state.json = {
        id: state.id,
        node_id: `R_${state.id}`,
        name: d.name,
        full_name: `${org}/${d.name}`,
        private: visibility !== 'public',
        owner: {
          login: org,
          id: orgId,
          node_id: `O_${orgId}`,
          url: `${apiBaseUrl}/users/${org}`,
          html_url: `${webBase}/${org}`,
          type: 'Organization',
          site_admin: false,
        },
        html_url: `${webBase}/${org}/${d.name}`,
        description: d.description ?? null,
        fork: false,
        url: `${apiBaseUrl}/repos/${org}/${d.name}`,
        homepage: d.homepage ?? null,
        size: empty ? 0 : 1,
        language: null,
        archived: Boolean(d.archived),
        disabled: false,
        visibility,
        pushed_at: empty ? null : pushedAt(state),
        created_at: '2023-01-01T00:00:00Z',
        updated_at: pushedAt(state),
        default_branch: d.defaultBranch ?? 'main',
        topics: d.topics ?? [],
        is_template: false,
        forks_count: 0,
        stargazers_count: 0,
        watchers_count: 0,
        open_issues_count: 0,
        has_issues: true,
      };
      state.jsonEtag = `W/"${sha1(JSON.stringify(state.json))}"`;
    }
    return state.json;
  };

  const invalidate = (state: RepoState) => {
    state.revision += 1;
    state.tree = undefined;
    state.json = undefined;
    state.jsonEtag = undefined;
    sorted = undefined;
  };

  const issuedTokens = new Set<string>();

  /** Answers with `status` and body, or 304 when the ETag matches. */
  const answer = (
    request: Request,
    etag: string,
    body: string,
    contentType: string,
    extraHeaders: Record<string, string> = {},
  ) => {
    if (etagMatches(request.headers.get('if-none-match'), etag)) {
      return new HttpResponse(null, {
        status: 304,
        headers: { etag, ...extraHeaders },
      });
    }
    return new HttpResponse(body, {
      status: 200,
      headers: { 'content-type': contentType, etag, ...extraHeaders },
    });
  };
  const json = (
    request: Request,
    value: unknown,
    etag?: string,
    headers?: Record<string, string>,
  ) => {
    const body = JSON.stringify(value);
    return answer(
      request,
      etag ?? `W/"${sha1(body)}"`,
      body,
      'application/json; charset=utf-8',
      headers,
    );
  };

  const moved = (state: RepoState, rest: string[], url: URL) => {
    const location = `${apiBaseUrl}/repositories/${state.id}${
      rest.length ? `/${rest.join('/')}` : ''
    }${url.search}`;
    return HttpResponse.json(
      {
        message: 'Moved Permanently',
        url: location,
        documentation_url: `${DOCS}/guides/best-practices-for-using-the-rest-api#follow-redirects`,
      },
      { status: 301, headers: { location } },
    );
  };

  const listRepos = (request: Request, url: URL) => {
    const requested = Number(url.searchParams.get('per_page') ?? 30);
    const perPage = Math.max(1, Math.min(requested || 30, maxPerPage));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    const all = sortedRepos();
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const items = all
      .slice((page - 1) * perPage, page * perPage)
      .map(s => repoJson(s));
    const pageUrl = (n: number) => {
      const params = new URLSearchParams(url.searchParams);
      params.set('per_page', String(perPage));
      params.set('page', String(n));
      return `${apiBaseUrl}/organizations/${orgId}/repos?${params}`;
    };
    const links: string[] = [];
    if (page < last) {
      links.push(`<${pageUrl(page + 1)}>; rel="next"`);
      links.push(`<${pageUrl(last)}>; rel="last"`);
    }
    if (page > 1) {
      links.push(`<${pageUrl(page - 1)}>; rel="prev"`);
      links.push(`<${pageUrl(1)}>; rel="first"`);
    }
    return json(
      request,
      items,
      undefined,
      links.length ? { link: links.join(', ') } : {},
    );
  };

  const getTree = (
    request: Request,
    url: URL,
    state: RepoState,
    ref: string,
  ) => {
    const branch = state.data.defaultBranch ?? 'main';
    if (Object.keys(state.data.files).length === 0) {
      return HttpResponse.json(
        {
          message: 'Git Repository is empty.',
          documentation_url: `${DOCS}/git/trees#get-a-tree`,
          status: '409',
        },
        { status: 409 },
      );
    }
    const tree = treeOf(state);
    const sha = ref === branch ? tree.rootSha : ref;
    const entries = tree.dirs.get(sha);
    if (!entries) return githubResponses.notFound();
    const recursive = url.searchParams.has('recursive');
    const base = `${apiBaseUrl}/repos/${org}/${state.data.name}/git`;
    const shape = (e: TreeEntry) => ({
      path: e.path,
      mode: e.mode,
      type: e.type,
      sha: e.sha,
      ...(e.type === 'blob' ? { size: e.size } : {}),
      url: `${base}/${e.type === 'blob' ? 'blobs' : 'trees'}/${e.sha}`,
    });
    let listed: TreeEntry[];
    let truncated = false;
    if (recursive && sha === tree.rootSha) {
      listed = tree.recursive;
      if (state.data.truncatedTree) {
        listed = listed.slice(0, Math.max(1, Math.floor(listed.length / 2)));
        truncated = true;
      }
    } else if (recursive) {
      // Recursive listing of a subtree: its entries prefixed relative to that subtree.
      const dir =
        [...tree.dirShaByPath.entries()].find(([, s]) => s === sha)?.[0] ?? '';
      const prefix = dir ? `${dir}/` : '';
      listed = tree.recursive
        .filter(e => e.path.startsWith(prefix))
        .map(e => ({ ...e, path: e.path.slice(prefix.length) }));
    } else {
      listed = entries;
    }
    return json(
      request,
      { sha, url: `${base}/trees/${sha}`, tree: listed.map(shape), truncated },
      `W/"${sha1(`${sha}:${recursive}:${truncated}`)}"`,
    );
  };

  const getContents = (
    request: Request,
    url: URL,
    state: RepoState,
    path: string,
  ) => {
    const branch = state.data.defaultBranch ?? 'main';
    if (Object.keys(state.data.files).length === 0) {
      return githubResponses.notFound('This repository is empty.');
    }
    const ref = url.searchParams.get('ref');
    if (ref !== null && ref !== branch) {
      return githubResponses.notFound(`No commit found for the ref ${ref}`);
    }
    const tree = treeOf(state);
    const content = state.data.files[path];
    const raw = (request.headers.get('accept') ?? '').includes('raw');
    const htmlBase = `${webBase}/${org}/${state.data.name}`;
    if (content === undefined) {
      const dirSha = tree.dirShaByPath.get(path.replace(/\/+$/, ''));
      if (dirSha === undefined) return githubResponses.notFound();
      const listing = tree.dirs.get(dirSha)!.map(e => ({
        type: e.type === 'tree' ? 'dir' : 'file',
        name: e.path,
        path: path ? `${path}/${e.path}` : e.path,
        sha: e.sha,
        size: e.size ?? 0,
      }));
      return json(request, listing, `W/"${dirSha}"`);
    }
    const blob = tree.blobs.get(path)!;
    if (raw) {
      return answer(
        request,
        `"${blob.sha}"`,
        content,
        'text/plain; charset=utf-8',
      );
    }
    const tooLarge = blob.size > 1024 * 1024;
    return json(
      request,
      {
        type: 'file',
        encoding: tooLarge ? 'none' : 'base64',
        size: blob.size,
        name: path.slice(path.lastIndexOf('/') + 1),
        path,
        content: tooLarge
          ? ''
          : (
              Buffer.from(content, 'utf8')
                .toString('base64')
                .match(/.{1,60}/g) ?? []
            ).join('\n'),
        sha: blob.sha,
        url: `${apiBaseUrl}/repos/${org}/${state.data.name}/contents/${path}?ref=${branch}`,
        html_url: `${htmlBase}/blob/${branch}/${path}`,
        git_url: `${apiBaseUrl}/repos/${org}/${state.data.name}/git/blobs/${blob.sha}`,
        download_url: null,
      },
      `W/"${blob.sha}"`,
    );
  };

  /** Routes an API path (below the base) to a simulated answer. */
  const route = (
    request: Request,
    url: URL,
    segments: string[],
  ): { kind: GithubRequestKind; repo?: string; respond: () => Response } => {
    const [head, a, b, ...rest] = segments;
    if (head === 'orgs' && b === 'repos' && rest.length === 0) {
      return {
        kind: 'list',
        respond: () =>
          a.toLocaleLowerCase('en-US') === orgLower
            ? listRepos(request, url)
            : githubResponses.notFound(),
      };
    }
    if (head === 'organizations' && b === 'repos' && rest.length === 0) {
      return {
        kind: 'list',
        respond: () =>
          Number(a) === orgId
            ? listRepos(request, url)
            : githubResponses.notFound(),
      };
    }
    let state: RepoState | undefined;
    let sub: string[];
    let movedFrom = false;
    if (head === 'repos' && a !== undefined && b !== undefined) {
      sub = rest;
      if (a.toLocaleLowerCase('en-US') === orgLower) {
        const key = b.toLocaleLowerCase('en-US');
        state = repos.get(key);
        if (!state && renamed.has(key)) {
          state = byId.get(renamed.get(key)!);
          movedFrom = Boolean(state);
        }
      }
    } else if (head === 'repositories' && a !== undefined) {
      state = byId.get(Number(a));
      sub = b === undefined ? [] : [b, ...rest];
    } else {
      return { kind: 'other', respond: () => githubResponses.notFound() };
    }
    let kind: GithubRequestKind = 'other';
    if (sub.length === 0) kind = 'repo';
    else if (sub[0] === 'git' && sub[1] === 'trees') kind = 'tree';
    else if (sub[0] === 'contents') kind = 'contents';
    const repoName = state?.data.name ?? b;
    return {
      kind,
      repo: repoName,
      respond: () => {
        if (!state || !repos.has(state.data.name.toLocaleLowerCase('en-US'))) {
          return githubResponses.notFound();
        }
        if (movedFrom) return moved(state, sub, url);
        if (kind === 'repo') {
          const value = repoJson(state);
          return json(request, value, state.jsonEtag);
        }
        if (kind === 'tree' && sub.length === 3) {
          return getTree(request, url, state, sub[2]);
        }
        if (kind === 'contents') {
          return getContents(request, url, state, sub.slice(1).join('/'));
        }
        return githubResponses.notFound();
      },
    };
  };

  const authorized = (request: Request) => {
    if (!requireToken) return true;
    const header = request.headers.get('authorization') ?? '';
    const match = /^(?:Bearer|token)\s+(.+)$/i.exec(header);
    return Boolean(
      match && (tokens.has(match[1]) || issuedTokens.has(match[1])),
    );
  };

  const track = async (
    request: Request,
    kind: GithubRequestKind,
    repo: string | undefined,
    produce: (count: number, kindCount: number) => Promise<Response> | Response,
  ) => {
    counters.requests += 1;
    counters.byKind[kind] += 1;
    const count = counters.requests;
    const kindCount = counters.byKind[kind];
    counters.inFlight += 1;
    counters.maxInFlight = Math.max(counters.maxInFlight, counters.inFlight);
    try {
      if (options.delayMs) await delay(options.delayMs);
      const response = await produce(count, kindCount);
      const status = response.status;
      counters.byStatus[status] = (counters.byStatus[status] ?? 0) + 1;
      if (status === 304) counters.notModified += 1;
      if (status === 401) counters.unauthorized += 1;
      if (
        (status === 403 || status === 429) &&
        (status === 429 ||
          response.headers.get('x-ratelimit-remaining') === '0' ||
          response.headers.has('retry-after') ||
          /rate limit/i.test(await response.clone().text()))
      ) {
        counters.rateLimited += 1;
      }
      if (record) {
        log.push({
          method: request.method,
          url: request.url,
          kind,
          status,
          repo,
          ifNoneMatch: request.headers.get('if-none-match') ?? undefined,
          authorization: request.headers.get('authorization') ?? undefined,
          accept: request.headers.get('accept') ?? undefined,
        });
      }
      return response;
    } finally {
      counters.inFlight -= 1;
    }
  };

  const withHeaders = (response: Response, headers: Record<string, string>) => {
    for (const [name, value] of Object.entries(headers)) {
      if (!response.headers.has(name)) response.headers.set(name, value);
    }
    return response;
  };

  const appInstallations = (request: Request) => {
    if (!options.app) return githubResponses.notFound();
    if (!/^Bearer\s+\S+/i.test(request.headers.get('authorization') ?? '')) {
      return HttpResponse.json(
        { message: 'A JSON web token could not be decoded', status: '401' },
        { status: 401 },
      );
    }
    return HttpResponse.json([
      {
        id: options.app.installationId,
        account: { login: org, id: orgId, type: 'Organization' },
        app_id: options.app.appId ?? 1,
        target_type: 'Organization',
        repository_selection: 'all',
        suspended_by: null,
        suspended_at: null,
        permissions: { contents: 'read', metadata: 'read' },
      },
    ]);
  };

  const apiHandler = http.get(`${apiBaseUrl}/*`, async ({ request }) => {
    const url = new URL(request.url);
    const segments = url.pathname
      .slice(apiPath.length)
      .split('/')
      .filter(Boolean)
      .map(s => decodeURIComponent(s));
    if (segments[0] === 'app') {
      return track(request, 'app', undefined, () => appInstallations(request));
    }
    const { kind, repo, respond } = route(request, url, segments);
    return track(request, kind, repo, async (count, kindCount) => {
      const injected = await options.inject?.({
        request,
        url,
        kind,
        repo,
        count,
        kindCount,
      });
      if (injected) return injected;
      if (!authorized(request)) {
        return HttpResponse.json(
          {
            message: 'Bad credentials',
            documentation_url: DOCS,
            status: '401',
          },
          { status: 401 },
        );
      }
      if (limitConfig) {
        const w = currentWindow();
        if (w.used >= limitConfig.limit) {
          return githubResponses.primaryRateLimit(Math.ceil(w.resetMs / 1000));
        }
        const response = respond();
        if (response.status !== 304) w.used += 1;
        return withHeaders(response, rateHeaders());
      }
      return withHeaders(respond(), rateHeaders());
    });
  });

  const accessTokens = http.post(
    `${apiBaseUrl}/app/installations/:id/access_tokens`,
    async ({ request, params }) =>
      track(request, 'app', undefined, () => {
        if (!options.app || Number(params.id) !== options.app.installationId) {
          return githubResponses.notFound();
        }
        issuedTokens.add(options.app.token);
        return HttpResponse.json(
          {
            token: options.app.token,
            expires_at: new Date(Date.now() + 3600_000).toISOString(),
            permissions: { contents: 'read', metadata: 'read' },
            repository_selection: 'all',
          },
          { status: 201 },
        );
      }),
  );

  return {
    handlers: [accessTokens, apiHandler],
    counters,
    log,
    apiBaseUrl,
    resetCounters() {
      counters.requests = 0;
      counters.notModified = 0;
      counters.rateLimited = 0;
      counters.unauthorized = 0;
      for (const kind of Object.keys(counters.byKind) as GithubRequestKind[]) {
        counters.byKind[kind] = 0;
      }
      counters.byStatus = {};
      counters.maxInFlight = counters.inFlight;
      log.length = 0;
    },
    setRepo,
    removeRepo(name) {
      const key = name.toLocaleLowerCase('en-US');
      const state = repos.get(key);
      if (state) {
        repos.delete(key);
        byId.delete(state.id);
        sorted = undefined;
      }
    },
    renameRepo(from, to) {
      const key = from.toLocaleLowerCase('en-US');
      const state = repos.get(key);
      if (!state) throw new Error(`No repository ${from}`);
      repos.delete(key);
      state.data = { ...state.data, name: to };
      invalidate(state);
      repos.set(to.toLocaleLowerCase('en-US'), state);
      renamed.set(key, state.id);
    },
    setFile(name, path, content) {
      const state = repos.get(name.toLocaleLowerCase('en-US'));
      if (!state) throw new Error(`No repository ${name}`);
      const files = { ...state.data.files };
      if (content === undefined) delete files[path];
      else files[path] = content;
      state.data = { ...state.data, files, pushedAt: undefined };
      invalidate(state);
    },
  };
}
