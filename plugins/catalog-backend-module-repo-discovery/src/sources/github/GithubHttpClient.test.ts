import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createFakeClock } from '../../__testUtils__/githubApi';
import { InMemoryEtagCache } from './EtagCache';
import { GithubApiError, GithubRateLimitError } from './errors';
import {
  GITHUB_RAW,
  GithubHttpClient,
  GithubHttpClientOptions,
  nextLink,
} from './GithubHttpClient';

const server = setupServer();
registerMswTestHooks(server);

const API = 'https://api.github.com';

function client(options: Partial<GithubHttpClientOptions> = {}) {
  const clock = createFakeClock();
  const logger = mockServices.logger.mock();
  const c = new GithubHttpClient({
    logger,
    sleep: clock.sleep,
    now: clock.now,
    random: () => 0.5,
    headers: async () => ({ Authorization: 'Bearer t' }),
    ...options,
  });
  return { client: c, clock, logger };
}

function rateHeaders(remaining: number, resetEpochSeconds: number) {
  return {
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': String(resetEpochSeconds),
    'x-ratelimit-resource': 'core',
  };
}

describe('nextLink', () => {
  it('finds rel="next" among the relations GitHub sends', () => {
    const link =
      '<https://api.github.com/organizations/1/repos?page=1>; rel="prev", <https://api.github.com/organizations/1/repos?page=3>; rel="next", <https://api.github.com/organizations/1/repos?page=9>; rel="last"';
    expect(nextLink(link, `${API}/orgs/x/repos`)).toBe(
      'https://api.github.com/organizations/1/repos?page=3',
    );
  });

  it('resolves relative links and is undefined on the last page', () => {
    expect(nextLink('</x?page=2>; rel="next"', `${API}/y`)).toBe(
      `${API}/x?page=2`,
    );
    expect(nextLink('<https://a/b?page=1>; rel="first"', API)).toBeUndefined();
    expect(nextLink(undefined, API)).toBeUndefined();
  });
});

describe('GithubHttpClient', () => {
  it('sends If-None-Match and reuses the cached value and Link on 304', async () => {
    const seen: Array<string | null> = [];
    server.use(
      http.get(`${API}/things`, ({ request }) => {
        seen.push(request.headers.get('if-none-match'));
        if (request.headers.get('if-none-match') === 'W/"v1"') {
          return new HttpResponse(null, {
            status: 304,
            headers: { etag: 'W/"v1"' },
          });
        }
        return HttpResponse.json([1, 2], {
          headers: {
            etag: 'W/"v1"',
            link: `<${API}/things?page=2>; rel="next"`,
          },
        });
      }),
    );
    const { client: c } = client();
    const parse = jest.fn((body: string) => JSON.parse(body));
    const first = await c.get(`${API}/things`, { parse });
    const second = await c.get(`${API}/things`, { parse });
    expect(seen).toEqual([null, 'W/"v1"']);
    expect(first).toMatchObject({
      ok: true,
      value: [1, 2],
      notModified: false,
    });
    expect(second).toMatchObject({
      ok: true,
      status: 200,
      value: [1, 2],
      notModified: true,
      link: `<${API}/things?page=2>; rel="next"`,
    });
    expect(parse).toHaveBeenCalledTimes(1);
    expect(c.stats()).toMatchObject({ requests: 2, notModified: 1 });
  });

  it('keys the cache by Accept, so raw and JSON representations do not mix', async () => {
    server.use(
      http.get(`${API}/file`, ({ request }) =>
        request.headers.get('accept') === GITHUB_RAW
          ? new HttpResponse('raw text', { headers: { etag: '"raw"' } })
          : HttpResponse.json(
              { content: 'json' },
              { headers: { etag: '"json"' } },
            ),
      ),
    );
    const { client: c } = client();
    await c.get(`${API}/file`);
    const raw = await c.get(`${API}/file`, {
      accept: GITHUB_RAW,
      parse: b => b,
    });
    expect(raw).toMatchObject({
      ok: true,
      value: 'raw text',
      notModified: false,
    });
  });

  it('shares one cache between clients when given one', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/shared`, ({ request }) => {
        calls += 1;
        return request.headers.get('if-none-match') === '"e"'
          ? new HttpResponse(null, { status: 304 })
          : HttpResponse.json({ a: 1 }, { headers: { etag: '"e"' } });
      }),
    );
    const cache = new InMemoryEtagCache();
    await client({ cache }).client.get(`${API}/shared`);
    const again = await client({ cache }).client.get(`${API}/shared`);
    expect(again).toMatchObject({ notModified: true, value: { a: 1 } });
    expect(calls).toBe(2);
  });

  it('returns allowed statuses and throws a GithubApiError for others', async () => {
    server.use(
      http.get(`${API}/gone`, () =>
        HttpResponse.json({ message: 'Not Found' }, { status: 404 }),
      ),
      http.get(`${API}/bad`, () =>
        HttpResponse.json(
          { message: 'Validation Failed', documentation_url: 'https://docs' },
          { status: 422, statusText: 'Unprocessable Entity' },
        ),
      ),
    );
    const { client: c } = client();
    expect(await c.get(`${API}/gone`, { allowStatuses: [404] })).toEqual({
      ok: false,
      status: 404,
      message: 'Not Found',
      url: `${API}/gone`,
    });
    const error = await c.get(`${API}/bad`).catch(e => e);
    expect(error).toBeInstanceOf(GithubApiError);
    expect(error).toMatchObject({
      statusCode: 422,
      url: `${API}/bad`,
      githubMessage: 'Validation Failed',
      documentationUrl: 'https://docs',
    });
    expect(error.message).toBe(
      `GitHub API GET ${API}/bad failed with 422 Unprocessable Entity: Validation Failed`,
    );
  });

  it('follows redirects, and sends credentials only to the API origin', async () => {
    const auth: Record<string, string | null> = {};
    server.use(
      http.get(`${API}/repos/o/old`, () =>
        HttpResponse.json(
          { message: 'Moved Permanently' },
          { status: 301, headers: { location: `${API}/repositories/1` } },
        ),
      ),
      http.get(`${API}/repositories/1`, ({ request }) => {
        auth.same = request.headers.get('authorization');
        return HttpResponse.json(
          {},
          {
            status: 302,
            headers: { location: 'https://elsewhere.example.com/blob' },
          },
        );
      }),
      http.get('https://elsewhere.example.com/blob', ({ request }) => {
        auth.other = request.headers.get('authorization');
        return HttpResponse.json({ name: 'new' });
      }),
    );
    const { client: c } = client();
    const result = await c.get(`${API}/repos/o/old`);
    expect(result).toMatchObject({
      ok: true,
      value: { name: 'new' },
      url: 'https://elsewhere.example.com/blob',
    });
    expect(auth).toEqual({ same: 'Bearer t', other: null });
    expect(c.stats()).toMatchObject({ requests: 3, retries: 0 });
  });

  it('treats a 429 with remaining 0 as the primary limit', async () => {
    let calls = 0;
    const { client: c, clock } = client();
    const reset = clock.nowMs / 1000 + 30;
    server.use(
      http.get(`${API}/x`, () =>
        ++calls === 1
          ? HttpResponse.json(
              { message: 'API rate limit exceeded' },
              { status: 429, headers: rateHeaders(0, reset) },
            )
          : HttpResponse.json(
              { ok: 1 },
              { headers: rateHeaders(4999, reset + 3600) },
            ),
      ),
    );
    await c.get(`${API}/x`);
    expect(clock.sleeps).toEqual([31_000]);
  });

  it('does not retry a 403 that is not a rate limit', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/forbidden`, () => {
        calls += 1;
        return HttpResponse.json(
          { message: 'Must have admin rights to Repository.' },
          { status: 403, headers: rateHeaders(4000, 2_000_000_000) },
        );
      }),
    );
    const { client: c, clock } = client();
    await expect(c.get(`${API}/forbidden`)).rejects.toMatchObject({
      name: 'GithubApiError',
      statusCode: 403,
    });
    expect(calls).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('pauses before sending when the known limit is used up', async () => {
    const { client: c, clock } = client();
    const reset = clock.nowMs / 1000 + 100;
    let calls = 0;
    server.use(
      http.get(`${API}/y`, () => {
        calls += 1;
        return HttpResponse.json(
          {},
          {
            headers: rateHeaders(
              calls === 1 ? 0 : 4999,
              calls === 1 ? reset : reset + 3600,
            ),
          },
        );
      }),
    );
    await c.get(`${API}/y`);
    await c.get(`${API}/y`);
    // The second request waited for the reset instead of being refused.
    expect(clock.sleeps).toEqual([101_000]);
    expect(calls).toBe(2);
    expect(c.stats()).toMatchObject({ rateLimitWaits: 1, retries: 0 });
  });

  it('throws without sending when the used-up limit resets too far away', async () => {
    const { client: c, clock } = client({ maxRateLimitWaitMs: 60_000 });
    let calls = 0;
    server.use(
      http.get(`${API}/z`, () => {
        calls += 1;
        return HttpResponse.json(
          {},
          { headers: rateHeaders(0, clock.nowMs / 1000 + 3600) },
        );
      }),
    );
    await c.get(`${API}/z`);
    const error = await c.get(`${API}/z`).catch(e => e);
    expect(error).toBeInstanceOf(GithubRateLimitError);
    expect(error.message).toMatch(
      /primary rate limit used up.*more than the 60 s allowed/,
    );
    expect(calls).toBe(1);
  });

  it('spreads requests out when few remain, and ignores other resources', async () => {
    const { client: c, clock } = client({ slowDownBelow: 10 });
    const reset = clock.nowMs / 1000 + 100;
    let remaining = 5;
    server.use(
      http.get(`${API}/search`, () =>
        HttpResponse.json(
          {},
          {
            headers: {
              ...rateHeaders(0, reset + 999),
              'x-ratelimit-resource': 'search',
            },
          },
        ),
      ),
      http.get(`${API}/p`, () =>
        HttpResponse.json({}, { headers: rateHeaders(--remaining, reset) }),
      ),
    );
    await c.get(`${API}/search`); // remaining 0 of the search limit: not ours
    await c.get(`${API}/p`); // 4 left, 100 s to go
    await c.get(`${API}/p`); // first paced slot: now
    await c.get(`${API}/p`); // 3 left after the previous: waits its turn
    expect(clock.sleeps).toEqual([25_000]);
    expect(c.stats().rateLimitWaits).toBe(0);
  });

  it('retries timeouts as network errors', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/slow`, async () => {
        calls += 1;
        if (calls === 1) await delay(500);
        return HttpResponse.json({ fine: true });
      }),
    );
    const { client: c } = client({ requestTimeoutMs: 50 });
    expect(await c.get(`${API}/slow`)).toMatchObject({ value: { fine: true } });
    expect(calls).toBe(2);
    expect(c.stats().retries).toBe(1);
  });

  it('throws the network error after maxRetries', async () => {
    server.use(http.get(`${API}/down`, () => HttpResponse.error()));
    const { client: c, clock } = client({ maxRetries: 2 });
    await expect(c.get(`${API}/down`)).rejects.toThrow(
      `GitHub API GET ${API}/down failed after 3 attempts`,
    );
    // Jitter fixed at 0.75 of 1 s, 2 s.
    expect(clock.sleeps).toEqual([750, 1500]);
  });

  it('caps the exponential back-off', async () => {
    server.use(
      http.get(`${API}/flaky`, () => HttpResponse.json({}, { status: 500 })),
    );
    const { client: c, clock } = client({ maxRetries: 8, backoffMaxMs: 5000 });
    await expect(c.get(`${API}/flaky`)).rejects.toMatchObject({
      statusCode: 500,
    });
    expect(clock.sleeps).toEqual([
      750, 1500, 3000, 3750, 3750, 3750, 3750, 3750,
    ]);
  });

  it('warns once when requests are unauthenticated', async () => {
    server.use(http.get(`${API}/anon`, () => HttpResponse.json({})));
    const { client: c, logger } = client({ headers: async () => undefined });
    await c.get(`${API}/anon`);
    await c.get(`${API}/anon`);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('unauthenticated'),
    );
  });

  it('does not retry when credentials cannot be had', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/creds`, () => {
        calls += 1;
        return HttpResponse.json({});
      }),
    );
    const { client: c, clock } = client({
      headers: async () => {
        throw new Error('No app installation found for orbital-data');
      },
    });
    await expect(c.get(`${API}/creds`)).rejects.toThrow(/No app installation/);
    expect(calls).toBe(0);
    expect(clock.sleeps).toEqual([]);
  });

  it('detects pagination loops', async () => {
    server.use(
      http.get(`${API}/loop`, () =>
        HttpResponse.json([1], {
          headers: { link: `<${API}/loop>; rel="next"` },
        }),
      ),
    );
    const { client: c } = client();
    await expect(c.getAllPages(`${API}/loop`)).rejects.toThrow(/loops/);
  });
});
