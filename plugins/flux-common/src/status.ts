import {
  FLUX_SOURCE_KINDS,
  FluxCondition,
  FluxKind,
  FluxObject,
  FluxObjectRef,
  FluxObjectSummary,
  FluxStatus,
  HelmReleaseHistoryEntry,
  ImageRef,
  ImageScanResult,
  isFluxKind,
} from './types';

/**
 * Ready=False reasons that mean "waiting for something else", not a failure of the object
 * itself: the controller requeues and retries on its own. Reported as `progressing`.
 */
export const FLUX_WAITING_REASONS = ['DependencyNotReady'];

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const asObject = (value: unknown): Json => (isObject(value) ? value : {});
const asString = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const asNumber = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
const asArray = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : [];

/** The conditions in `status.conditions`, dropping malformed entries. */
export function getConditions(object: FluxObject): FluxCondition[] {
  return asArray(asObject(object.status).conditions).flatMap(c => {
    const o = asObject(c);
    const type = asString(o.type);
    const status = o.status;
    if (
      !type ||
      (status !== 'True' && status !== 'False' && status !== 'Unknown')
    ) {
      return [];
    }
    return [
      {
        type,
        status,
        reason: asString(o.reason),
        message: asString(o.message),
        lastTransitionTime: asString(o.lastTransitionTime),
        observedGeneration: asNumber(o.observedGeneration),
      },
    ];
  });
}

function fromCondition(
  state: FluxStatus['state'],
  condition: FluxCondition,
  base: Pick<FluxStatus, 'generation' | 'observedGeneration' | 'stale'>,
): FluxStatus {
  return {
    state,
    reason: condition.reason,
    message: condition.message,
    since: condition.lastTransitionTime,
    ...base,
  };
}

/**
 * The status of any Flux object (any kind, any served API version), kstatus-style.
 * The first rule that matches decides:
 *
 * 1. `spec.suspend: true` → `suspended` (reason `Suspended`).
 * 2. no `status`, or `metadata.generation > status.observedGeneration` → `progressing`,
 *    reason `NotObserved`: the conditions describe an older spec.
 * 3. `Stalled=True` → `stalled`.
 * 4. `Reconciling=True` with reason `ProgressingWithRetry` and `Ready=False` (not a waiting
 *    reason) → `failed`, reason and message from Ready: the last attempt failed and the
 *    controller will retry; Flux ≥ 2.2 controllers keep this pair on every failed object, so
 *    treating it as in progress (as kstatus does) would hide every failure.
 *    Any other `Reconciling=True` → `progressing`, reason from Reconciling.
 * 5. `Ready=True` → `ready`.
 * 6. `Ready=False` with a waiting reason (`DependencyNotReady`) → `progressing`.
 * 7. `Ready=False` → `failed`.
 * 8. `Ready=Unknown` → `progressing`.
 * 9. no Ready condition → `unknown`.
 *
 * `stale` is reported whatever the state (a suspended object may be stale too).
 */
export function computeStatus(object: FluxObject): FluxStatus {
  const generation = asNumber(object.metadata?.generation);
  const status = isObject(object.status) ? object.status : undefined;
  const observedGeneration = asNumber(status?.observedGeneration);
  const conditions = getConditions(object);
  const notObserved =
    !status ||
    (observedGeneration === undefined && conditions.length === 0) ||
    (generation !== undefined &&
      observedGeneration !== undefined &&
      generation > observedGeneration);
  const base = { generation, observedGeneration, stale: notObserved };
  const ready = conditions.find(c => c.type === 'Ready');

  if (asObject(object.spec).suspend === true) {
    return {
      state: 'suspended',
      reason: 'Suspended',
      message: 'Reconciliation is suspended (spec.suspend: true).',
      ...base,
    };
  }
  if (notObserved) {
    return {
      state: 'progressing',
      reason: 'NotObserved',
      message: status
        ? `The controller has not yet observed generation ${generation} (observed ${
            observedGeneration ?? 'none'
          }).`
        : 'The controller has not yet reported a status.',
      ...base,
    };
  }
  const stalled = conditions.find(
    c => c.type === 'Stalled' && c.status === 'True',
  );
  if (stalled) return fromCondition('stalled', stalled, base);
  const reconciling = conditions.find(
    c => c.type === 'Reconciling' && c.status === 'True',
  );
  if (reconciling) {
    // A retry after a failed attempt: the failure (Ready=False) is the news, not the retry.
    if (
      reconciling.reason === 'ProgressingWithRetry' &&
      ready?.status === 'False' &&
      !FLUX_WAITING_REASONS.includes(ready.reason ?? '')
    ) {
      return fromCondition('failed', ready, base);
    }
    return fromCondition('progressing', reconciling, base);
  }
  if (!ready) {
    return { state: 'unknown', reason: 'NoReadyCondition', ...base };
  }
  if (ready.status === 'True') return fromCondition('ready', ready, base);
  if (ready.status === 'False') {
    const waiting = FLUX_WAITING_REASONS.includes(ready.reason ?? '');
    return fromCondition(waiting ? 'progressing' : 'failed', ready, base);
  }
  return fromCondition('progressing', ready, base);
}

function toRef(
  value: unknown,
  defaultNamespace?: string,
): FluxObjectRef | undefined {
  const o = asObject(value);
  const name = asString(o.name);
  if (!name) return undefined;
  return {
    kind: asString(o.kind),
    apiVersion: asString(o.apiVersion),
    name,
    namespace: asString(o.namespace) ?? defaultNamespace,
  };
}

const strip = <T extends object>(value: T): T =>
  Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;

function helmHistory(
  object: FluxObject,
  chartName: string | undefined,
): HelmReleaseHistoryEntry[] {
  const status = asObject(object.status);
  const history = asArray(status.history).flatMap(h => {
    const o = asObject(h);
    const name = asString(o.chartName);
    const version = asString(o.chartVersion);
    if (!name || !version) return [];
    return [
      strip<HelmReleaseHistoryEntry>({
        chartName: name,
        chartVersion: version,
        appVersion: asString(o.appVersion),
        status: asString(o.status) ?? 'unknown',
        version: asNumber(o.version),
        digest: asString(o.digest),
        firstDeployed: asString(o.firstDeployed),
        lastDeployed: asString(o.lastDeployed),
      }),
    ];
  });
  if (history.length > 0) return history;
  // v2beta1 keeps no history: the chart version applied and the Helm release revision.
  const applied = asString(status.lastAppliedRevision);
  if (!applied) return [];
  const released = getConditions(object).find(c => c.type === 'Released');
  let releaseStatus = 'unknown';
  if (released?.status === 'True') releaseStatus = 'deployed';
  else if (released?.status === 'False') releaseStatus = 'failed';
  return [
    strip<HelmReleaseHistoryEntry>({
      chartName: chartName ?? asString(status.helmChart) ?? 'unknown',
      chartVersion: applied,
      status: releaseStatus,
      version: asNumber(status.lastReleaseRevision),
    }),
  ];
}

function imageRef(value: unknown): ImageRef | undefined {
  const o = asObject(value);
  const name = asString(o.name);
  const tag = asString(o.tag);
  if (!name || !tag) return undefined;
  return strip({ name, tag, digest: asString(o.digest) });
}

function scanResult(value: unknown): ImageScanResult | undefined {
  const o = asObject(value);
  const tagCount = asNumber(o.tagCount);
  if (tagCount === undefined) return undefined;
  const latestTags = asArray(o.latestTags).filter(
    (t): t is string => typeof t === 'string',
  );
  return strip({
    tagCount,
    scanTime: asString(o.scanTime),
    latestTags: latestTags.length > 0 ? latestTags : undefined,
    revision: asString(o.revision),
  });
}

/**
 * Maps a Flux object (any kind, any served API version) read from `cluster` to the
 * {@link FluxObjectSummary} the backend serves. Throws if the object's kind is not a Flux kind.
 */
export function summariseFluxObject(
  object: FluxObject,
  cluster: string,
): FluxObjectSummary {
  const kind = object.kind;
  if (!isFluxKind(kind)) {
    throw new Error(`Not a Flux kind: ${String(kind)}`);
  }
  const spec = asObject(object.spec);
  const status = asObject(object.status);
  const namespace = asString(object.metadata?.namespace) ?? 'default';
  const summary: FluxObjectSummary = {
    cluster,
    kind,
    apiVersion: asString(object.apiVersion) ?? '',
    namespace,
    name: asString(object.metadata?.name) ?? '',
    status: computeStatus(object),
    conditions: getConditions(object),
    interval: asString(spec.interval),
    suspended: spec.suspend === true,
    lastHandledReconcileAt: asString(status.lastHandledReconcileAt),
    dependsOn: asArray(spec.dependsOn).flatMap(d => {
      const ref = toRef(d, namespace);
      return ref ? [ref] : [];
    }),
  };

  switch (kind as FluxKind) {
    case 'Kustomization':
      summary.sourceRef = toRef(spec.sourceRef, namespace);
      summary.path = asString(spec.path);
      summary.lastAppliedRevision = asString(status.lastAppliedRevision);
      summary.lastAttemptedRevision = asString(status.lastAttemptedRevision);
      break;
    case 'HelmRelease': {
      const chartSpec = asObject(asObject(spec.chart).spec);
      const chartName = asString(chartSpec.chart);
      summary.sourceRef =
        toRef(spec.chartRef, namespace) ??
        toRef(chartSpec.sourceRef, namespace);
      if (chartName) {
        summary.chart = strip({
          name: chartName,
          version: asString(chartSpec.version),
        });
      }
      summary.history = helmHistory(object, chartName);
      // v2beta1 records the applied chart version; v2/v2beta2 keep it in the history.
      summary.lastAppliedRevision =
        asString(status.lastAppliedRevision) ??
        summary.history.find(h => h.status === 'deployed')?.chartVersion;
      summary.lastAttemptedRevision = asString(status.lastAttemptedRevision);
      break;
    }
    case 'ImagePolicy': {
      summary.sourceRef = toRef(spec.imageRepositoryRef, namespace);
      summary.latestRef = imageRef(status.latestRef);
      const ref = summary.latestRef;
      summary.latestImage =
        asString(status.latestImage) ??
        (ref
          ? `${ref.name}:${ref.tag}${ref.digest ? `@${ref.digest}` : ''}`
          : undefined);
      summary.lastAppliedRevision = summary.latestImage;
      break;
    }
    case 'ImageRepository':
      summary.url = asString(spec.image);
      summary.lastScanResult = scanResult(status.lastScanResult);
      summary.lastAppliedRevision = summary.lastScanResult?.revision;
      break;
    case 'ImageUpdateAutomation':
      summary.sourceRef = toRef(spec.sourceRef, namespace);
      summary.lastAppliedRevision = asString(status.lastPushCommit);
      summary.lastAttemptedRevision = asString(status.observedSourceRevision);
      break;
    default: {
      // Sources: the revision of the artifact they serve.
      if (FLUX_SOURCE_KINDS.includes(kind)) {
        summary.lastAppliedRevision = asString(
          asObject(status.artifact).revision,
        );
        summary.url =
          asString(spec.url) ??
          (asString(spec.bucketName)
            ? `${asString(spec.endpoint) ?? ''}/${asString(spec.bucketName)}`
            : undefined);
        if (kind === 'HelmChart') {
          summary.sourceRef = toRef(spec.sourceRef, namespace);
          const name = asString(spec.chart);
          if (name) {
            summary.chart = strip({ name, version: asString(spec.version) });
          }
        }
      }
    }
  }
  return strip(summary);
}
