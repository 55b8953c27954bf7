import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createFakeClock } from './__testUtils__/githubApi';
import { InMemoryMetrics } from '@platform-portal/metrics-node/testUtils';
import {
  createPluginMetrics,
  noopPluginMetrics,
} from '@platform-portal/metrics-node';
import { GithubHttpClient } from './sources/github/GithubHttpClient';

const server = setupServer();
registerMswTestHooks(server);

const API = 'https://api.github.com';

describe('GitHub metrics of the repo-discovery module', () => {
  it('counts GitHub calls, their errors by name and status, and 304s as ETag cache hits', async () => {
    server.use(
      http.get(`${API}/orgs/orbital-data/repos`, ({ request }) =>
        request.headers.get('if-none-match') === 'W/"v1"'
          ? new HttpResponse(null, {
              status: 304,
              headers: { etag: 'W/"v1"' },
            })
          : HttpResponse.json([{ name: 'a' }], {
              headers: { etag: 'W/"v1"' },
            }),
      ),
      http.get(`${API}/repos/orbital-data/gone`, () =>
        HttpResponse.json({ message: 'Not Found' }, { status: 404 }),
      ),
      http.get(`${API}/repos/orbital-data/secret`, () =>
        HttpResponse.json({ message: 'Bad credentials' }, { status: 401 }),
      ),
    );
    const store = new InMemoryMetrics();
    const clock = createFakeClock();
    const client = new GithubHttpClient({
      logger: mockServices.logger.mock(),
      sleep: clock.sleep,
      now: clock.now,
      headers: async () => ({ Authorization: 'Bearer t' }),
      metrics: createPluginMetrics('repo-discovery', store),
    });

    await client.get(`${API}/orgs/orbital-data/repos`);
    const again = await client.get(`${API}/orgs/orbital-data/repos`);
    expect(again.ok && again.notModified).toBe(true);
    // An allowed status is an answer, not a failure.
    const gone = await client.get(`${API}/repos/orbital-data/gone`, {
      allowStatuses: [404],
    });
    expect(gone.ok).toBe(false);
    await expect(
      client.get(`${API}/repos/orbital-data/secret`),
    ).rejects.toMatchObject({ name: 'GithubApiError', statusCode: 401 });

    expect(
      store.sum('portal_upstream_requests', {
        plugin: 'repo-discovery',
        provider: 'github',
        operation: 'GET',
        outcome: 'success',
      }),
    ).toBe(3);
    expect(
      store.select('portal_upstream_errors').map(p => p.attributes),
    ).toEqual([
      {
        plugin: 'repo-discovery',
        provider: 'github',
        operation: 'GET',
        error: 'GithubApiError',
        status: '401',
      },
    ]);
    expect(
      store.sum('portal_cache_lookups', {
        cache: 'github-etag',
        result: 'hit',
      }),
    ).toBe(1);
    expect(
      store.sum('portal_cache_lookups', {
        cache: 'github-etag',
        result: 'miss',
      }),
    ).toBe(1);
    expect(store.count('portal_upstream_request_duration_seconds')).toBe(4);
  });

  it('records nothing without a metrics service', () => {
    expect(createPluginMetrics('repo-discovery')).toBe(noopPluginMetrics);
  });
});
