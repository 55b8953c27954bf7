import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  clusterProviderFromConfig,
  repoDiscoveryProvidersFromConfig,
} from './providers/fromConfig';
import { routeGithubEvent } from './providers/githubEvents';
import {
  LOCAL_REPOSITORY_TOPIC,
  routeLocalRepositoryEvent,
} from './providers/localEvents';
import { createPluginMetrics } from '@platform-portal/metrics-node';

/**
 * Catalogs every repository (`catalog.providers.repoDiscovery`) and every cluster
 * (`catalog.providers.platformClusters`), refreshing single repositories on GitHub webhooks.
 */
export const catalogModuleRepoDiscovery = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'repo-discovery',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        events: eventsServiceRef,
        metricsService: metricsServiceRef,
      },
      async init({
        catalog,
        config,
        logger,
        scheduler,
        events,
        metricsService,
      }) {
        const repoProviders = repoDiscoveryProvidersFromConfig({
          config,
          logger,
          scheduler,
          // The catalog's meter; the plugin label says whose.
          metrics: createPluginMetrics('repo-discovery', metricsService),
        });
        const clusterProvider = await clusterProviderFromConfig({
          config,
          logger,
          scheduler,
        });
        for (const provider of repoProviders) {
          provider.onInferredRepositories(
            clusterProvider.onInferredRepositories,
          );
          catalog.addEntityProvider(provider);
        }
        catalog.addEntityProvider(clusterProvider);

        await events.subscribe({
          id: 'catalog-repo-discovery',
          topics: ['github.push', 'github.repository'],
          onEvent: event => routeGithubEvent(event, repoProviders, logger),
        });
        await events.subscribe({
          id: 'catalog-repo-discovery-local',
          topics: [LOCAL_REPOSITORY_TOPIC],
          onEvent: event =>
            routeLocalRepositoryEvent(event, repoProviders, logger),
        });
      },
    });
  },
});
