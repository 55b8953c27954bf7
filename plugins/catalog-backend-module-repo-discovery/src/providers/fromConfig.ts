import {
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import path from 'node:path';
import { inferRepository } from '../inference/inferRepository';
import { GithubRepoSource } from '../sources/GithubRepoSource';
import { LocalGitRepoSource } from '../sources/LocalGitRepoSource';
import { ConfigClusterSource } from '../clusters/ConfigClusterSource';
import type { ClusterSource } from '../clusters/types';
import { RepoDiscoveryEntityProvider } from './RepoDiscoveryEntityProvider';
import { ClusterEntityProvider } from './ClusterEntityProvider';
import type { PluginMetrics } from '@platform-portal/metrics-node';

export const DEFAULT_OWNER = 'group:default/platform-team';

const DEFAULT_GITHUB_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 15 },
  initialDelay: { seconds: 10 },
};
// Local repositories are cheap to read, and the portal's own templates push to them.
const DEFAULT_LOCAL_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 1 },
  timeout: { minutes: 5 },
  initialDelay: { seconds: 3 },
};

interface Deps {
  config: Config;
  logger: LoggerService;
  scheduler: SchedulerService;
  metrics?: PluginMetrics;
}

function schedule(
  block: Config,
  fallback: SchedulerServiceTaskScheduleDefinition,
) {
  return block.has('schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        block.getConfig('schedule'),
      )
    : fallback;
}

/**
 * One provider per block under `catalog.providers.repoDiscovery`. Fails fast on a block that names
 * neither or both sources, or a GitHub host without an integration.
 */
export function repoDiscoveryProvidersFromConfig({
  config,
  logger,
  scheduler,
  metrics,
}: Deps): RepoDiscoveryEntityProvider[] {
  const root = config.getOptionalConfig('catalog.providers.repoDiscovery');
  if (!root) return [];
  const integrations = ScmIntegrations.fromConfig(config);
  return root.keys().map(id => {
    const block = root.getConfig(id);
    const github = block.getOptionalConfig('github');
    const localDirectory = block.getOptionalString('localDirectory');
    if (Boolean(github) === Boolean(localDirectory)) {
      throw new InputError(
        `catalog.providers.repoDiscovery.${id} must set exactly one of 'github' and 'localDirectory'`,
      );
    }
    const providerLogger = logger.child({ provider: `repo-discovery:${id}` });
    const source = github
      ? GithubRepoSource.create({
          organization: github.getString('organization'),
          host: github.getOptionalString('host') ?? 'github.com',
          integrations,
          logger: providerLogger,
          metrics,
        })
      : new LocalGitRepoSource({ directory: path.resolve(localDirectory!) });
    return new RepoDiscoveryEntityProvider({
      id,
      source,
      infer: inferRepository,
      logger: providerLogger,
      defaultOwner: block.getOptionalString('defaultOwner') ?? DEFAULT_OWNER,
      exclude: block.getOptionalStringArray('exclude'),
      // GitHub discovery (catalog.providers.github) already reads catalog files on GitHub.
      catalogFiles: github ? 'skip' : 'ingest',
      taskRunner: scheduler.createScheduledTaskRunner(
        schedule(
          block,
          github ? DEFAULT_GITHUB_SCHEDULE : DEFAULT_LOCAL_SCHEDULE,
        ),
      ),
    });
  });
}

/**
 * The cluster provider: clusters of the kubernetes plugin's config, of EKS where
 * `catalog.providers.platformClusters.eks` is set, and of GitOps repositories (fed by the
 * repository providers).
 */
export async function clusterProviderFromConfig({
  config,
  logger,
  scheduler,
}: Deps): Promise<ClusterEntityProvider> {
  const block = config.getOptionalConfig('catalog.providers.platformClusters');
  const clusterLogger = logger.child({ provider: 'platform-clusters' });
  const sources: ClusterSource[] = [new ConfigClusterSource({ config })];
  if (block?.has('eks')) {
    // The AWS SDK (~25 MB resident) is loaded only where EKS discovery is configured. A plain
    // require: jest's transform does not turn import() into one.
    const { EksClusterSource } =
      require('../clusters/EksClusterSource') as typeof import('../clusters/EksClusterSource');
    sources.push(
      EksClusterSource.fromConfig(config, { logger: clusterLogger }),
    );
  }
  return new ClusterEntityProvider({
    sources,
    logger: clusterLogger,
    defaultOwner: block?.getOptionalString('defaultOwner') ?? DEFAULT_OWNER,
    taskRunner: scheduler.createScheduledTaskRunner(
      block
        ? schedule(block, DEFAULT_GITHUB_SCHEDULE)
        : DEFAULT_GITHUB_SCHEDULE,
    ),
  });
}
