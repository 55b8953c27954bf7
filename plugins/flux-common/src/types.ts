/** The Flux kinds the plugin reads. */
export type FluxKind =
  | 'Kustomization'
  | 'HelmRelease'
  | 'GitRepository'
  | 'OCIRepository'
  | 'HelmRepository'
  | 'HelmChart'
  | 'Bucket'
  | 'ImageRepository'
  | 'ImagePolicy'
  | 'ImageUpdateAutomation';

/** Where a Flux kind is served: its API group, plural and versions, preferred first. */
export interface FluxResource {
  kind: FluxKind;
  group: string;
  plural: string;
  /**
   * API versions in preference order. The backend asks for the first one the cluster serves;
   * a cluster serving none of them is reported as a {@link ClusterError}.
   */
  versions: string[];
}

const KUSTOMIZE_GROUP = 'kustomize.toolkit.fluxcd.io';
const HELM_GROUP = 'helm.toolkit.fluxcd.io';
const SOURCE_GROUP = 'source.toolkit.fluxcd.io';
const IMAGE_GROUP = 'image.toolkit.fluxcd.io';

/**
 * Versions per kind:
 * - kustomize v1 (Flux 2.0+), then v1beta2 (older Flux);
 * - helm v2 (Flux 2.3+), v2beta2 (2.2), v2beta1 (≤ 2.1);
 * - source v1: GitRepository/HelmRepository from Flux 2.0, HelmChart/Bucket from 2.3,
 *   OCIRepository from 2.6 (v1beta2 before);
 * - image v1 (Flux 2.7+), v1beta2, v1beta1.
 */
export const FLUX_RESOURCES: Record<FluxKind, FluxResource> = {
  Kustomization: {
    kind: 'Kustomization',
    group: KUSTOMIZE_GROUP,
    plural: 'kustomizations',
    versions: ['v1', 'v1beta2'],
  },
  HelmRelease: {
    kind: 'HelmRelease',
    group: HELM_GROUP,
    plural: 'helmreleases',
    versions: ['v2', 'v2beta2', 'v2beta1'],
  },
  GitRepository: {
    kind: 'GitRepository',
    group: SOURCE_GROUP,
    plural: 'gitrepositories',
    versions: ['v1', 'v1beta2'],
  },
  OCIRepository: {
    kind: 'OCIRepository',
    group: SOURCE_GROUP,
    plural: 'ocirepositories',
    versions: ['v1', 'v1beta2'],
  },
  HelmRepository: {
    kind: 'HelmRepository',
    group: SOURCE_GROUP,
    plural: 'helmrepositories',
    versions: ['v1', 'v1beta2'],
  },
  HelmChart: {
    kind: 'HelmChart',
    group: SOURCE_GROUP,
    plural: 'helmcharts',
    versions: ['v1', 'v1beta2'],
  },
  Bucket: {
    kind: 'Bucket',
    group: SOURCE_GROUP,
    plural: 'buckets',
    versions: ['v1', 'v1beta2'],
  },
  ImageRepository: {
    kind: 'ImageRepository',
    group: IMAGE_GROUP,
    plural: 'imagerepositories',
    versions: ['v1', 'v1beta2', 'v1beta1'],
  },
  ImagePolicy: {
    kind: 'ImagePolicy',
    group: IMAGE_GROUP,
    plural: 'imagepolicies',
    versions: ['v1', 'v1beta2', 'v1beta1'],
  },
  ImageUpdateAutomation: {
    kind: 'ImageUpdateAutomation',
    group: IMAGE_GROUP,
    plural: 'imageupdateautomations',
    versions: ['v1', 'v1beta2', 'v1beta1'],
  },
};

/** All Flux kinds, in display order (appliers, then sources, then image automation). */
export const FLUX_KINDS = Object.keys(FLUX_RESOURCES) as FluxKind[];

/** The source kinds, whose revision is `status.artifact.revision`. */
export const FLUX_SOURCE_KINDS: FluxKind[] = [
  'GitRepository',
  'OCIRepository',
  'HelmRepository',
  'HelmChart',
  'Bucket',
];

/** Whether a string is one of the {@link FluxKind}s. */
export function isFluxKind(kind: unknown): kind is FluxKind {
  return (
    typeof kind === 'string' &&
    Object.prototype.hasOwnProperty.call(FLUX_RESOURCES, kind)
  );
}

/** The state of a Flux object, computed kstatus-style (see `computeStatus`). */
export type FluxState =
  | 'ready'
  | 'progressing'
  | 'failed'
  | 'stalled'
  | 'suspended'
  | 'unknown';

export interface FluxStatus {
  state: FluxState;
  /** The reason of the deciding condition, or `Suspended` / `NotObserved`. */
  reason?: string;
  message?: string;
  observedGeneration?: number;
  generation?: number;
  /** The controller has not yet observed the current spec (`generation > observedGeneration`, or no status). */
  stale: boolean;
  /** `lastTransitionTime` of the deciding condition. */
  since?: string;
}

/** A Kubernetes condition as Flux writes it. */
export interface FluxCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

/** A reference to another Flux object (source, dependency). */
export interface FluxObjectRef {
  kind?: string;
  apiVersion?: string;
  namespace?: string;
  name: string;
}

/** One Helm release revision of a HelmRelease. */
export interface HelmReleaseHistoryEntry {
  chartName: string;
  chartVersion: string;
  appVersion?: string;
  /** Helm's release status: `deployed`, `superseded`, `failed`, … (`unknown` when not recorded). */
  status: string;
  /** The Helm release revision. */
  version?: number;
  digest?: string;
  firstDeployed?: string;
  lastDeployed?: string;
}

/** `status.lastScanResult` of an ImageRepository. */
export interface ImageScanResult {
  tagCount: number;
  scanTime?: string;
  latestTags?: string[];
  revision?: string;
}

/** `status.latestRef` of an ImagePolicy (image.toolkit.fluxcd.io/v1). */
export interface ImageRef {
  name: string;
  tag: string;
  digest?: string;
}

/**
 * Why an object is shown for an entity:
 * - `selector`: it carries the entity's label (`backstage.io/kubernetes-id` or label selector);
 * - `annotation`: the entity names it in `platform-portal.io/flux-kustomizations`;
 * - `workload`: it applied one of the entity's workloads (inventory labels), maybe among others';
 * - `source`: it is the source of one of the above;
 * - `cluster`: the cluster page lists everything.
 *
 * Only `selector`, `annotation` and `cluster` objects can be acted on from the page they are shown
 * on: the others are shared with other components.
 */
export type FluxObjectOrigin =
  | 'selector'
  | 'annotation'
  | 'workload'
  | 'source'
  | 'cluster';

/** Whether an object of this origin can be acted on (reconcile, suspend, resume) from its page. */
export function isActionableOrigin(origin: FluxObjectOrigin | undefined) {
  return (
    origin === 'selector' || origin === 'annotation' || origin === 'cluster'
  );
}

/** What the backend serves about one Flux object, for every kind and served API version. */
export interface FluxObjectSummary {
  cluster: string;
  /** Why the object is in the response; see {@link FluxObjectOrigin}. */
  origin?: FluxObjectOrigin;
  kind: FluxKind;
  apiVersion: string;
  namespace: string;
  name: string;
  status: FluxStatus;
  conditions: FluxCondition[];
  /** Kustomization `spec.sourceRef`; HelmRelease `spec.chartRef` or `spec.chart.spec.sourceRef`; HelmChart `spec.sourceRef`; ImageUpdateAutomation `spec.sourceRef`; ImagePolicy `spec.imageRepositoryRef`. */
  sourceRef?: FluxObjectRef;
  interval?: string;
  suspended: boolean;
  /** The revision in effect: applied (Kustomization, HelmRelease), artifact (sources), pushed commit (ImageUpdateAutomation), latest image (ImagePolicy). */
  lastAppliedRevision?: string;
  /** The revision last tried (Kustomization, HelmRelease); differs from the applied one when that failed. */
  lastAttemptedRevision?: string;
  /**
   * Links to the commits of the applied and attempted revisions, when they name a commit of a Git
   * repository on a host the backend knows (its own URL for a GitRepository, its source's for a
   * Kustomization or ImageUpdateAutomation).
   */
  lastAppliedCommitUrl?: string;
  lastAttemptedCommitUrl?: string;
  /** `status.lastHandledReconcileAt`: the last `reconcile.fluxcd.io/requestedAt` handled. */
  lastHandledReconcileAt?: string;
  dependsOn: FluxObjectRef[];
  /** Kustomization `spec.path`. */
  path?: string;
  /** Source URL (Git, OCI, Helm repositories; Bucket endpoint/bucketName). */
  url?: string;
  /** HelmRelease / HelmChart: chart name and requested version. */
  chart?: { name: string; version?: string };
  /** HelmRelease: release history, most recent first. */
  history?: HelmReleaseHistoryEntry[];
  /** ImagePolicy: the selected image, `name:tag` (or `name:tag@digest`). */
  latestImage?: string;
  latestRef?: ImageRef;
  /** ImageRepository: the last scan. */
  lastScanResult?: ImageScanResult;
}

/**
 * A failure to read one kind (or all kinds) from one cluster, modelled on the
 * kubernetes-backend's fetch errors: one broken cluster does not hide the others.
 */
export interface ClusterError {
  cluster: string;
  kind?: FluxKind;
  error: {
    /** e.g. `UNAUTHORIZED_ERROR`, `NOT_FOUND`, `SYSTEM_ERROR`, `UNKNOWN_ERROR`, `NO_SERVED_VERSION`. */
    name: string;
    message: string;
    statusCode?: number;
  };
}

/** A Flux object as read from the Kubernetes API (any served version). */
export interface FluxObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    generation?: number;
    [key: string]: unknown;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}
