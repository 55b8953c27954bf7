import {
  classifyRateLimit,
  parseRetryAfterMs,
  readRateLimitState,
} from './rateLimit';

const NOW = 1_700_000_000_000;

function headers(values: Record<string, string>) {
  return new Headers(values);
}

describe('readRateLimitState', () => {
  it('reads the x-ratelimit headers', () => {
    expect(
      readRateLimitState(
        headers({
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': '42',
          'x-ratelimit-reset': '1700000100',
          'x-ratelimit-resource': 'core',
        }),
      ),
    ).toEqual({
      limit: 5000,
      remaining: 42,
      resetMs: 1_700_000_100_000,
      resource: 'core',
    });
  });

  it('is undefined without or with malformed headers', () => {
    expect(readRateLimitState(headers({}))).toBeUndefined();
    expect(
      readRateLimitState(
        headers({ 'x-ratelimit-remaining': 'lots', 'x-ratelimit-reset': '1' }),
      ),
    ).toBeUndefined();
  });
});

describe('parseRetryAfterMs', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfterMs('30', NOW)).toBe(30_000);
    expect(parseRetryAfterMs(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfterMs(new Date(NOW + 5000).toUTCString(), NOW)).toBe(
      5000,
    );
    expect(parseRetryAfterMs(new Date(NOW - 5000).toUTCString(), NOW)).toBe(0);
  });

  it('is undefined when absent or unreadable', () => {
    expect(parseRetryAfterMs(null, NOW)).toBeUndefined();
    expect(parseRetryAfterMs('', NOW)).toBeUndefined();
    expect(parseRetryAfterMs('soon', NOW)).toBeUndefined();
  });
});

describe('classifyRateLimit', () => {
  const limited = {
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String(NOW / 1000 + 60),
  };

  it('recognises the primary limit by remaining 0, on 403 and 429', () => {
    for (const status of [403, 429]) {
      expect(
        classifyRateLimit({ status, headers: headers(limited), nowMs: NOW }),
      ).toEqual({
        kind: 'primary',
        waitMs: 61_000,
      });
    }
  });

  it('waits at least the margin when the reset has passed', () => {
    expect(
      classifyRateLimit({
        status: 403,
        headers: headers(limited),
        nowMs: NOW + 3_600_000,
      }),
    ).toEqual({ kind: 'primary', waitMs: 1000 });
  });

  it('prefers retry-after, as GitHub documents', () => {
    expect(
      classifyRateLimit({
        status: 403,
        headers: headers({ ...limited, 'retry-after': '5' }),
        nowMs: NOW,
      }),
    ).toEqual({ kind: 'secondary', waitMs: 5000 });
  });

  it('recognises a secondary limit without retry-after by its message or a 429', () => {
    expect(
      classifyRateLimit({
        status: 403,
        headers: headers({
          'x-ratelimit-remaining': '4000',
          'x-ratelimit-reset': '1',
        }),
        message: 'You have exceeded a secondary rate limit.',
        nowMs: NOW,
      }),
    ).toEqual({ kind: 'secondary' });
    expect(
      classifyRateLimit({ status: 429, headers: headers({}), nowMs: NOW }),
    ).toEqual({
      kind: 'secondary',
    });
  });

  it('leaves real 403s and other statuses alone', () => {
    expect(
      classifyRateLimit({
        status: 403,
        headers: headers({
          'x-ratelimit-remaining': '4000',
          'x-ratelimit-reset': '1',
        }),
        message: 'Resource not accessible by integration',
        nowMs: NOW,
      }),
    ).toBeUndefined();
    expect(
      classifyRateLimit({ status: 404, headers: headers(limited), nowMs: NOW }),
    ).toBeUndefined();
  });
});
