/**
 * The Flux backend's HTTP API (`/api/flux`): what it serves and the frontend shows.
 * Times are ISO 8601 strings.
 */
import type { TagClass } from '@platform-portal/plugin-container-images-common';
import type {
  ClusterError,
  FluxKind,
  FluxObjectSummary,
  FluxStatus,
} from './types';

/** A cluster as the upstream Kubernetes backend knows it, placed in an environment. */
export interface FluxCluster {
  /** The cluster's name in the Kubernetes backend (for catalog-located clusters, the entity name). */
  name: string;
  title?: string;
  /** `platform-portal.io/environment` of the cluster's catalog entity (`dev`, `staging`, `prod`, …). */
  environment?: string;
  /** The cluster's catalog entity, when there is one (`resource:default/dev-cluster`). */
  entityRef?: string;
  dashboardUrl?: string;
}

/** GET /entity/:kind/:namespace/:name/objects: the entity's Flux objects on every cluster. */
export interface FluxEntityObjectsResponse {
  entityRef: string;
  /** The clusters that were asked, in environment order (dev, staging, prod, then others). */
  clusters: FluxCluster[];
  items: FluxObjectSummary[];
  /** One entry per cluster (or cluster and kind) that could not be read; the others' items are still served. */
  errors: ClusterError[];
}

/** One Flux controller (a Deployment in the Flux namespace) on a cluster. */
export interface FluxControllerStatus {
  /** e.g. `kustomize-controller`. */
  name: string;
  namespace: string;
  ready: boolean;
  replicas: number;
  readyReplicas: number;
  /** The controller's image, e.g. `ghcr.io/fluxcd/kustomize-controller:v1.4.0`. */
  image?: string;
  /** The image tag, e.g. `v1.4.0`. */
  version?: string;
  /** Why it is not ready (the failing Deployment condition), when it is not. */
  message?: string;
}

/** GET /entity/:kind/:namespace/:name/cluster: all Flux objects on a `kubernetes-cluster` resource's cluster. */
export interface FluxClusterViewResponse {
  entityRef: string;
  cluster: FluxCluster;
  /** The Flux controllers found in the Flux namespace (`flux-system` unless configured). */
  controllers: FluxControllerStatus[];
  items: FluxObjectSummary[];
  errors: ClusterError[];
}

/** The scan summary of a running image, from the container-images backend. */
export interface RunningImageScan {
  status: string;
  critical: number;
  high: number;
  medium: number;
  low: number;
}

/** One container of a workload, with the image it actually runs. */
export interface RunningContainer {
  name: string;
  /** As written in the pod spec, e.g. `123456789012.dkr.ecr.eu-central-1.amazonaws.com/shop/orders:1.4.2`. */
  image: string;
  /** The image without tag and digest. */
  repository: string;
  tag?: string;
  digest?: string;
  /** The tag's class (stable, snapshot, moving, other). */
  tagClass?: TagClass;
  /** When the container-images backend knows the image: its scan. */
  scan?: RunningImageScan;
  /** The container-images backend has the image's repository but not this tag or digest. */
  unknownImage?: boolean;
}

/** The health of a workload from its replicas and rollout conditions. */
export interface WorkloadHealth {
  state: 'healthy' | 'progressing' | 'degraded' | 'unknown';
  replicas: number;
  readyReplicas: number;
  updatedReplicas?: number;
  message?: string;
}

/** The Flux object that applied a workload, and the commit it applied. */
export interface AppliedBy {
  kind: FluxKind;
  namespace: string;
  name: string;
  /** e.g. `main@sha1:4f2a…` (Kustomization) or a chart version (HelmRelease). */
  revision?: string;
  /** The commit SHA in the revision, when there is one. */
  commit?: string;
  /** A link to the commit, when the source is a Git repository on a known host. */
  commitUrl?: string;
  /** The source's URL (Git repository, OCI repository, Helm repository). */
  sourceUrl?: string;
  status: FluxStatus;
}

/** One workload of the entity on one cluster: one row of the Deployments view. */
export interface DeploymentRow {
  cluster: FluxCluster;
  namespace: string;
  workload: { kind: 'Deployment' | 'StatefulSet' | 'DaemonSet'; name: string };
  containers: RunningContainer[];
  health: WorkloadHealth;
  /** The Kustomization or HelmRelease whose inventory labels the workload carries. */
  appliedBy?: AppliedBy;
  /** When the workload last changed: the last rollout, else its creation. */
  changedAt?: string;
}

/** GET /entity/:kind/:namespace/:name/deployments: what runs where. */
export interface DeploymentsResponse {
  entityRef: string;
  clusters: FluxCluster[];
  /** Sorted by environment order, then cluster, namespace and workload. */
  rows: DeploymentRow[];
  errors: ClusterError[];
  /** Why image classes and scans are missing, when the container-images backend could not be asked. */
  imagesError?: { name: string; message: string; statusCode?: number };
}

/** What the actions do. */
export type FluxAction = 'reconcile' | 'suspend' | 'resume';

export const FLUX_ACTIONS: FluxAction[] = ['reconcile', 'suspend', 'resume'];

/** POST /entity/:kind/:namespace/:name/actions/:action */
export interface FluxActionRequest {
  cluster: string;
  kind: FluxKind;
  namespace: string;
  name: string;
}

export interface FluxActionResponse {
  action: FluxAction;
  /** The `reconcile.fluxcd.io/requestedAt` written (reconcile and resume). */
  requestedAt?: string;
  /**
   * Reconcile and resume: whether the controller handled the request
   * (`status.lastHandledReconcileAt` reached `requestedAt`) before the backend stopped waiting.
   */
  handled?: boolean;
  /** The object as read after the action. */
  object: FluxObjectSummary;
}
