import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ClusterError,
  DeploymentsResponse,
  FLUX_KINDS,
  FLUX_SOURCE_KINDS,
  FluxAction,
  FluxActionResponse,
  FluxCluster,
  FluxClusterViewResponse,
  FluxControllerStatus,
  FluxEntityObjectsResponse,
  FluxKind,
  FluxObject,
  FluxObjectOrigin,
  FluxObjectSummary,
  fluxReadPermission,
  fluxReconcilePermission,
  fluxResumePermission,
  fluxSuspendPermission,
  isActionableOrigin,
  isFluxKind,
  parseFluxKustomizations,
  summariseFluxObject,
} from '@platform-portal/plugin-flux-common';
import { z } from 'zod';
import {
  KubernetesClusterAccess,
  KubernetesClusterInfo,
} from '../cluster/types';
import { ClusterContext, FluxFetcher, KubeObject } from './FluxFetcher';
import {
  applierOf,
  deploymentRows,
  parseImage,
  withCommitUrls,
} from './deployments';
import { ImagesLookup, RunningImagesSource } from './images';
import { TtlCache } from './TtlCache';
import { noopPluginMetrics, PluginMetrics } from '@platform-portal/metrics-node';

/** The environments in display order; others follow, by name. */
export const DEFAULT_ENVIRONMENT_ORDER = [
  'dev',
  'development',
  'test',
  'qa',
  'staging',
  'preprod',
  'prod',
  'production',
];

/** The annotation on cluster entities that places them in an environment. */
export const ANNOTATION_ENVIRONMENT = 'platform-portal.io/environment';

/** Auth providers whose token comes from the signed-in user's browser, not from the backend. */
const CLIENT_SIDE_AUTH = ['oidc', 'google'];

const ACTION_PERMISSIONS: Record<
  FluxAction,
  ResourcePermission<'catalog-entity'>
> = {
  reconcile: fluxReconcilePermission,
  suspend: fluxSuspendPermission,
  resume: fluxResumePermission,
};

const DNS_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const actionRequestSchema = z.object({
  cluster: z.string().min(1).max(253),
  kind: z.string().refine(isFluxKind, { message: 'not a Flux kind' }),
  namespace: z.string().max(63).regex(DNS_NAME, 'not a Kubernetes namespace'),
  name: z.string().max(253).regex(DNS_NAME, 'not a Kubernetes object name'),
});

interface EntitySnapshot {
  objects: FluxObjectSummary[];
  workloads: KubeObject[];
  pods: KubeObject[];
}

const WORKLOAD_PATHS = [
  '/apis/apps/v1/deployments',
  '/apis/apps/v1/statefulsets',
  '/apis/apps/v1/daemonsets',
];

const KIND_ORDER = new Map(FLUX_KINDS.map((k, i) => [k, i]));
const byKindThenName = (a: FluxObjectSummary, b: FluxObjectSummary) =>
  (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0) ||
  a.cluster.localeCompare(b.cluster) ||
  a.namespace.localeCompare(b.namespace) ||
  a.name.localeCompare(b.name);

export interface FluxServiceOptions {
  fetcher: FluxFetcher;
  access: KubernetesClusterAccess;
  catalog: CatalogService;
  permissions: PermissionsService;
  auth: AuthService;
  logger: LoggerService;
  auditor?: AuditorService;
  integrations: ScmIntegrationRegistry;
  images?: RunningImagesSource;
  /** Where the Flux controllers run. @defaultValue 'flux-system' */
  fluxNamespace?: string;
  environmentOrder?: string[];
  /** How long per-cluster reads are reused. @defaultValue 10 s */
  cacheTtlMs?: number;
  /** How long a reconcile waits for `status.lastHandledReconcileAt`. @defaultValue 20 s */
  reconcileWaitMs?: number;
  /** @defaultValue 500 ms */
  pollIntervalMs?: number;
  now?: () => Date;
  /** Cache lookups and container-images calls (see `createFluxMetrics`). @defaultValue none */
  metrics?: PluginMetrics;
}

/**
 * The Flux plugin's logic: which objects belong to an entity, the cluster view, the
 * Deployments view, and the actions. Every method takes the caller's credentials: the entity is
 * read with them (so one they may not see does not exist) and the permission is checked before
 * any cluster is asked.
 */
export class FluxService {
  private readonly snapshots: TtlCache<{
    value: EntitySnapshot;
    errors: ClusterError[];
  }>;
  private readonly clusterViews: TtlCache<{
    value: { items: FluxObjectSummary[]; controllers: FluxControllerStatus[] };
    errors: ClusterError[];
  }>;
  private readonly clusterList: TtlCache<FluxCluster[]>;
  private readonly metrics: PluginMetrics;

  constructor(private readonly options: FluxServiceOptions) {
    const ttlMs = options.cacheTtlMs ?? 10_000;
    const metrics = options.metrics ?? noopPluginMetrics;
    this.metrics = metrics;
    // Only complete reads are reused: a cluster that failed is asked again next time.
    const keep = <T extends { errors: ClusterError[] }>(v: T) =>
      v.errors.length === 0;
    this.snapshots = new TtlCache({
      ttlMs,
      keep,
      onLookup: metrics.cache('snapshots'),
    });
    this.clusterViews = new TtlCache({
      ttlMs,
      keep,
      onLookup: metrics.cache('cluster-views'),
    });
    this.clusterList = new TtlCache({
      ttlMs: Math.max(ttlMs, 30_000),
      onLookup: metrics.cache('cluster-list'),
    });
  }

  private get now() {
    return this.options.now ?? (() => new Date());
  }

  // --- entities and permissions -------------------------------------------------------------

  private async readEntity(
    entityRef: string,
    credentials: BackstageCredentials,
    permission: BasicPermission | ResourcePermission<'catalog-entity'>,
  ): Promise<{ entity: Entity; ref: string; compound: CompoundEntityRef }> {
    let compound: CompoundEntityRef;
    try {
      compound = parseEntityRef(entityRef);
    } catch (error) {
      throw new InputError(`Invalid entity ref: ${(error as Error).message}`);
    }
    const ref = stringifyEntityRef(compound);
    const entity = await this.options.catalog.getEntityByRef(ref, {
      credentials,
    });
    if (!entity) throw new NotFoundError(`No entity ${ref}`);
    const [decision] = await this.options.permissions.authorize(
      [{ permission, resourceRef: ref } as any],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        permission === fluxReadPermission
          ? `You may not read the Flux objects of ${ref}`
          : `You may not ${permission.name.replace(
              /^flux\./,
              '',
            )} Flux objects of ${ref}`,
      );
    }
    return { entity, ref, compound };
  }

  /** The label selector for the entity's objects, as the upstream Kubernetes plugin builds it. */
  private selectorOf(entity: Entity): string | undefined {
    const annotations = entity.metadata.annotations ?? {};
    const selector = annotations[ANNOTATION_KUBERNETES_LABEL_SELECTOR]?.trim();
    if (selector) return selector;
    const id = annotations[ANNOTATION_KUBERNETES_ID]?.trim();
    return id ? `${ANNOTATION_KUBERNETES_ID}=${id}` : undefined;
  }

  // --- clusters -------------------------------------------------------------------------------

  /** The Kubernetes backend's clusters, placed in environments by their catalog entities. */
  private async clusters(refresh = false): Promise<FluxCluster[]> {
    return this.clusterList.get(
      'all',
      async () => {
        const [clusters, entities] = await Promise.all([
          this.options.access.listClusters(),
          this.clusterEntities(),
        ]);
        return clusters
          .map(c => this.placeCluster(c, entities.get(c.name)))
          .sort(this.clusterOrder);
      },
      refresh,
    );
  }

  private async clusterEntities(): Promise<Map<string, Entity>> {
    try {
      const { items } = await this.options.catalog.getEntities(
        {
          filter: { kind: 'Resource', 'spec.type': 'kubernetes-cluster' },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.title',
            'metadata.annotations',
            'metadata.labels',
          ],
        },
        { credentials: await this.options.auth.getOwnServiceCredentials() },
      );
      return new Map(items.map(e => [e.metadata.name, e]));
    } catch (error) {
      // Without the catalog the clusters are still read, just not placed in environments.
      this.options.logger.warn(`Could not read cluster entities: ${error}`);
      return new Map();
    }
  }

  private placeCluster(
    info: KubernetesClusterInfo,
    entity?: Entity,
  ): FluxCluster {
    const environment =
      entity?.metadata.annotations?.[ANNOTATION_ENVIRONMENT] ??
      entity?.metadata.labels?.environment;
    return {
      name: info.name,
      ...((info.title ?? entity?.metadata.title) && {
        title: info.title ?? entity?.metadata.title,
      }),
      ...(environment && { environment }),
      ...(entity && { entityRef: stringifyEntityRef(entity) }),
      ...(info.dashboardUrl && { dashboardUrl: info.dashboardUrl }),
      ...(info.authProvider && { authProvider: info.authProvider }),
    } as FluxCluster;
  }

  private readonly clusterOrder = (a: FluxCluster, b: FluxCluster) => {
    const order = this.options.environmentOrder ?? DEFAULT_ENVIRONMENT_ORDER;
    const rank = (c: FluxCluster) => {
      const i = c.environment ? order.indexOf(c.environment.toLowerCase()) : -1;
      return i < 0 ? order.length : i;
    };
    return rank(a) - rank(b) || a.name.localeCompare(b.name);
  };

  /** Clusters the backend cannot read for lack of a user token are reported, not asked. */
  private readable(clusters: FluxCluster[]) {
    const errors: ClusterError[] = [];
    const usable = clusters.filter(c => {
      const provider = (c as FluxCluster & { authProvider?: string })
        .authProvider;
      if (provider && CLIENT_SIDE_AUTH.includes(provider)) {
        errors.push({
          cluster: c.name,
          error: {
            name: 'CLIENT_SIDE_AUTH',
            message: `Cluster ${c.name} uses the ${provider} auth provider, whose token only the signed-in user's browser holds; the Flux backend reads clusters with server-side auth (serviceAccount, aws, azure, googleServiceAccount)`,
          },
        });
        return false;
      }
      return true;
    });
    return { usable, errors };
  }

  private publicCluster(c: FluxCluster): FluxCluster {
    const { authProvider: _, ...rest } = c as FluxCluster & {
      authProvider?: string;
    };
    return rest;
  }

  // --- the entity's objects -------------------------------------------------------------------

  /** Everything the entity has on one cluster: labelled and named Flux objects, workloads, pods, and the Flux objects that applied those workloads with their sources. */
  private snapshot(
    cluster: string,
    entity: Entity,
    refresh: boolean,
  ): Promise<{ value: EntitySnapshot; errors: ClusterError[] }> {
    const selector = this.selectorOf(entity);
    const { refs } = parseFluxKustomizations(entity.metadata.annotations);
    const key = `${cluster}|${selector ?? ''}|${refs
      .map(r => `${r.namespace}/${r.name}`)
      .join(',')}`;
    return this.snapshots.get(
      key,
      () =>
        this.options.fetcher.withCluster(
          cluster,
          { objects: [], workloads: [], pods: [] } as EntitySnapshot,
          async ctx => {
            const found = new Map<
              string,
              { object: FluxObject; origin: FluxObjectOrigin }
            >();
            const add = (
              object: FluxObject | undefined,
              origin: FluxObjectOrigin,
            ) => {
              if (!object?.kind || !object.metadata?.name) return;
              const k = `${object.kind}/${
                object.metadata.namespace ?? 'default'
              }/${object.metadata.name}`;
              if (!found.has(k)) found.set(k, { object, origin });
            };
            const has = (kind: string, namespace: string, name: string) =>
              found.has(`${kind}/${namespace}/${name}`);

            const [labelled, named, workloads, pods] = await Promise.all([
              selector
                ? Promise.all(
                    FLUX_KINDS.map(kind =>
                      ctx.list(kind, { labelSelector: selector }),
                    ),
                  )
                : Promise.resolve([]),
              Promise.all(
                refs.map(r => ctx.get('Kustomization', r.namespace, r.name)),
              ),
              selector
                ? Promise.all(
                    WORKLOAD_PATHS.map(p => ctx.listCore(p, selector)),
                  ).then(l => l.flat())
                : Promise.resolve([]),
              selector
                ? ctx.listCore('/api/v1/pods', selector)
                : Promise.resolve([]),
            ]);
            labelled.flat().forEach(o => add(o, 'selector'));
            named.forEach(o => add(o, 'annotation'));

            // The Kustomizations and HelmReleases that applied the entity's workloads.
            const appliers = new Map<
              string,
              { kind: FluxKind; namespace: string; name: string }
            >();
            for (const w of workloads) {
              const a = applierOf(w);
              if (a && !has(a.kind, a.namespace, a.name)) {
                appliers.set(`${a.kind}/${a.namespace}/${a.name}`, a);
              }
            }
            (
              await Promise.all(
                [...appliers.values()].map(a =>
                  ctx.get(a.kind, a.namespace, a.name),
                ),
              )
            ).forEach(o => add(o, 'workload'));

            // Their sources, for the repository URL behind each revision.
            await this.addSources(ctx, found, add, has);

            return {
              objects: withCommitUrls(
                [...found.values()].map(({ object, origin }) => ({
                  ...summariseFluxObject(object, cluster),
                  origin,
                })),
                this.options.integrations,
              ).sort(byKindThenName),
              workloads,
              pods,
            };
          },
        ),
      refresh,
    );
  }

  private async addSources(
    ctx: ClusterContext,
    found: Map<string, { object: FluxObject; origin: FluxObjectOrigin }>,
    add: (o: FluxObject | undefined, origin: FluxObjectOrigin) => void,
    has: (kind: string, namespace: string, name: string) => boolean,
  ) {
    const wanted = new Map<
      string,
      { kind: FluxKind; namespace: string; name: string }
    >();
    for (const { object } of found.values()) {
      if (
        object.kind !== 'Kustomization' &&
        object.kind !== 'HelmRelease' &&
        object.kind !== 'ImageUpdateAutomation'
      ) {
        continue;
      }
      const summary = summariseFluxObject(object, ctx.cluster);
      const ref = summary.sourceRef;
      const kind = ref?.kind;
      if (!ref || !isFluxKind(kind) || !FLUX_SOURCE_KINDS.includes(kind))
        continue;
      const namespace = ref.namespace ?? summary.namespace;
      if (!has(kind, namespace, ref.name)) {
        wanted.set(`${kind}/${namespace}/${ref.name}`, {
          kind,
          namespace,
          name: ref.name,
        });
      }
    }
    (
      await Promise.all(
        [...wanted.values()].map(w => ctx.get(w.kind, w.namespace, w.name)),
      )
    ).forEach(o => add(o, 'source'));
  }

  private async entitySnapshots(entity: Entity, refresh: boolean) {
    const all = await this.clusters(refresh);
    const { usable, errors } = this.readable(all);
    const results = await Promise.all(
      usable.map(async cluster => ({
        cluster,
        ...(await this.snapshot(cluster.name, entity, refresh)),
      })),
    );
    return {
      clusters: all.map(c => this.publicCluster(c)),
      results,
      errors: [...errors, ...results.flatMap(r => r.errors)],
    };
  }

  async getEntityObjects(
    entityRef: string,
    credentials: BackstageCredentials,
    options: { refresh?: boolean } = {},
  ): Promise<FluxEntityObjectsResponse> {
    const { entity, ref } = await this.readEntity(
      entityRef,
      credentials,
      fluxReadPermission,
    );
    const { clusters, results, errors } = await this.entitySnapshots(
      entity,
      !!options.refresh,
    );
    return {
      entityRef: ref,
      clusters,
      items: results.flatMap(r => r.value.objects),
      errors,
    };
  }

  async getDeployments(
    entityRef: string,
    credentials: BackstageCredentials,
    options: { refresh?: boolean } = {},
  ): Promise<DeploymentsResponse> {
    const { entity, ref, compound } = await this.readEntity(
      entityRef,
      credentials,
      fluxReadPermission,
    );
    const [{ clusters, results, errors }, images] = await Promise.all([
      this.entitySnapshots(entity, !!options.refresh),
      this.runningImages(compound, credentials),
    ]);
    const repositories =
      images && 'repositories' in images ? images.repositories : undefined;
    const rows = results.flatMap(r =>
      deploymentRows({
        cluster: this.publicCluster(r.cluster),
        workloads: r.value.workloads,
        pods: r.value.pods,
        objects: r.value.objects,
        repositories,
        integrations: this.options.integrations,
      }).sort(
        (a, b) =>
          a.namespace.localeCompare(b.namespace) ||
          a.workload.name.localeCompare(b.workload.name),
      ),
    );
    return {
      entityRef: ref,
      clusters,
      rows,
      errors,
      ...(images && 'error' in images && { imagesError: images.error }),
    };
  }

  /** The container-images backend's view of the entity's repositories, timed and counted. */
  private async runningImages(
    entity: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<ImagesLookup | undefined> {
    if (!this.options.images) return undefined;
    const started = performance.now();
    const result = await this.options.images.getRepositories(
      entity,
      credentials,
    );
    this.metrics.recordUpstream(
      { provider: 'container-images', operation: 'getRepositories' },
      (performance.now() - started) / 1000,
      'error' in result
        ? { name: result.error.name, status: result.error.statusCode }
        : undefined,
    );
    return result;
  }

  // --- the cluster page -----------------------------------------------------------------------

  private clusterNameOf(entity: Entity) {
    if (
      entity.kind.toLocaleLowerCase('en-US') !== 'resource' ||
      entity.spec?.type !== 'kubernetes-cluster'
    ) {
      throw new InputError(
        `${stringifyEntityRef(
          entity,
        )} is not a Resource of type kubernetes-cluster`,
      );
    }
    return entity.metadata.name;
  }

  async getClusterView(
    entityRef: string,
    credentials: BackstageCredentials,
    options: { refresh?: boolean } = {},
  ): Promise<FluxClusterViewResponse> {
    const { entity, ref } = await this.readEntity(
      entityRef,
      credentials,
      fluxReadPermission,
    );
    const name = this.clusterNameOf(entity);
    const clusters = await this.clusters(options.refresh);
    const cluster = clusters.find(c => c.name === name);
    if (!cluster) {
      return {
        entityRef: ref,
        cluster: this.placeCluster({ name }, entity),
        controllers: [],
        items: [],
        errors: [
          {
            cluster: name,
            error: {
              name: 'CLUSTER_NOT_FOUND',
              message: `The Kubernetes backend has no cluster named ${name}: check its cluster locators (kubernetes.clusterLocatorMethods) and the entity's kubernetes.io/* annotations`,
            },
          },
        ],
      };
    }
    const { errors: authErrors } = this.readable([cluster]);
    if (authErrors.length) {
      return {
        entityRef: ref,
        cluster: this.publicCluster(cluster),
        controllers: [],
        items: [],
        errors: authErrors,
      };
    }
    const namespace = this.options.fluxNamespace ?? 'flux-system';
    const { value, errors } = await this.clusterViews.get(
      name,
      () =>
        this.options.fetcher.withCluster(
          name,
          {
            items: [] as FluxObjectSummary[],
            controllers: [] as FluxControllerStatus[],
          },
          async ctx => {
            const [lists, controllers] = await Promise.all([
              Promise.all(FLUX_KINDS.map(kind => ctx.list(kind))),
              ctx.listCore(
                `/apis/apps/v1/namespaces/${encodeURIComponent(
                  namespace,
                )}/deployments`,
                'app.kubernetes.io/part-of=flux',
              ),
            ]);
            return {
              items: withCommitUrls(
                lists.flat().map(o => ({
                  ...summariseFluxObject(o, name),
                  origin: 'cluster' as const,
                })),
                this.options.integrations,
              ).sort(byKindThenName),
              controllers: controllers
                .map(controllerStatus)
                .sort((a, b) => a.name.localeCompare(b.name)),
            };
          },
        ),
      options.refresh,
    );
    return {
      entityRef: ref,
      cluster: this.publicCluster(cluster),
      controllers: value.controllers,
      items: value.items,
      errors,
    };
  }

  // --- actions --------------------------------------------------------------------------------

  async runAction(
    entityRef: string,
    action: string,
    body: unknown,
    credentials: BackstageCredentials,
    audit?: { request?: import('express').Request },
  ): Promise<FluxActionResponse> {
    if (!Object.prototype.hasOwnProperty.call(ACTION_PERMISSIONS, action)) {
      throw new InputError(
        `Unknown action ${action}; use reconcile, suspend or resume`,
      );
    }
    const fluxAction = action as FluxAction;
    const parsed = actionRequestSchema.safeParse(body);
    if (!parsed.success) {
      throw new InputError(
        `Invalid action request: ${parsed.error.issues
          .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
          .join('; ')}`,
      );
    }
    const target = parsed.data as {
      cluster: string;
      kind: FluxKind;
      namespace: string;
      name: string;
    };
    const { entity, ref } = await this.readEntity(
      entityRef,
      credentials,
      ACTION_PERMISSIONS[fluxAction],
    );
    // The router only lets users act; the service token case is for callers of this class.
    let actor = 'unknown';
    if (this.options.auth.isPrincipal(credentials, 'user')) {
      actor = credentials.principal.userEntityRef;
    } else if (this.options.auth.isPrincipal(credentials, 'service')) {
      actor = credentials.principal.subject;
    }
    const description = `${target.kind} ${target.namespace}/${target.name} on ${target.cluster}`;

    const auditEvent = await this.options.auditor?.createEvent({
      eventId: 'flux-action',
      severityLevel: 'medium',
      request: audit?.request,
      meta: { action: fluxAction, entityRef: ref, ...target },
    });
    try {
      await this.assertBelongs(entity, target);
      const requestedAt = this.now().toISOString();
      const patch = patchFor(fluxAction, requestedAt);
      let object = await this.options.fetcher.patchKind(
        target.cluster,
        target.kind,
        target.namespace,
        target.name,
        patch,
      );
      this.invalidate(target.cluster);
      let handled: boolean | undefined;
      if (fluxAction !== 'suspend') {
        const waited = await this.waitForReconcile(target, requestedAt);
        handled = waited.handled;
        object = waited.object ?? object;
      }
      this.options.logger.info(
        `Flux ${fluxAction} of ${description} by ${actor} for ${ref}${
          handled === false ? ' (not yet handled by the controller)' : ''
        }`,
        { action: fluxAction, actor, entityRef: ref, ...target },
      );
      await auditEvent?.success({ meta: { handled } });
      return {
        action: fluxAction,
        ...(fluxAction !== 'suspend' && { requestedAt, handled }),
        object: { ...summariseFluxObject(object, target.cluster) },
      };
    } catch (error) {
      this.options.logger.warn(
        `Flux ${fluxAction} of ${description} by ${actor} for ${ref} failed: ${
          (error as Error).message
        }`,
      );
      await auditEvent?.fail({ error: error as Error });
      throw error;
    }
  }

  /**
   * An entity may act only on objects it claims (its label, its annotation); a cluster entity on
   * anything in its cluster. Objects that merely applied its workloads are shared with others.
   */
  private async assertBelongs(
    entity: Entity,
    target: {
      cluster: string;
      kind: FluxKind;
      namespace: string;
      name: string;
    },
  ) {
    const isCluster =
      entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
      entity.spec?.type === 'kubernetes-cluster';
    const description = `${target.kind} ${target.namespace}/${target.name} on ${target.cluster}`;
    if (isCluster) {
      if (entity.metadata.name !== target.cluster) {
        throw new NotAllowedError(
          `${description} is not on cluster ${entity.metadata.name}`,
        );
      }
      const { object, errors } = await this.options.fetcher.readKind(
        target.cluster,
        target.kind,
        target.namespace,
        target.name,
      );
      if (!object) {
        throw new NotFoundError(
          errors.length
            ? `${description}: ${errors[0].error.message}`
            : `No ${description}`,
        );
      }
      return;
    }
    const clusters = await this.clusters();
    if (!clusters.some(c => c.name === target.cluster)) {
      throw new NotFoundError(`No cluster ${target.cluster}`);
    }
    const { value, errors } = await this.snapshot(target.cluster, entity, true);
    const object = value.objects.find(
      o =>
        o.kind === target.kind &&
        o.namespace === target.namespace &&
        o.name === target.name,
    );
    if (!object) {
      throw new NotFoundError(
        errors.length
          ? `${description} could not be checked: ${errors[0].error.message}`
          : `${description} is not one of ${stringifyEntityRef(
              entity,
            )}'s Flux objects`,
      );
    }
    if (!isActionableOrigin(object.origin)) {
      throw new NotAllowedError(
        `${description} is shared: it is not labelled for ${stringifyEntityRef(
          entity,
        )} nor named in its platform-portal.io/flux-kustomizations annotation (act on it from the cluster's page)`,
      );
    }
  }

  private invalidate(cluster: string) {
    this.snapshots.delete(k => k.startsWith(`${cluster}|`));
    this.clusterViews.delete(k => k === cluster);
  }

  /** Polls until the controller records the request (`status.lastHandledReconcileAt`). */
  private async waitForReconcile(
    target: {
      cluster: string;
      kind: FluxKind;
      namespace: string;
      name: string;
    },
    requestedAt: string,
  ): Promise<{ handled: boolean; object?: FluxObject }> {
    const waitMs = this.options.reconcileWaitMs ?? 20_000;
    const pollMs = this.options.pollIntervalMs ?? 500;
    const deadline = Date.now() + waitMs;
    let last: FluxObject | undefined;
    for (;;) {
      const { object } = await this.options.fetcher.readKind(
        target.cluster,
        target.kind,
        target.namespace,
        target.name,
      );
      if (object) last = object;
      if (object?.status?.lastHandledReconcileAt === requestedAt) {
        return { handled: true, object };
      }
      if (Date.now() + pollMs > deadline)
        return { handled: false, object: last };
      await new Promise(resolve => setTimeout(resolve, pollMs));
    }
  }
}

/** A Flux controller's health from its Deployment. */
function controllerStatus(d: KubeObject): FluxControllerStatus {
  const replicas = typeof d.spec?.replicas === 'number' ? d.spec.replicas : 1;
  const readyReplicas = d.status?.readyReplicas ?? 0;
  const container = (d.spec?.template?.spec?.containers ?? [])[0];
  const image: string | undefined = container?.image;
  const version = image ? parseImage(image).tag : undefined;
  const conditions: any[] = Array.isArray(d.status?.conditions)
    ? d.status!.conditions
    : [];
  const failing = conditions.find(
    c =>
      (c?.type === 'Available' || c?.type === 'Progressing') &&
      c?.status === 'False',
  );
  const ready = readyReplicas >= replicas && replicas > 0 && !failing;
  return {
    name: d.metadata?.name ?? '',
    namespace: d.metadata?.namespace ?? '',
    ready,
    replicas,
    readyReplicas,
    ...(image && { image }),
    ...(version && { version }),
    ...(!ready && {
      message:
        failing?.message ?? `${readyReplicas} of ${replicas} replicas ready`,
    }),
  };
}

/** What each action writes, as the `flux` CLI does. */
function patchFor(action: FluxAction, requestedAt: string) {
  const requestReconcile = {
    metadata: {
      annotations: { 'reconcile.fluxcd.io/requestedAt': requestedAt },
    },
  };
  switch (action) {
    case 'suspend':
      return { spec: { suspend: true } };
    case 'resume':
      return { spec: { suspend: false }, ...requestReconcile };
    default:
      return requestReconcile;
  }
}
