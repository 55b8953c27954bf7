import path from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import { EventParams } from '@backstage/plugin-events-node';
import { RepoDiscoveryEntityProvider } from './RepoDiscoveryEntityProvider';

/**
 * The topic `publish:local` announces a new local repository on, so it is catalogued now rather
 * than at the next sweep.
 */
export const LOCAL_REPOSITORY_TOPIC = 'platform-portal.repository';

interface LocalRepositoryPayload {
  action?: string;
  directory?: string;
  name?: string;
}

/** Re-inspects the announced repository in the provider whose source is that directory. */
export async function routeLocalRepositoryEvent(
  event: EventParams,
  providers: RepoDiscoveryEntityProvider[],
  logger: LoggerService,
): Promise<void> {
  const { directory, name } = event.eventPayload as LocalRepositoryPayload;
  if (typeof directory !== 'string' || typeof name !== 'string' || !name) {
    return;
  }
  const sourceId = `local:${path.resolve(directory)}`;
  for (const provider of providers.filter(p => p.source.id === sourceId)) {
    try {
      await provider.refreshRepository(name);
    } catch (error) {
      logger.warn(
        `${provider.getProviderName()}: could not catalog the new repository ${name}: ${error}`,
      );
    }
  }
}
