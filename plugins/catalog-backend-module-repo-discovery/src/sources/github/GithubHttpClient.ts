import { LoggerService } from '@backstage/backend-plugin-api';
import { ForwardedError } from '@backstage/errors';
import { EtagCache, InMemoryEtagCache } from './EtagCache';
import { GithubApiError, GithubRateLimitError } from './errors';
import {
  classifyRateLimit,
  PRIMARY_RESET_MARGIN_MS,
  RateLimitState,
  readRateLimitState,
} from './rateLimit';
import { Semaphore } from './Semaphore';
import { failureOf, PluginMetrics } from '@platform-portal/metrics-node';

/** The media type of GitHub's JSON responses. */
export const GITHUB_JSON = 'application/vnd.github+json';
/** The media type that makes the contents API return a file's raw bytes. */
export const GITHUB_RAW = 'application/vnd.github.raw+json';
/** The REST API version the client asks for. */
export const GITHUB_API_VERSION = '2022-11-28';

/** Counters of a {@link GithubHttpClient}, for logs and benchmarks. */
export interface GithubClientStats {
  /** HTTP requests sent, retries, redirects and conditional requests included. */
  requests: number;
  /** Requests GitHub answered with 304 Not Modified (free of the primary rate limit). */
  notModified: number;
  /** Requests sent again after a rate limit, a 5xx or a network error. */
  retries: number;
  /** Times all requests were paused for a rate limit (reactive or proactive). */
  rateLimitWaits: number;
  /** Milliseconds spent waiting: rate-limit pauses, pacing and back-off. */
  waitedMs: number;
}

/** Options of {@link GithubHttpClient}. */
export interface GithubHttpClientOptions {
  /**
   * Headers for every request to the API's origin, usually `Authorization` from the integration's
   * credentials provider. Asked for before each request; providers cache their tokens.
   */
  headers?: () => Promise<Record<string, string> | undefined>;
  logger: LoggerService;
  /** Requests in flight at most. Default 8. */
  concurrency?: number;
  /** Retries of one request after a rate limit, 5xx or network error. Default 5. */
  maxRetries?: number;
  /** The longest single wait for a rate limit; longer ones throw instead. Default 15 minutes. */
  maxRateLimitWaitMs?: number;
  /**
   * Below this many remaining requests of the primary limit, requests are spread evenly until the
   * reset instead of being sent at full speed. Default 50.
   */
  slowDownBelow?: number;
  /** Base of the exponential back-off after a 5xx or network error. Default 1 s. */
  backoffBaseMs?: number;
  /** Cap of that back-off. Default 60 s. */
  backoffMaxMs?: number;
  /** First wait after a secondary rate limit without `retry-after`. Default 60 s, per GitHub. */
  secondaryRateLimitWaitMs?: number;
  /** Per-request timeout; a timeout counts as a network error. Default 60 s. */
  requestTimeoutMs?: number;
  /** ETags and bodies of earlier GETs. Default: an {@link InMemoryEtagCache}. */
  cache?: EtagCache;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Injectable for tests: the clock (epoch milliseconds) that rate-limit resets are compared to. */
  now?: () => number;
  /** Injectable for tests: the jitter source, in [0, 1). */
  random?: () => number;
  /** Injectable for tests. Default: the global fetch. */
  fetch?: typeof fetch;
  /** `User-Agent` (GitHub requires one). */
  userAgent?: string;
  /**
   * Each {@link GithubHttpClient.get} as an upstream call (`provider="github"`, retries and waits
   * included), and its conditional request as a lookup of the `github-etag` cache (a 304 is a hit).
   */
  metrics?: PluginMetrics;
}

/** Options of one {@link GithubHttpClient.get}. */
export interface GithubGetOptions<T> {
  /** `Accept`; default {@link GITHUB_JSON}. Part of the ETag cache key. */
  accept?: string;
  /**
   * Statuses handed back as `{ ok: false }` instead of thrown, e.g. 404 (gone) or 409 (empty
   * repository).
   */
  allowStatuses?: readonly number[];
  /**
   * Turns the body into the value returned and cached for a later 304; default `JSON.parse`.
   * Keep it small: for 10 000 repositories the cache holds one value per URL.
   */
  parse?: (body: string) => T;
}

/** The outcome of a {@link GithubHttpClient.get}. */
export type GithubGetResult<T> =
  | {
      ok: true;
      /** 2xx; a 304 is reported with the cached value and `notModified: true`. */
      status: number;
      value: T;
      /** The `Link` header, for pagination. */
      link?: string;
      notModified: boolean;
      /** The URL finally answered, after redirects. */
      url: string;
    }
  | {
      ok: false;
      /** One of `allowStatuses`. */
      status: number;
      /** GitHub's error `message`, when the body had one. */
      message?: string;
      url: string;
    };

interface Sent {
  status: number;
  statusText: string;
  headers: Headers;
  body: string;
}

const REDIRECTS = new Set([301, 302, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * A small GitHub REST client built for sweeping a whole organisation cheaply and politely:
 *
 * - **Conditional requests.** Every successful GET is remembered with its `ETag`; the next GET of
 *   the same URL sends `If-None-Match`, and a 304 returns the remembered value. 304s do not count
 *   against the primary rate limit, so re-sweeping an unchanged organisation is nearly free.
 * - **Primary rate limit.** `x-ratelimit-remaining`/`-reset` are read on every response. Below
 *   `slowDownBelow` remaining, requests are spread evenly until the reset; at 0 every request
 *   pauses until the reset (+1 s). A 403/429 with remaining 0 pauses likewise, then retries.
 * - **Secondary rate limits.** A 403/429 with `retry-after` pauses that long; without it, 60 s,
 *   doubling while GitHub keeps refusing. Pauses are shared: one limited response stops every
 *   request, and responses to requests already in flight do not start another pause.
 * - **5xx and network errors** back off exponentially with jitter (1 s, 2 s, 4 s, ... × 0.5–1).
 * - **Bounds.** At most `maxRetries` retries per request, never a single wait longer than
 *   `maxRateLimitWaitMs` (a {@link GithubRateLimitError} is thrown instead), at most `concurrency`
 *   requests in flight.
 * - **Errors.** Other 4xx throw a {@link GithubApiError} (status, URL, GitHub's message) unless
 *   the caller allows that status.
 */
export class GithubHttpClient {
  private readonly logger: LoggerService;
  private readonly maxRetries: number;
  private readonly maxRateLimitWaitMs: number;
  private readonly slowDownBelow: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly secondaryWaitMs: number;
  private readonly requestTimeoutMs: number;
  private readonly cache: EtagCache;
  private readonly semaphore: Semaphore;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly fetchFn: typeof fetch;
  private readonly userAgent: string;
  private readonly headers?: () => Promise<Record<string, string> | undefined>;

  private readonly counters: GithubClientStats = {
    requests: 0,
    notModified: 0,
    retries: 0,
    rateLimitWaits: 0,
    waitedMs: 0,
  };

  /** The latest primary rate-limit state seen, undefined when unknown or stale. */
  private rateLimit?: RateLimitState;
  /** The pause every request waits for, while one is on. */
  private gate?: { until: number; done: Promise<void> };
  /** Pauses started so far; a limited response to a request sent before the latest is covered. */
  private pauses = 0;
  /** Secondary limits in a row without a success in between, for the exponential wait. */
  private secondaryStreak = 0;
  /** The next free slot while requests are being spread out (epoch ms). */
  private nextSlotMs = 0;
  private warnedUnauthenticated = false;
  private readonly metrics?: PluginMetrics;
  private readonly onEtagLookup?: (result: 'hit' | 'miss') => void;

  constructor(options: GithubHttpClientOptions) {
    this.logger = options.logger;
    this.maxRetries = options.maxRetries ?? 5;
    this.maxRateLimitWaitMs = options.maxRateLimitWaitMs ?? 15 * 60_000;
    this.slowDownBelow = options.slowDownBelow ?? 50;
    this.backoffBaseMs = options.backoffBaseMs ?? 1000;
    this.backoffMaxMs = options.backoffMaxMs ?? 60_000;
    this.secondaryWaitMs = options.secondaryRateLimitWaitMs ?? 60_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    this.cache = options.cache ?? new InMemoryEtagCache();
    this.semaphore = new Semaphore(options.concurrency ?? 8);
    this.sleep =
      options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.fetchFn = options.fetch ?? ((...args) => fetch(...args));
    this.userAgent = options.userAgent ?? 'platform-portal-repo-discovery';
    this.headers = options.headers;
    this.metrics = options.metrics;
    this.onEtagLookup = options.metrics?.cache('github-etag');
    if (this.maxRetries < 0) {
      throw new TypeError(
        `maxRetries must be 0 or more, got ${this.maxRetries}`,
      );
    }
  }

  /** A snapshot of the counters. */
  stats(): GithubClientStats {
    return { ...this.counters };
  }

  /**
   * GET with conditional requests, rate-limit handling and retries (see the class).
   *
   * @throws GithubApiError on a status that is neither OK nor allowed, or 5xx after every retry
   * @throws GithubRateLimitError when still limited after every retry, or asked to wait too long
   * @throws ForwardedError on a network error after every retry
   */
  async get<T = unknown>(
    url: string,
    options: GithubGetOptions<T> = {},
  ): Promise<GithubGetResult<T>> {
    if (!this.metrics) return this.getWithRetries(url, options);
    const started = performance.now();
    const call = { provider: 'github', operation: 'GET' };
    try {
      const result = await this.getWithRetries(url, options);
      this.metrics.recordUpstream(call, (performance.now() - started) / 1000);
      if (result.ok) this.onEtagLookup?.(result.notModified ? 'hit' : 'miss');
      return result;
    } catch (error) {
      this.metrics.recordUpstream(
        call,
        (performance.now() - started) / 1000,
        failureOf(error),
      );
      throw error;
    }
  }

  private async getWithRetries<T>(
    url: string,
    options: GithubGetOptions<T>,
  ): Promise<GithubGetResult<T>> {
    const accept = options.accept ?? GITHUB_JSON;
    const parse = options.parse ?? ((body: string) => JSON.parse(body) as T);
    const key = `${accept} ${url}`;
    const origin = new URL(url).origin;
    let target = url;
    let retries = 0;
    let redirects = 0;

    for (;;) {
      await this.beforeSend(target);
      const cached = this.cache.get(key);
      // Credentials are never sent to another origin a redirect points at. Failing to get them
      // (an app not installed, say) is not retried.
      const auth =
        new URL(target).origin === origin ? await this.authHeaders() : {};
      let pausesAtSend: number;
      let sent: Sent;
      try {
        ({ sent, pausesAtSend } = await this.sendInSlot(
          target,
          accept,
          cached?.etag,
          auth,
        ));
      } catch (error) {
        if (retries >= this.maxRetries) {
          throw new ForwardedError(
            `GitHub API GET ${target} failed after ${retries + 1} attempts`,
            error,
          );
        }
        retries += 1;
        await this.backoff(retries, target, String(error));
        continue;
      }

      this.observeRateLimit(sent.headers);

      if (sent.status === 304 && cached) {
        this.counters.notModified += 1;
        this.secondaryStreak = 0;
        return {
          ok: true,
          status: 200,
          value: cached.value as T,
          link: cached.link,
          notModified: true,
          url: target,
        };
      }

      if (sent.status >= 200 && sent.status < 300) {
        this.secondaryStreak = 0;
        const value = parse(sent.body);
        const etag = sent.headers.get('etag');
        const link = sent.headers.get('link') ?? undefined;
        if (etag) {
          this.cache.set(key, {
            etag,
            value,
            link,
            size: sent.body.length + key.length,
          });
        } else if (cached) {
          this.cache.delete(key);
        }
        return {
          ok: true,
          status: sent.status,
          value,
          link,
          notModified: false,
          url: target,
        };
      }

      const location = sent.headers.get('location');
      if (REDIRECTS.has(sent.status) && location && redirects < MAX_REDIRECTS) {
        redirects += 1;
        target = new URL(location, target).href;
        continue;
      }

      const error = parseErrorBody(sent.body);
      const verdict = classifyRateLimit({
        status: sent.status,
        headers: sent.headers,
        message: error.message,
        nowMs: this.now(),
      });
      if (verdict) {
        if (retries >= this.maxRetries) {
          throw new GithubRateLimitError(
            `GitHub ${
              verdict.kind
            } rate limit: GET ${target} was still limited after ${
              retries + 1
            } attempts (maxRetries ${this.maxRetries})`,
            { url: target, waitMs: verdict.waitMs },
          );
        }
        retries += 1;
        this.counters.retries += 1;
        if (this.pauses !== pausesAtSend) {
          // A pause started after this request went out; it covers this response too.
          await this.gate?.done;
          continue;
        }
        let waitMs = verdict.waitMs;
        if (waitMs === undefined) {
          waitMs = this.secondaryWaitMs * 2 ** this.secondaryStreak;
          this.secondaryStreak += 1;
        }
        await this.pauseAll(
          waitMs,
          target,
          verdict.kind === 'primary'
            ? `primary rate limit exhausted (${sent.status})`
            : `secondary rate limit (${sent.status}${
                sent.headers.get('retry-after') ? ', retry-after' : ''
              })`,
        );
        continue;
      }

      if (sent.status >= 500) {
        if (retries >= this.maxRetries) {
          throw new GithubApiError({
            url: target,
            statusCode: sent.status,
            statusText: sent.statusText,
            githubMessage: error.message,
            documentationUrl: error.documentationUrl,
            attempts: retries + 1,
          });
        }
        retries += 1;
        await this.backoff(retries, target, `${sent.status}`);
        continue;
      }

      if (options.allowStatuses?.includes(sent.status)) {
        return {
          ok: false,
          status: sent.status,
          message: error.message,
          url: target,
        };
      }
      throw new GithubApiError({
        url: target,
        statusCode: sent.status,
        statusText: sent.statusText,
        githubMessage: error.message,
        documentationUrl: error.documentationUrl,
      });
    }
  }

  /**
   * GETs every page of a list, following `Link: <...>; rel="next"`, each page conditionally.
   * `parse` maps one page's body to its items.
   */
  async getAllPages<T>(
    url: string,
    options: Omit<GithubGetOptions<T[]>, 'allowStatuses'> & {
      maxPages?: number;
    } = {},
  ): Promise<{ items: T[]; pages: number; notModified: number }> {
    const items: T[] = [];
    const seen = new Set<string>();
    let next: string | undefined = url;
    let pages = 0;
    let notModified = 0;
    const maxPages = options.maxPages ?? 10_000;
    while (next) {
      if (seen.has(next) || pages >= maxPages) {
        throw new Error(
          `GitHub pagination of ${url} loops or exceeds ${maxPages} pages`,
        );
      }
      seen.add(next);
      const page: GithubGetResult<T[]> = await this.get<T[]>(next, options);
      if (!page.ok) {
        // Unreachable without allowStatuses; kept for the type.
        throw new GithubApiError({
          url: page.url,
          statusCode: page.status,
          githubMessage: page.message,
        });
      }
      pages += 1;
      if (page.notModified) notModified += 1;
      for (const item of page.value) items.push(item);
      next = nextLink(page.link, page.url);
    }
    return { items, pages, notModified };
  }

  /** Sends once a slot is free and no pause is on; reports the pauses started before sending. */
  private sendInSlot(
    url: string,
    accept: string,
    etag: string | undefined,
    auth: Record<string, string>,
  ): Promise<{ sent: Sent; pausesAtSend: number }> {
    return this.semaphore.run(async () => {
      // A pause may have started while this request waited for a slot.
      while (this.gate) await this.gate.done;
      const pausesAtSend = this.pauses;
      const sent = await this.send(url, accept, etag, auth);
      return { sent, pausesAtSend };
    });
  }

  private async authHeaders(): Promise<Record<string, string>> {
    const auth = await this.headers?.();
    if (!auth || Object.keys(auth).length === 0) {
      if (!this.warnedUnauthenticated) {
        this.warnedUnauthenticated = true;
        this.logger.warn(
          'GitHub requests are unauthenticated (the integration has no token or app): 60 requests an hour',
        );
      }
      return {};
    }
    return auth;
  }

  private async send(
    url: string,
    accept: string,
    etag: string | undefined,
    auth: Record<string, string>,
  ): Promise<Sent> {
    const headers: Record<string, string> = {
      Accept: accept,
      'User-Agent': this.userAgent,
      'X-GitHub-Api-Version': GITHUB_API_VERSION,
      ...auth,
    };
    if (etag) headers['If-None-Match'] = etag;
    this.counters.requests += 1;
    const response = await this.fetchFn(url, {
      method: 'GET',
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(this.requestTimeoutMs),
    });
    const body = response.status === 304 ? '' : await response.text();
    return {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      body,
    };
  }

  /** Waits for a pause in progress, and paces or pauses when the primary limit runs low. */
  private async beforeSend(url: string): Promise<void> {
    for (;;) {
      while (this.gate) await this.gate.done;
      const state = this.rateLimit;
      const now = this.now();
      if (
        !state ||
        now >= state.resetMs ||
        state.remaining >= this.slowDownBelow
      ) {
        return;
      }
      if (state.remaining <= 0) {
        const waitMs = state.resetMs - now + PRIMARY_RESET_MARGIN_MS;
        await this.pauseAll(waitMs, url, 'primary rate limit used up');
        continue;
      }
      // Spread what is left evenly until the reset, leaving room for other users of the token.
      const interval = (state.resetMs - now) / state.remaining;
      const slot = Math.max(now, this.nextSlotMs);
      this.nextSlotMs = slot + interval;
      const delay = Math.min(slot - now, this.maxRateLimitWaitMs);
      if (delay > 0) {
        this.counters.waitedMs += delay;
        await this.sleep(delay);
      }
      return;
    }
  }

  /** Stops every request for `waitMs`, unless a pause at least that long is already on. */
  private async pauseAll(
    waitMs: number,
    url: string,
    reason: string,
  ): Promise<void> {
    if (waitMs > this.maxRateLimitWaitMs) {
      throw new GithubRateLimitError(
        `GitHub ${reason}: GET ${url} would have to wait ${formatMs(
          waitMs,
        )}, more than the ${formatMs(
          this.maxRateLimitWaitMs,
        )} allowed (maxRateLimitWaitMs); giving up instead of waiting`,
        { url, waitMs },
      );
    }
    const until = this.now() + waitMs;
    if (this.gate && this.gate.until >= until) {
      await this.gate.done;
      return;
    }
    this.pauses += 1;
    this.counters.rateLimitWaits += 1;
    this.counters.waitedMs += waitMs;
    this.logger.warn(
      `GitHub ${reason}; pausing all requests for ${formatMs(waitMs)}`,
    );
    const gate = {
      until,
      done: this.sleep(waitMs).finally(() => {
        if (this.gate === gate) this.gate = undefined;
        // What we knew of the window is stale now; the next response tells.
        this.rateLimit = undefined;
        this.nextSlotMs = 0;
      }),
    };
    this.gate = gate;
    await gate.done;
  }

  private async backoff(
    retry: number,
    url: string,
    reason: string,
  ): Promise<void> {
    this.counters.retries += 1;
    const exp = Math.min(
      this.backoffMaxMs,
      this.backoffBaseMs * 2 ** (retry - 1),
    );
    const delay = Math.round(exp * (0.5 + this.random() / 2));
    this.logger.debug(
      `GitHub GET ${url} failed (${reason}); retry ${retry}/${this.maxRetries} in ${delay} ms`,
    );
    this.counters.waitedMs += delay;
    await this.sleep(delay);
  }

  private observeRateLimit(headers: Headers): void {
    const state = readRateLimitState(headers);
    if (!state || (state.resource && state.resource !== 'core')) return;
    const known = this.rateLimit;
    if (!known || state.resetMs > known.resetMs) {
      this.rateLimit = state;
    } else if (
      state.resetMs === known.resetMs &&
      state.remaining < known.remaining
    ) {
      // Responses arrive out of order; within one window the lowest count is the latest.
      this.rateLimit = state;
    }
  }
}

/** The `rel="next"` URL of a `Link` header, resolved against the URL that was answered. */
export function nextLink(
  link: string | undefined,
  base: string,
): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;(.*)/.exec(part.trim());
    if (match && /\brel="?([^"]*\s)?next(\s[^"]*)?"?/.test(match[2])) {
      return new URL(match[1], base).href;
    }
  }
  return undefined;
}

function parseErrorBody(body: string): {
  message?: string;
  documentationUrl?: string;
} {
  try {
    const parsed = JSON.parse(body);
    if (parsed && typeof parsed === 'object') {
      return {
        message:
          typeof parsed.message === 'string' ? parsed.message : undefined,
        documentationUrl:
          typeof parsed.documentation_url === 'string'
            ? parsed.documentation_url
            : undefined,
      };
    }
  } catch {
    // Not JSON: fall through.
  }
  const text = body.trim().slice(0, 200);
  return { message: text || undefined };
}

function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms / 6000) / 10} min`;
}
