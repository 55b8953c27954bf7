import { LoggerService } from '@backstage/backend-plugin-api';
import { EventParams } from '@backstage/plugin-events-node';
import { RepoDiscoveryEntityProvider } from './RepoDiscoveryEntityProvider';

interface RepositoryPayload {
  action?: string;
  repository?: { name?: string; owner?: { login?: string } };
  changes?: { repository?: { name?: { from?: string } } };
}

/**
 * Re-inspects the repository a GitHub `push` or `repository` webhook is about, in the provider
 * whose source is that repository's organisation. A rename also drops the old name.
 */
export async function routeGithubEvent(
  event: EventParams,
  providers: RepoDiscoveryEntityProvider[],
  logger: LoggerService,
): Promise<void> {
  const payload = event.eventPayload as RepositoryPayload;
  const name = payload.repository?.name;
  const org = payload.repository?.owner?.login?.toLocaleLowerCase('en-US');
  if (!name || !org) return;
  const targets = providers.filter(p =>
    p.source.id.toLocaleLowerCase('en-US').endsWith(`/${org}`),
  );
  for (const provider of targets) {
    try {
      const renamedFrom = payload.changes?.repository?.name?.from;
      if (payload.action === 'renamed' && renamedFrom) {
        await provider.refreshRepository(renamedFrom);
      }
      await provider.refreshRepository(name);
    } catch (error) {
      logger.warn(
        `${provider.getProviderName()}: could not refresh ${org}/${name} after a ${
          event.topic
        } event: ${error}`,
      );
    }
  }
}
