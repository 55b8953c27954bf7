import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { Entity } from '@backstage/catalog-model';
import { setupServer } from 'msw/node';
import {
  createFakeClock,
  createGithubOrgHandlers,
  githubResponses,
} from '../__testUtils__/githubApi';
import { inferRepository } from '../inference/inferRepository';
import { GithubRepoSource } from '../sources/GithubRepoSource';
import { RepoDiscoveryEntityProvider } from './RepoDiscoveryEntityProvider';
import { createRecordingConnection } from '../__testUtils__/recordingConnection';

/**
 * The provider, the GitHub source and the inference together, against GitHub simulated at the
 * HTTP layer: what a scheduled sweep and a webhook do to the catalog.
 */
const server = setupServer();
registerMswTestHooks(server);

const service = {
  Dockerfile: 'FROM node:22\n',
  'package.json': '{"name":"orders","version":"1.0.0"}',
  'k8s/deployment.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders\n',
  '.github/CODEOWNERS': '* @orbital-data/shop-backend\n',
};

type HandlerOptions = Parameters<typeof createGithubOrgHandlers>[0];

function setup(
  repos: HandlerOptions['repos'],
  inject?: HandlerOptions['inject'],
) {
  const clock = createFakeClock();
  const api = createGithubOrgHandlers({
    org: 'orbital-data',
    repos,
    now: clock.now,
    inject,
  });
  server.use(...api.handlers);
  const source = GithubRepoSource.create({
    organization: 'orbital-data',
    integrations: ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: { github: [{ host: 'github.com', token: 'ghp_test' }] },
      }),
    ),
    logger: mockServices.logger.mock(),
    sleep: clock.sleep,
    now: clock.now,
  });
  const { connection, mutations, lastFull } = createRecordingConnection();
  const provider = new RepoDiscoveryEntityProvider({
    id: 'orbital',
    source,
    infer: inferRepository,
    logger: mockServices.logger.mock(),
    defaultOwner: 'group:default/platform-team',
    catalogFiles: 'skip',
  });
  const names = (entities: Entity[] | undefined) =>
    (entities ?? []).map(e => `${e.kind}:${e.metadata.name}`).sort();
  return { api, clock, provider, connection, mutations, names, lastFull };
}

describe('repo discovery over the GitHub API', () => {
  it('catalogs an organisation end to end, owners from CODEOWNERS', async () => {
    const { provider, connection, names, lastFull } = setup([
      { name: 'orders', files: service },
      {
        name: 'ui-kit',
        files: { 'package.json': '{"name":"ui-kit","main":"dist/index.js"}' },
      },
      {
        name: 'edge-infra',
        files: { 'main.tf': 'resource "null_resource" "x" {}\n' },
      },
      {
        name: 'described',
        files: { 'catalog-info.yaml': 'kind: Component\n', Dockerfile: '' },
      },
    ]);
    await provider.connect(connection);
    await provider.refresh();
    expect(names(lastFull())).toEqual([
      'Component:edge-infra',
      'Component:orders',
      'Component:ui-kit',
    ]);
    const orders = lastFull()!.find(e => e.metadata.name === 'orders')!;
    expect(orders.spec).toEqual(
      expect.objectContaining({
        type: 'service',
        owner: 'group:default/shop-backend',
      }),
    );
    expect(orders.metadata.annotations?.['backstage.io/kubernetes-id']).toBe(
      'orders',
    );
  });

  it('sweeps an unchanged organisation again without reading any repository', async () => {
    const { api, provider, connection, names, lastFull } = setup([
      { name: 'orders', files: service, pushedAt: '2026-11-01T00:00:00Z' },
      { name: 'billing', files: service, pushedAt: '2026-11-01T00:00:00Z' },
    ]);
    await provider.connect(connection);
    await provider.refresh();
    const first = names(lastFull());
    api.resetCounters();
    await provider.refresh();
    expect(names(lastFull())).toEqual(first);
    // One listing page, answered 304: the repositories' trees and files are not requested.
    expect(api.counters.byKind.tree ?? 0).toBe(0);
    expect(api.counters.notModified).toBe(api.counters.requests);
  });

  it('backs off on a secondary rate limit and resumes, losing nothing', async () => {
    let limited = 0;
    const { api, clock, provider, connection, names, lastFull } = setup(
      Array.from({ length: 12 }, (_, i) => ({
        name: `svc-${i}`,
        files: service,
      })),
      ({ kind }) =>
        kind === 'tree' && limited++ < 2
          ? githubResponses.secondaryRateLimit({ retryAfterSeconds: 30 })
          : undefined,
    );
    await provider.connect(connection);
    await provider.refresh();
    expect(names(lastFull())).toHaveLength(12);
    expect(api.counters.rateLimited).toBe(2);
    // It waited as told instead of hammering, then carried on.
    expect(clock.sleeps.some(ms => ms >= 30_000)).toBe(true);
  });

  it('keeps the entities it had when GitHub keeps failing', async () => {
    let failing = false;
    const { provider, connection, mutations, names, lastFull } = setup(
      [{ name: 'orders', files: service }],
      () => (failing ? githubResponses.serverError(502) : undefined),
    );
    await provider.connect(connection);
    await provider.refresh();
    const before = names(lastFull());
    failing = true;
    await expect(provider.refresh()).rejects.toThrow();
    expect(mutations.filter(m => m.type === 'full')).toHaveLength(1);
    expect(names(lastFull())).toEqual(before);
  });

  it('applies a push webhook as a delta: the repository gained a catalog file', async () => {
    const { api, provider, connection, mutations } = setup([
      { name: 'orders', files: service },
    ]);
    await provider.connect(connection);
    await provider.refresh();
    api.setFile('orders', 'catalog-info.yaml', 'kind: Component\n');
    await provider.refreshRepository('orders');
    const delta = mutations.pop()!;
    expect(delta.type).toBe('delta');
    expect(delta.added).toEqual([]);
    expect(delta.removed!.map(d => d.entity.metadata.name)).toEqual(['orders']);
  });
});
