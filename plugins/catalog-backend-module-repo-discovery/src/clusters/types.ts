/** Where a cluster was found. Also the precedence of connection details, first wins. */
export type ClusterSourceKind = 'config' | 'eks' | 'gitops';

/** The GitOps repository that drives a cluster, and what it deploys there. */
export interface DiscoveredClusterGitops {
  /** The repository's component, e.g. `component:default/dokaseca-clusters`. */
  repoEntityRef: string;
  /** The cluster's directory in that repository, e.g. `clusters/prod`. */
  path: string;
  /** Flux Kustomizations found there, as `namespace/name`. */
  fluxKustomizations: string[];
  /** Names of the applications deployed there (`apps/<name>`, `workloads/<name>`). */
  workloads: string[];
}

/** AWS facts of an EKS cluster, and how the Kubernetes plugin authenticates to it. */
export interface DiscoveredClusterAws {
  accountId?: string;
  region?: string;
  /** The EKS cluster name; the token's `x-k8s-aws-id`. */
  eksName?: string;
  arn?: string;
  /** Role the Kubernetes plugin assumes to sign its EKS token. */
  assumeRole?: string;
  /** External id for that role assumption (not a secret, a confused-deputy guard). */
  externalId?: string;
}

/**
 * One Kubernetes cluster as one source sees it, or several sources merged (see
 * {@link mergeClusters}). Never holds secrets: no service account tokens, no client keys.
 */
export interface DiscoveredCluster {
  /** The cluster's name in its source: the config name, the EKS name or the GitOps directory. */
  name: string;
  /** Sources that know the cluster, in precedence order once merged. */
  sources: ClusterSourceKind[];
  /** Human title, when the source has one (the kubernetes config's `title`). */
  title?: string;
  /** Kubernetes API server URL. */
  apiServer?: string;
  /** Base64 PEM of the API server's certificate authority. */
  caData?: string;
  /** The Kubernetes plugin's auth provider: `aws`, `google`, `oidc`, `serviceAccount`, ... */
  authProvider?: string;
  /** For the `oidc` auth provider: which sign-in provider's token is forwarded. */
  oidcTokenProvider?: string;
  skipTLSVerify?: boolean;
  skipMetricsLookup?: boolean;
  dashboardUrl?: string;
  dashboardApp?: string;
  /** dev | staging | prod | ...: normalised, see {@link normalizeEnvironment}. */
  environment?: string;
  /** Kubernetes version, e.g. `1.31`, when the source knows it. */
  kubernetesVersion?: string;
  aws?: DiscoveredClusterAws;
  gitops?: DiscoveredClusterGitops[];
  /** The cluster's cloud tags (EKS tags). */
  tags?: Record<string, string>;
}

/** One place clusters come from: the kubernetes plugin's config, EKS, ... */
export interface ClusterSource {
  /** Identifies the source in logs and in the provider's bookkeeping, e.g. `config`, `eks`. */
  readonly id: string;
  /**
   * Every cluster the source knows now. A source that is partly unavailable returns what it could
   * read and reports the rest (logs, and e.g. {@link EksClusterSource.lastErrors}); it throws only
   * when it can tell nothing at all.
   */
  listClusters(): Promise<DiscoveredCluster[]>;
}
