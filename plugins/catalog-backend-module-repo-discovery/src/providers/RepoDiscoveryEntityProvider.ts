import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { minimatch } from 'minimatch';
import {
  InferredRepository,
  RepoContents,
  RepoRef,
  RepoSource,
} from '../types';
import { catalogFileEntities, inferredEntities } from './repoEntities';

/** Turns a repository's contents into what it is; `inferRepository` in production. */
export type InferFn = (
  repo: RepoRef,
  contents: RepoContents,
) => Promise<InferredRepository>;

export interface RepoDiscoveryEntityProviderOptions {
  /** Config block id; the provider is named `repo-discovery:<id>`. */
  id: string;
  source: RepoSource;
  infer: InferFn;
  logger: LoggerService;
  /** Runs the full sweep; omitted in tests that call {@link RepoDiscoveryEntityProvider.refresh}. */
  taskRunner?: SchedulerServiceTaskRunner;
  defaultOwner: string;
  /** Glob patterns of repository names to leave out. */
  exclude?: string[];
  /**
   * What to do with a repository's own catalog-info.yaml: `skip` when an upstream provider
   * (GitHub discovery) already ingests those files, `ingest` to emit the entities it declares
   * (local repositories, which nothing else reads).
   */
  catalogFiles: 'skip' | 'ingest';
  /** Repositories inspected in parallel. */
  concurrency?: number;
  /**
   * On the first sweep, entities are handed to the catalog in batches of this many as repositories
   * are inspected, so a large organisation appears progressively instead of after the whole sweep
   * (the closing full mutation then changes nothing). Default 500.
   */
  progressiveBatchSize?: number;
}

/** What the provider remembers of a repository between sweeps. */
interface RepoState {
  /** Pushed-at time of the inspected revision: an unchanged repository is not read again. */
  revision: string | undefined;
  archived: boolean;
  inferred?: InferredRepository;
  entities: Entity[];
}

/** Called with every repository the provider inspected, after each sweep or event. */
export type InferredRepositoriesListener = (
  providerName: string,
  repos: InferredRepository[],
) => void;

/**
 * Catalogs every repository of one {@link RepoSource}, described by its own catalog file where it
 * has one and by inference otherwise.
 *
 * A scheduled sweep lists all repositories and emits a full mutation, so deleted repositories
 * disappear; repositories whose last push is unchanged are not read again. GitHub push and
 * repository events re-inspect one repository and emit a delta. When listing fails, nothing is
 * emitted and the catalog keeps what it had; when one repository fails, its previous entities are
 * kept.
 */
export class RepoDiscoveryEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private readonly state = new Map<string, RepoState>();
  private readonly listeners = new Set<InferredRepositoriesListener>();

  constructor(private readonly options: RepoDiscoveryEntityProviderOptions) {}

  getProviderName(): string {
    return `repo-discovery:${this.options.id}`;
  }

  /** The source this provider reads, e.g. for matching webhook events to providers. */
  get source(): RepoSource {
    return this.options.source;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.taskRunner?.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async () => {
        try {
          await this.refresh();
        } catch (error) {
          this.options.logger.error(
            `${this.getProviderName()} sweep failed; keeping the entities it had`,
            error as Error,
          );
        }
      },
    });
  }

  /** Subscribes to the inferred repositories (the cluster provider reads GitOps repos from it). */
  onInferredRepositories(listener: InferredRepositoriesListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Full sweep. Throws when the source cannot be listed, leaving the catalog untouched. */
  async refresh(): Promise<{
    repositories: number;
    inspected: number;
    entities: number;
  }> {
    const connection = this.requireConnection();
    const started = Date.now();
    const repos = (await this.options.source.listRepositories()).filter(
      repo => !this.excluded(repo),
    );

    let inspected = 0;
    const next = new Map<string, RepoState>();
    // Only the first sweep streams: later sweeps skip unchanged repositories and finish quickly.
    const progressive = this.state.size === 0;
    const batchSize = this.options.progressiveBatchSize ?? 500;
    let batch: DeferredEntity[] = [];
    let flushing = Promise.resolve();
    const flush = () => {
      if (batch.length === 0) return;
      const added = batch;
      batch = [];
      flushing = flushing.then(() =>
        connection.applyMutation({ type: 'delta', added, removed: [] }),
      );
    };
    await forEachLimited(repos, this.options.concurrency ?? 8, async repo => {
      const previous = this.state.get(repo.id);
      if (
        previous &&
        repo.pushedAt !== undefined &&
        previous.revision === repo.pushedAt &&
        previous.archived === repo.archived
      ) {
        next.set(repo.id, previous);
        return;
      }
      inspected += 1;
      try {
        const state = await this.inspect(repo);
        next.set(repo.id, state);
        if (progressive) {
          batch.push(...this.defer(repo.id, state.entities));
          if (batch.length >= batchSize) flush();
        }
      } catch (error) {
        this.options.logger.warn(
          `${this.getProviderName()}: could not inspect ${
            repo.id
          }, keeping its previous entities: ${error}`,
        );
        if (previous) next.set(repo.id, previous);
      }
    });

    // What is left goes with the full mutation below; a small organisation never streams at all.
    batch = [];
    await flushing;
    this.state.clear();
    for (const [id, value] of next) this.state.set(id, value);

    const deferred = [...this.state.entries()].flatMap(([id, s]) =>
      this.defer(id, s.entities),
    );
    await connection.applyMutation({ type: 'full', entities: deferred });
    this.notify();
    this.options.logger.info(
      `${this.getProviderName()}: ${
        repos.length
      } repositories (${inspected} inspected), ${deferred.length} entities in ${
        Date.now() - started
      } ms`,
    );
    return { repositories: repos.length, inspected, entities: deferred.length };
  }

  /**
   * Re-inspects one repository after a webhook (push, archive, rename, delete) and emits only the
   * difference.
   */
  async refreshRepository(name: string): Promise<void> {
    const connection = this.requireConnection();
    const repo = await this.options.source.getRepository(name);
    // The id this name had: differs from repo.id when the repository was renamed (GitHub
    // redirects the old name), and is all that is left of a deleted one.
    const knownId = [...this.state.keys()].find(
      k => k.endsWith(`/${name}`) || k.endsWith(`:${name}`),
    );
    const removed: DeferredEntity[] = [];
    if (knownId && (!repo || knownId !== repo.id || this.excluded(repo))) {
      removed.push(...this.defer(knownId, this.state.get(knownId)!.entities));
      this.state.delete(knownId);
    }
    if (!repo || this.excluded(repo)) {
      if (removed.length > 0) {
        await connection.applyMutation({ type: 'delta', added: [], removed });
        this.notify();
      }
      return;
    }
    const previous = this.state.get(repo.id);
    const state = await this.inspect(repo);
    this.state.set(repo.id, state);
    const keep = new Set(
      state.entities.map(e => `${e.kind}:${e.metadata.name}`),
    );
    removed.push(
      ...this.defer(
        repo.id,
        (previous?.entities ?? []).filter(
          e => !keep.has(`${e.kind}:${e.metadata.name}`),
        ),
      ),
    );
    await connection.applyMutation({
      type: 'delta',
      added: this.defer(repo.id, state.entities),
      removed,
    });
    this.notify();
  }

  private async inspect(repo: RepoRef): Promise<RepoState> {
    const contents = await this.options.source.readContents(repo);
    const inferred = await this.options.infer(repo, contents);
    const entityOptions = {
      sourceId: this.options.source.id,
      defaultOwner: this.options.defaultOwner,
    };
    let entities: Entity[];
    if (inferred.catalogFile) {
      entities =
        this.options.catalogFiles === 'ingest'
          ? catalogFileEntities(
              repo,
              inferred.catalogFile,
              (await contents.readFile(inferred.catalogFile)) ?? '',
              entityOptions,
            )
          : [];
    } else {
      entities = inferredEntities(inferred, entityOptions);
      // Nested catalog files are read by no upstream provider, so they are ingested everywhere.
      for (const file of inferred.partCatalogFiles ?? []) {
        entities.push(
          ...catalogFileEntities(
            repo,
            file,
            (await contents.readFile(file)) ?? '',
            entityOptions,
          ),
        );
      }
    }
    return {
      revision: repo.pushedAt,
      archived: repo.archived,
      inferred,
      entities,
    };
  }

  private defer(repoId: string, entities: Entity[]): DeferredEntity[] {
    return entities.map(entity => ({
      entity,
      locationKey: `${this.getProviderName()}:${repoId}`,
    }));
  }

  private excluded(repo: RepoRef) {
    return (this.options.exclude ?? []).some(pattern =>
      minimatch(repo.name, pattern, { nocase: true }),
    );
  }

  private notify() {
    const repos = [...this.state.values()].flatMap(s =>
      s.inferred ? [s.inferred] : [],
    );
    for (const listener of this.listeners) {
      listener(this.getProviderName(), repos);
    }
  }

  private requireConnection(): EntityProviderConnection {
    if (!this.connection) {
      throw new Error(
        `${this.getProviderName()} is not connected to the catalog yet`,
      );
    }
    return this.connection;
  }
}

async function forEachLimited<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from(
    { length: Math.min(limit, items.length) },
    async () => {
      while (next < items.length) {
        const item = items[next++];
        await fn(item);
      }
    },
  );
  await Promise.all(workers);
}
