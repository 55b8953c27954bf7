import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
// Imported file by file, not through ../clusters: that index also loads the AWS SDK, which only
// EKS discovery needs.
import type { ClusterSource, DiscoveredCluster } from '../clusters/types';
import { clusterToEntity } from '../clusters/clusterToEntity';
import { gitopsClusters } from '../clusters/gitopsClusters';
import { mergeClusters } from '../clusters/mergeClusters';
import { InferredRepository } from '../types';
import { inferredEntities } from './repoEntities';

export interface ClusterEntityProviderOptions {
  /** Clusters from the kubernetes config and from EKS. */
  sources: ClusterSource[];
  logger: LoggerService;
  taskRunner?: SchedulerServiceTaskRunner;
  /** Owner of cluster entities. */
  defaultOwner: string;
}

/**
 * Emits one `Resource` of type `kubernetes-cluster` per cluster, merged from the kubernetes
 * config, EKS discovery and the `clusters/<name>/` directories of GitOps repositories, so the same
 * cluster found three ways is one entity. A failing source keeps the clusters it found last time.
 */
export class ClusterEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private readonly lastBySource = new Map<string, DiscoveredCluster[]>();
  private readonly reposByProvider = new Map<string, InferredRepository[]>();
  private pending?: Promise<void>;

  constructor(private readonly options: ClusterEntityProviderOptions) {}

  getProviderName(): string {
    return 'platform-clusters';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.taskRunner?.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async () => {
        await this.refresh();
      },
    });
  }

  /**
   * Takes the GitOps repositories a repository provider found; re-emits the clusters when
   * connected. Wire it with `repoProvider.onInferredRepositories(...)`.
   */
  readonly onInferredRepositories = (
    providerName: string,
    repos: InferredRepository[],
  ) => {
    this.reposByProvider.set(providerName, repos);
    if (this.connection) {
      // Coalesce bursts of webhook deltas into one emission.
      this.pending ??= Promise.resolve().then(async () => {
        this.pending = undefined;
        await this.emit().catch(error =>
          this.options.logger.error('Could not emit clusters', error),
        );
      });
    }
  };

  /** Lists every source again and emits the merged clusters. */
  async refresh(): Promise<DiscoveredCluster[]> {
    await Promise.all(
      this.options.sources.map(async source => {
        try {
          this.lastBySource.set(source.id, await source.listClusters());
        } catch (error) {
          this.options.logger.warn(
            `Cluster source ${source.id} failed, keeping its last ${
              this.lastBySource.get(source.id)?.length ?? 0
            } clusters: ${error}`,
          );
        }
      }),
    );
    return this.emit();
  }

  private async emit(): Promise<DiscoveredCluster[]> {
    if (!this.connection) {
      throw new Error(
        `${this.getProviderName()} is not connected to the catalog yet`,
      );
    }
    const repos = [...this.reposByProvider.values()].flat();
    const fromGitops = gitopsClusters(
      repos
        .filter(repo => repo.clusters.length > 0)
        .flatMap(repo => {
          // The cluster points at the component that describes the GitOps repository.
          const owner = inferredEntities(repo, {
            sourceId: '',
            defaultOwner: this.options.defaultOwner,
          }).find(e => e.kind === 'Component' && e.spec?.type === 'gitops');
          const entityRef = owner
            ? stringifyEntityRef(owner)
            : `component:default/${repo.repo.name.toLocaleLowerCase('en-US')}`;
          return [{ entityRef, clusters: repo.clusters }];
        }),
    );
    const workloadRefs = workloadIndex(repos, this.options.defaultOwner);
    const clusters = mergeClusters([...this.lastBySource.values(), fromGitops]);
    await this.connection.applyMutation({
      type: 'full',
      entities: clusters.map(cluster => ({
        entity: clusterToEntity(cluster, {
          defaultOwner: this.options.defaultOwner,
          componentRefsByWorkload: w => workloadRefs.get(w) ?? [],
        }),
        locationKey: this.getProviderName(),
      })),
    });
    return clusters;
  }
}

/**
 * Workload name → components that run it: inferred components whose name or Kubernetes id is the
 * workload's name. Hand-written components are matched by the catalog, not here.
 */
function workloadIndex(repos: InferredRepository[], defaultOwner: string) {
  const index = new Map<string, string[]>();
  for (const repo of repos) {
    for (const entity of inferredEntities(repo, {
      sourceId: '',
      defaultOwner,
    })) {
      if (entity.kind !== 'Component') continue;
      const keys = new Set([
        entity.metadata.name,
        entity.metadata.annotations?.['backstage.io/kubernetes-id'],
      ]);
      for (const key of keys) {
        if (!key) continue;
        index.set(key, [...(index.get(key) ?? []), stringifyEntityRef(entity)]);
      }
    }
  }
  return index;
}
