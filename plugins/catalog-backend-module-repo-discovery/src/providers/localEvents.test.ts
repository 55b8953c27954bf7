import { mockServices } from '@backstage/backend-test-utils';
import { RepoDiscoveryEntityProvider } from './RepoDiscoveryEntityProvider';
import {
  LOCAL_REPOSITORY_TOPIC,
  routeLocalRepositoryEvent,
} from './localEvents';

function fakeProvider(sourceId: string, fail = false) {
  return {
    source: { id: sourceId },
    getProviderName: () => `repo-discovery:${sourceId}`,
    refreshRepository: jest.fn(async () => {
      if (fail) throw new Error('git failed');
    }),
  } as unknown as RepoDiscoveryEntityProvider & {
    refreshRepository: jest.Mock;
  };
}

describe('routeLocalRepositoryEvent', () => {
  const logger = mockServices.logger.mock();

  it('refreshes the announced repository in the provider of that directory only', async () => {
    const local = fakeProvider('local:/data/repos');
    const other = fakeProvider('local:/elsewhere');
    const github = fakeProvider('github:github.com/orbital-data');
    await routeLocalRepositoryEvent(
      {
        topic: LOCAL_REPOSITORY_TOPIC,
        eventPayload: {
          action: 'published',
          directory: '/data/repos/',
          name: 'orders-service',
        },
      },
      [local, other, github],
      logger,
    );
    expect(local.refreshRepository).toHaveBeenCalledWith('orders-service');
    expect(other.refreshRepository).not.toHaveBeenCalled();
    expect(github.refreshRepository).not.toHaveBeenCalled();
  });

  it('ignores malformed payloads and logs a failing refresh instead of throwing', async () => {
    const failing = fakeProvider('local:/data/repos', true);
    await routeLocalRepositoryEvent(
      { topic: LOCAL_REPOSITORY_TOPIC, eventPayload: { name: 42 } },
      [failing],
      logger,
    );
    expect(failing.refreshRepository).not.toHaveBeenCalled();
    await routeLocalRepositoryEvent(
      {
        topic: LOCAL_REPOSITORY_TOPIC,
        eventPayload: { directory: '/data/repos', name: 'x' },
      },
      [failing],
      logger,
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /could not catalog the new repository x: Error: git failed/,
      ),
    );
  });
});
