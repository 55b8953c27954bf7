/**
 * Reading GitHub's rate-limit signals, as GitHub documents them for the REST API
 * ("Rate limits for the REST API" → "Exceeding the rate limit"):
 *
 * - every response carries `x-ratelimit-limit`, `x-ratelimit-remaining`, `x-ratelimit-reset`
 *   (UTC epoch seconds) and `x-ratelimit-resource`;
 * - primary limit exceeded: 403 or 429 with `x-ratelimit-remaining: 0`; do not retry before
 *   `x-ratelimit-reset`;
 * - secondary limit exceeded: 403 or 429 with an error message saying so; when `retry-after` is
 *   present wait that many seconds; else when `x-ratelimit-remaining` is 0 wait until the reset;
 *   otherwise wait at least one minute, and exponentially longer while it keeps failing.
 */

/** The primary rate-limit state one response reports. */
export interface RateLimitState {
  limit?: number;
  remaining: number;
  /** When the window resets, in epoch milliseconds. */
  resetMs: number;
  /** `core`, `search`, `graphql`, ...; undefined when GitHub did not say. */
  resource?: string;
}

/** The rate-limit state of a response's headers; undefined when they are missing or malformed. */
export function readRateLimitState(
  headers: Headers,
): RateLimitState | undefined {
  const remaining = toInt(headers.get('x-ratelimit-remaining'));
  const reset = toInt(headers.get('x-ratelimit-reset'));
  if (remaining === undefined || reset === undefined) return undefined;
  return {
    limit: toInt(headers.get('x-ratelimit-limit')),
    remaining,
    resetMs: reset * 1000,
    resource: headers.get('x-ratelimit-resource') ?? undefined,
  };
}

/**
 * `retry-after` in milliseconds: GitHub sends delta-seconds; an HTTP date is accepted as well.
 * Undefined when absent or unreadable.
 */
export function parseRetryAfterMs(
  value: string | null,
  nowMs: number,
): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** How a 403/429 response is to be understood. */
export type RateLimitVerdict =
  | {
      kind: 'primary';
      /** Until the reset, plus {@link PRIMARY_RESET_MARGIN_MS}. */
      waitMs: number;
    }
  | {
      kind: 'secondary';
      /** From `retry-after`; undefined when GitHub did not say (back off exponentially). */
      waitMs?: number;
    };

/** Waiting this much past `x-ratelimit-reset`, for clock skew between GitHub and us. */
export const PRIMARY_RESET_MARGIN_MS = 1000;

const SECONDARY_MESSAGE = /secondary rate limit|abuse|rate limit/i;

/**
 * Whether a response is a rate limit, and which. A 403 that is neither (no remaining 0, no
 * retry-after, no rate-limit message) is a real "forbidden" and gets undefined.
 */
export function classifyRateLimit(options: {
  status: number;
  headers: Headers;
  message?: string;
  nowMs: number;
}): RateLimitVerdict | undefined {
  const { status, headers, message, nowMs } = options;
  if (status !== 403 && status !== 429) return undefined;
  const retryAfterMs = parseRetryAfterMs(headers.get('retry-after'), nowMs);
  if (retryAfterMs !== undefined) {
    return { kind: 'secondary', waitMs: retryAfterMs };
  }
  const state = readRateLimitState(headers);
  if (state && state.remaining === 0) {
    return {
      kind: 'primary',
      waitMs: Math.max(0, state.resetMs - nowMs) + PRIMARY_RESET_MARGIN_MS,
    };
  }
  if (status === 429 || (message && SECONDARY_MESSAGE.test(message))) {
    return { kind: 'secondary' };
  }
  return undefined;
}

function toInt(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number.parseInt(value, 10);
}
