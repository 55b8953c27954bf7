import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterError,
  FLUX_RESOURCES,
  FluxKind,
  FluxObject,
} from '@platform-portal/plugin-flux-common';
import {
  KubernetesClusterAccess,
  KubernetesRequest,
  KubernetesRequestError,
} from '../cluster/types';
import { TtlCache } from './TtlCache';
import type { FluxMetrics } from '../fluxMetrics';

/** A Kubernetes object as listed (workloads, pods). */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    generation?: number;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, any>;
  status?: Record<string, any>;
}

interface ClusterApis {
  /** Served versions per API group, from `/apis`. */
  groups: Map<string, string[]>;
  /** The version chosen per kind once a request succeeded with it. */
  chosen: Map<FluxKind, string>;
}

/**
 * The work done against one cluster within its deadline. Requests made through it are aborted
 * at the deadline; their failures are collected as data, per kind where there is one.
 */
export class ClusterContext {
  readonly errors: ClusterError[] = [];
  successes = 0;
  failures = 0;

  constructor(
    readonly cluster: string,
    readonly signal: AbortSignal,
    private readonly fetcher: FluxFetcher,
  ) {}

  recordError(error: unknown, kind?: FluxKind) {
    this.failures++;
    if (this.signal.aborted) return; // the deadline is reported once, by the caller
    const e =
      error instanceof KubernetesRequestError
        ? {
            name: error.errorName,
            message: error.message,
            statusCode: error.statusCode,
          }
        : {
            name: 'UNKNOWN_ERROR',
            message: String((error as Error)?.message ?? error),
          };
    this.errors.push({
      cluster: this.cluster,
      ...(kind && { kind }),
      error: e,
    });
  }

  async request<T>(request: KubernetesRequest): Promise<T> {
    const result = await this.fetcher.access.request<T>(this.cluster, {
      ...request,
      signal: this.signal,
    });
    this.successes++;
    return result;
  }

  list(kind: FluxKind, options: { labelSelector?: string } = {}) {
    return this.fetcher.listKind(this, kind, options);
  }

  get(kind: FluxKind, namespace: string, name: string) {
    return this.fetcher.getKind(this, kind, namespace, name);
  }

  /** `apps/v1` or core `v1` objects; a failure is recorded and gives an empty list. */
  async listCore(path: string, labelSelector?: string): Promise<KubeObject[]> {
    try {
      const body = await this.request<{ items?: KubeObject[] }>({
        path,
        query: labelSelector ? { labelSelector } : undefined,
      });
      return body.items ?? [];
    } catch (error) {
      this.recordError(error);
      return [];
    }
  }
}

/**
 * Reads Flux objects from clusters: asks each cluster which Flux API versions it serves, uses
 * the newest the portal knows (falling back to older ones for an older Flux), and runs each
 * cluster's requests under a deadline so that one slow cluster costs its timeout and no more.
 */
export class FluxFetcher {
  private readonly apis: TtlCache<ClusterApis>;

  constructor(
    readonly access: KubernetesClusterAccess,
    private readonly options: {
      /** Per-cluster deadline. */
      timeoutMs: number;
      /** How long `/apis` answers are trusted. @defaultValue 5 minutes */
      discoveryTtlMs?: number;
      logger: LoggerService;
      /** Cluster reads and their errors, and the `/apis` cache (see `createFluxMetrics`). */
      metrics?: FluxMetrics;
    },
  ) {
    this.apis = new TtlCache({
      ttlMs: options.discoveryTtlMs ?? 300_000,
      onLookup: options.metrics?.cache('api-discovery'),
    });
  }

  get timeoutMs() {
    return this.options.timeoutMs;
  }

  /**
   * Runs `work` against one cluster under the per-cluster deadline. The result is `work`'s value
   * and the cluster's errors; at the deadline the value is `fallback` and the error `TIMEOUT`.
   */
  async withCluster<T>(
    cluster: string,
    fallback: T,
    work: (ctx: ClusterContext) => Promise<T>,
  ): Promise<{ value: T; errors: ClusterError[] }> {
    const result = await this.readCluster(cluster, fallback, work);
    this.options.metrics?.clusterRead(cluster, result.errors);
    return result;
  }

  private async readCluster<T>(
    cluster: string,
    fallback: T,
    work: (ctx: ClusterContext) => Promise<T>,
  ): Promise<{ value: T; errors: ClusterError[] }> {
    const controller = new AbortController();
    const ctx = new ClusterContext(cluster, controller.signal, this);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>(resolve => {
      timer = setTimeout(() => resolve('timeout'), this.options.timeoutMs);
    });
    try {
      const outcome = await Promise.race([work(ctx), deadline]);
      if (outcome === 'timeout') {
        controller.abort();
        return {
          value: fallback,
          errors: [
            {
              cluster,
              error: {
                name: 'TIMEOUT',
                message: `Cluster ${cluster} did not answer within ${formatSeconds(
                  this.options.timeoutMs,
                )}`,
              },
            },
          ],
        };
      }
      return { value: outcome, errors: collapse(ctx) };
    } catch (error) {
      ctx.recordError(error);
      return { value: fallback, errors: collapse(ctx) };
    } finally {
      clearTimeout(timer);
    }
  }

  private async clusterApis(ctx: ClusterContext): Promise<ClusterApis> {
    return this.apis.get(ctx.cluster, async () => {
      const body = await this.access.request<{
        groups?: Array<{ name: string; versions?: Array<{ version: string }> }>;
      }>(ctx.cluster, { path: '/apis', signal: ctx.signal });
      ctx.successes++;
      return {
        groups: new Map(
          (body.groups ?? []).map(g => [
            g.name,
            (g.versions ?? []).map(v => v.version),
          ]),
        ),
        chosen: new Map(),
      };
    });
  }

  /**
   * The versions to try for a kind on a cluster, the one that worked before first. Empty when
   * the cluster does not serve the kind's group at all (that Flux component is not installed,
   * which is not an error). Throws `NO_SERVED_VERSION` when the group is served but in none of
   * the versions the portal reads.
   */
  private async candidates(ctx: ClusterContext, kind: FluxKind) {
    const apis = await this.clusterApis(ctx);
    const resource = FLUX_RESOURCES[kind];
    const served = apis.groups.get(resource.group);
    if (!served) return { apis, versions: [] as string[] };
    const chosen = apis.chosen.get(kind);
    const versions = resource.versions.filter(v => served.includes(v));
    if (versions.length === 0) {
      throw new KubernetesRequestError(
        'NO_SERVED_VERSION',
        `Cluster ${ctx.cluster} serves ${resource.group} ${served.join(
          ', ',
        )}; the portal reads ${resource.versions.join(', ')}`,
        undefined,
        true,
      );
    }
    return {
      apis,
      versions: chosen
        ? [chosen, ...versions.filter(v => v !== chosen)]
        : versions,
    };
  }

  /** Lists a Flux kind in all namespaces, in the newest version the cluster serves. */
  async listKind(
    ctx: ClusterContext,
    kind: FluxKind,
    options: { labelSelector?: string } = {},
  ): Promise<FluxObject[]> {
    const resource = FLUX_RESOURCES[kind];
    try {
      const { apis, versions } = await this.candidates(ctx, kind);
      for (const version of versions) {
        try {
          const body = await ctx.request<{ items?: FluxObject[] }>({
            path: `/apis/${resource.group}/${version}/${resource.plural}`,
            query: options.labelSelector
              ? { labelSelector: options.labelSelector }
              : undefined,
          });
          apis.chosen.set(kind, version);
          // Items in a list carry no apiVersion/kind of their own on some servers.
          return (body.items ?? []).map(item => ({
            ...item,
            apiVersion: item.apiVersion ?? `${resource.group}/${version}`,
            kind: item.kind ?? kind,
          }));
        } catch (error) {
          if (isUnservedVersion(error)) continue;
          throw error;
        }
      }
      if (versions.length > 0) {
        throw new KubernetesRequestError(
          'NO_SERVED_VERSION',
          `Cluster ${ctx.cluster} serves none of ${versions
            .map(v => `${resource.group}/${v}`)
            .join(', ')} for ${resource.plural}`,
          404,
          true,
        );
      }
      return [];
    } catch (error) {
      ctx.recordError(error, kind);
      return [];
    }
  }

  /** One Flux object by name; undefined when it does not exist on the cluster. */
  async getKind(
    ctx: ClusterContext,
    kind: FluxKind,
    namespace: string,
    name: string,
  ): Promise<FluxObject | undefined> {
    const resource = FLUX_RESOURCES[kind];
    try {
      const { apis, versions } = await this.candidates(ctx, kind);
      // A 404 on a get is ambiguous (no such object, or no such version): settle the version
      // with a one-item list first, once per cluster and kind.
      let version = apis.chosen.get(kind);
      if (!version) {
        for (const candidate of versions) {
          try {
            await ctx.request({
              path: `/apis/${resource.group}/${candidate}/${resource.plural}`,
              query: { limit: '1' },
            });
            apis.chosen.set(kind, candidate);
            version = candidate;
            break;
          } catch (error) {
            if (!isUnservedVersion(error)) throw error;
          }
        }
      }
      if (!version) return undefined;
      const object = await ctx.request<FluxObject>({
        path: `/apis/${
          resource.group
        }/${version}/namespaces/${encodeURIComponent(namespace)}/${
          resource.plural
        }/${encodeURIComponent(name)}`,
      });
      return {
        ...object,
        apiVersion: object.apiVersion ?? `${resource.group}/${version}`,
        kind: object.kind ?? kind,
      };
    } catch (error) {
      if (isUnservedVersion(error)) return undefined;
      ctx.recordError(error, kind);
      return undefined;
    }
  }

  /** Writes a JSON merge patch to a Flux object; throws on failure (actions report it). */
  async patchKind(
    cluster: string,
    kind: FluxKind,
    namespace: string,
    name: string,
    patch: unknown,
  ): Promise<FluxObject> {
    const resource = FLUX_RESOURCES[kind];
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    const ctx = new ClusterContext(cluster, signal, this);
    const { versions } = await this.candidates(ctx, kind);
    const version = versions[0];
    if (!version) {
      throw new KubernetesRequestError(
        'NOT_FOUND',
        `Cluster ${cluster} does not serve ${resource.group}`,
        404,
        true,
      );
    }
    return ctx.request<FluxObject>({
      method: 'PATCH',
      path: `/apis/${resource.group}/${version}/namespaces/${encodeURIComponent(
        namespace,
      )}/${resource.plural}/${encodeURIComponent(name)}`,
      body: patch,
    });
  }

  /** Reads one object without a cluster context (the actions' polling). */
  async readKind(
    cluster: string,
    kind: FluxKind,
    namespace: string,
    name: string,
  ): Promise<{ object?: FluxObject; errors: ClusterError[] }> {
    const { value, errors } = await this.withCluster(cluster, undefined, ctx =>
      this.getKind(ctx, kind, namespace, name),
    );
    return { object: value, errors };
  }
}

function isUnservedVersion(error: unknown) {
  return (
    error instanceof KubernetesRequestError &&
    error.fromCluster &&
    error.statusCode === 404
  );
}

/**
 * When every request to a cluster failed the same way (it refuses our credentials, its API
 * server is down), one cluster-level error says it better than one per kind.
 */
function collapse(ctx: ClusterContext): ClusterError[] {
  const { errors } = ctx;
  if (
    errors.length > 1 &&
    ctx.successes === 0 &&
    errors.every(e => e.error.name === errors[0].error.name)
  ) {
    return [{ cluster: ctx.cluster, error: errors[0].error }];
  }
  return errors;
}

function formatSeconds(ms: number) {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
