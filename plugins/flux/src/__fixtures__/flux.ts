import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_FLUX_KUSTOMIZATIONS,
  ANNOTATION_KUBERNETES_ID,
  ClusterError,
  DeploymentRow,
  DeploymentsResponse,
  FLUX_RESOURCES,
  FluxCluster,
  FluxClusterViewResponse,
  FluxEntityObjectsResponse,
  FluxKind,
  FluxObjectSummary,
  FluxState,
  FluxStatus,
} from '@platform-portal/plugin-flux-common';

/**
 * What the flux backend serves for an example service deployed by Flux to three environments:
 * healthy on dev, a failed kustomize build and an edit not yet observed on staging, a failed
 * Helm upgrade and a suspended hotfix on prod, and two clusters that could not be fully read.
 */

export const ENTITY_REF = 'component:default/orders-service';

export const SHA_NEW = '5c2d3e4f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d';
export const SHA_OLD = '1f2e3d4c5b6a79880716253443526170f8e9dacb';
export const SHA_PUSH = '9a8b7c6d5e4f30211f0e9d8c7b6a5f4e3d2c1b0a';
export const DIGEST_DEV =
  'sha256:3b1f0c2d4e5f67890a1b2c3d4e5f67890a1b2c3d4e5f67890a1b2c3d4e5f6789';
export const DIGEST_STABLE =
  'sha256:8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c';

export const REGISTRY = '104729384756.dkr.ecr.eu-central-1.amazonaws.com';
export const ORDERS_IMAGE = `${REGISTRY}/shop/orders-service`;
export const FLEET_URL = 'ssh://git@github.com/orbital-data/fleet.git';
export const commitUrl = (sha: string) =>
  `https://github.com/orbital-data/fleet/commit/${sha}`;

const minutesAgo = (m: number) =>
  new Date(Date.now() - m * 60_000).toISOString();
const hoursAgo = (h: number) => minutesAgo(h * 60);
const daysAgo = (d: number) => hoursAgo(d * 24);

export function entityWith(
  annotations: Record<string, string> = {},
  kind = 'Component',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'orders-service', namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-shop' },
  };
}

/** Workloads labelled `backstage.io/kubernetes-id: orders-service`, and its Kustomization. */
export const serviceEntity = entityWith({
  [ANNOTATION_KUBERNETES_ID]: 'orders-service',
  [ANNOTATION_FLUX_KUSTOMIZATIONS]: 'flux-system/apps',
});

/** Nothing Flux can look up. */
export const plainEntity = entityWith({
  'github.com/project-slug': 'orbital-data/orders-service',
});

/** The dev cluster's catalog entity: the Flux tab's home. */
export const clusterEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'dev-cluster',
    namespace: 'default',
    title: 'Platform dev cluster (orbital-dev)',
    annotations: { 'platform-portal.io/environment': 'dev' },
  },
  spec: { type: 'kubernetes-cluster', owner: 'cloud-infrastructure' },
};
export const CLUSTER_ENTITY_REF = 'resource:default/dev-cluster';

export const devCluster: FluxCluster = {
  name: 'dev-cluster',
  title: 'Platform dev cluster (orbital-dev)',
  environment: 'dev',
  entityRef: CLUSTER_ENTITY_REF,
  dashboardUrl: 'https://k8s-dashboard.dev.platform.orbital-data.example.com',
};
export const stagingCluster: FluxCluster = {
  name: 'staging-cluster',
  title: 'Platform staging cluster (orbital-staging)',
  environment: 'staging',
  entityRef: 'resource:default/staging-cluster',
};
export const prodCluster: FluxCluster = {
  name: 'prod-cluster',
  title: 'Platform production cluster (orbital-prod)',
  environment: 'prod',
  entityRef: 'resource:default/prod-cluster',
};
/** No catalog entity and no environment: a cluster only in the backend's config. */
export const sandboxCluster: FluxCluster = { name: 'sandbox-cluster' };

/** The whole cluster could not be read. */
export const timeoutError: ClusterError = {
  cluster: 'sandbox-cluster',
  error: {
    name: 'TIMEOUT',
    message: 'The cluster did not answer within 10 seconds',
  },
};

/** One kind could not be read: the portal's service account may not list it there. */
export const forbiddenError: ClusterError = {
  cluster: 'staging-cluster',
  kind: 'ImageRepository',
  error: {
    name: 'FORBIDDEN',
    message:
      'imagerepositories.image.toolkit.fluxcd.io is forbidden: User "system:serviceaccount:backstage:portal" cannot list resource "imagerepositories"',
    statusCode: 403,
  },
};

const status = (
  state: FluxState,
  reason: string,
  message: string,
  since: string,
  extra: Partial<FluxStatus> = {},
): FluxStatus => ({
  state,
  reason,
  message,
  since,
  stale: false,
  generation: 3,
  observedGeneration: 3,
  ...extra,
});

/** A Flux object as the backend summarises it, with the defaults of a plain ready one. */
export function fluxObject(
  partial: Partial<FluxObjectSummary> &
    Pick<FluxObjectSummary, 'cluster' | 'kind' | 'namespace' | 'name'>,
): FluxObjectSummary {
  const resource = FLUX_RESOURCES[partial.kind];
  return {
    apiVersion: `${resource.group}/${resource.versions[0]}`,
    status: status(
      'ready',
      'Succeeded',
      'Reconciliation succeeded',
      hoursAgo(1),
    ),
    conditions: [],
    suspended: false,
    dependsOn: [],
    interval: '10m0s',
    // Carries the entity's label: the entity may act on it.
    origin: 'selector',
    ...partial,
  };
}

const gitSource = { kind: 'GitRepository', name: 'flux-system' };

// dev: everything healthy.
export const ksAppsDev = fluxObject({
  cluster: 'dev-cluster',
  kind: 'Kustomization',
  namespace: 'flux-system',
  name: 'apps',
  // Named in the entity's platform-portal.io/flux-kustomizations.
  origin: 'annotation',
  status: status(
    'ready',
    'ReconciliationSucceeded',
    `Applied revision: main@sha1:${SHA_NEW}`,
    hoursAgo(2),
  ),
  sourceRef: { ...gitSource, namespace: 'flux-system' },
  path: './apps/dev',
  lastAppliedRevision: `main@sha1:${SHA_NEW}`,
  lastAttemptedRevision: `main@sha1:${SHA_NEW}`,
  lastHandledReconcileAt: hoursAgo(3),
});

/** Applied the entity's workloads among other components': shown, but read-only here. */
export const ksShopDev = fluxObject({
  cluster: 'dev-cluster',
  kind: 'Kustomization',
  namespace: 'flux-system',
  name: 'shop',
  origin: 'workload',
  status: status(
    'ready',
    'ReconciliationSucceeded',
    `Applied revision: main@sha1:${SHA_NEW}`,
    hoursAgo(2),
  ),
  sourceRef: { ...gitSource, namespace: 'flux-system' },
  path: './shop/dev',
  lastAppliedRevision: `main@sha1:${SHA_NEW}`,
  lastAttemptedRevision: `main@sha1:${SHA_NEW}`,
});

export const hrOrdersDev = fluxObject({
  cluster: 'dev-cluster',
  kind: 'HelmRelease',
  namespace: 'shop',
  name: 'orders-service',
  status: status(
    'ready',
    'UpgradeSucceeded',
    'Helm upgrade succeeded for release shop/orders-service.v7 with chart orders-service@1.4.3',
    hoursAgo(2),
  ),
  sourceRef: {
    kind: 'HelmRepository',
    name: 'orbital-charts',
    namespace: 'shop',
  },
  chart: { name: 'orders-service', version: '1.4.x' },
  history: [
    {
      chartName: 'orders-service',
      chartVersion: '1.4.3',
      appVersion: '1.4.3',
      status: 'deployed',
      version: 7,
      lastDeployed: hoursAgo(2),
    },
    {
      chartName: 'orders-service',
      chartVersion: '1.4.2',
      appVersion: '1.4.2',
      status: 'superseded',
      version: 6,
      lastDeployed: daysAgo(3),
    },
  ],
  lastAppliedRevision: '1.4.3',
  lastAttemptedRevision: '1.4.3',
});

export const gitFleetDev = fluxObject({
  cluster: 'dev-cluster',
  kind: 'GitRepository',
  namespace: 'flux-system',
  name: 'flux-system',
  origin: 'source',
  url: FLEET_URL,
  status: status(
    'ready',
    'Succeeded',
    `stored artifact for revision 'main@sha1:${SHA_NEW}'`,
    hoursAgo(2),
  ),
  lastAppliedRevision: `main@sha1:${SHA_NEW}`,
  interval: '1m0s',
});

export const helmRepoDev = fluxObject({
  cluster: 'dev-cluster',
  kind: 'HelmRepository',
  namespace: 'shop',
  name: 'orbital-charts',
  origin: 'source',
  url: 'https://charts.orbital-data.example.com',
  lastAppliedRevision:
    'sha256:6f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4',
});

export const helmChartDev = fluxObject({
  cluster: 'dev-cluster',
  kind: 'HelmChart',
  namespace: 'shop',
  name: 'shop-orders-service',
  origin: 'source',
  sourceRef: {
    kind: 'HelmRepository',
    name: 'orbital-charts',
    namespace: 'shop',
  },
  chart: { name: 'orders-service', version: '1.4.x' },
  lastAppliedRevision: '1.4.3',
});

export const imageRepoDev = fluxObject({
  cluster: 'dev-cluster',
  kind: 'ImageRepository',
  namespace: 'flux-system',
  name: 'orders-service',
  url: ORDERS_IMAGE,
  status: status(
    'ready',
    'Succeeded',
    'successful scan: found 42 tags',
    minutesAgo(4),
  ),
  lastScanResult: {
    tagCount: 42,
    scanTime: minutesAgo(4),
    latestTags: ['1.4.3', '1.4.3-SNAPSHOT', '1.4.2'],
  },
});

export const imagePolicyDev = fluxObject({
  cluster: 'dev-cluster',
  kind: 'ImagePolicy',
  namespace: 'flux-system',
  name: 'orders-service',
  sourceRef: { name: 'orders-service', namespace: 'flux-system' },
  latestImage: `${ORDERS_IMAGE}:1.4.3`,
  latestRef: { name: ORDERS_IMAGE, tag: '1.4.3' },
  lastAppliedRevision: `${ORDERS_IMAGE}:1.4.3`,
  status: status(
    'ready',
    'Succeeded',
    `Latest image tag for '${ORDERS_IMAGE}' resolved to 1.4.3`,
    hoursAgo(5),
  ),
});

export const imageUpdateDev = fluxObject({
  cluster: 'dev-cluster',
  kind: 'ImageUpdateAutomation',
  namespace: 'flux-system',
  name: 'fleet',
  sourceRef: { ...gitSource, namespace: 'flux-system' },
  lastAppliedRevision: SHA_PUSH,
  status: status('ready', 'Succeeded', `repository up-to-date`, hoursAgo(5)),
});

// staging: a failed build, and an edit the controller has not seen yet.
export const BUILD_FAILED_MESSAGE =
  "kustomize build failed: accumulating resources: accumulation err='accumulating resources from 'hub': '/tmp/kustomization-3021984763/apps/staging/hub' must resolve to a file'";

export const ksAppsStaging = fluxObject({
  cluster: 'staging-cluster',
  kind: 'Kustomization',
  namespace: 'flux-system',
  name: 'apps',
  origin: 'annotation',
  status: status('failed', 'BuildFailed', BUILD_FAILED_MESSAGE, hoursAgo(1)),
  sourceRef: { ...gitSource, namespace: 'flux-system' },
  path: './apps/staging',
  lastAppliedRevision: `main@sha1:${SHA_OLD}`,
  lastAttemptedRevision: `main@sha1:${SHA_NEW}`,
});

export const ksCanaryStaging = fluxObject({
  cluster: 'staging-cluster',
  kind: 'Kustomization',
  namespace: 'flux-system',
  name: 'apps-canary',
  status: status(
    'progressing',
    'NotObserved',
    'The controller has not yet observed generation 5 (observed 4).',
    hoursAgo(6),
    { stale: true, generation: 5, observedGeneration: 4 },
  ),
  sourceRef: { ...gitSource, namespace: 'flux-system' },
  path: './apps/staging-canary',
  lastAppliedRevision: `main@sha1:${SHA_OLD}`,
  lastAttemptedRevision: `main@sha1:${SHA_OLD}`,
});

export const gitFleetStaging = { ...gitFleetDev, cluster: 'staging-cluster' };

// prod: a failed Helm upgrade (the previous release still runs) and a suspended hotfix.
export const UPGRADE_FAILED_MESSAGE =
  'Helm upgrade failed for release shop/orders-service with chart orders-service@1.4.3: context deadline exceeded';

export const ksAppsProd = fluxObject({
  cluster: 'prod-cluster',
  kind: 'Kustomization',
  namespace: 'flux-system',
  name: 'apps',
  origin: 'annotation',
  status: status(
    'ready',
    'ReconciliationSucceeded',
    `Applied revision: main@sha1:${SHA_OLD}`,
    daysAgo(2),
  ),
  sourceRef: { ...gitSource, namespace: 'flux-system' },
  path: './apps/prod',
  lastAppliedRevision: `main@sha1:${SHA_OLD}`,
  lastAttemptedRevision: `main@sha1:${SHA_OLD}`,
});

export const ksHotfixProd = fluxObject({
  cluster: 'prod-cluster',
  kind: 'Kustomization',
  namespace: 'flux-system',
  name: 'orders-hotfix',
  suspended: true,
  status: status(
    'suspended',
    'Suspended',
    'Reconciliation is suspended (spec.suspend: true).',
    daysAgo(1),
  ),
  sourceRef: { ...gitSource, namespace: 'flux-system' },
  path: './hotfix/orders',
  lastAppliedRevision: `main@sha1:${SHA_OLD}`,
});

export const hrOrdersProd = fluxObject({
  cluster: 'prod-cluster',
  kind: 'HelmRelease',
  namespace: 'shop',
  name: 'orders-service',
  status: status(
    'failed',
    'UpgradeFailed',
    UPGRADE_FAILED_MESSAGE,
    hoursAgo(3),
  ),
  sourceRef: {
    kind: 'HelmRepository',
    name: 'orbital-charts',
    namespace: 'shop',
  },
  chart: { name: 'orders-service', version: '1.4.x' },
  history: [
    {
      chartName: 'orders-service',
      chartVersion: '1.4.3',
      appVersion: '1.4.3',
      status: 'failed',
      version: 9,
      lastDeployed: hoursAgo(3),
    },
    {
      chartName: 'orders-service',
      chartVersion: '1.4.2',
      appVersion: '1.4.2',
      status: 'deployed',
      version: 8,
      lastDeployed: daysAgo(3),
    },
  ],
  lastAppliedRevision: '1.4.2',
  lastAttemptedRevision: '1.4.3',
});

export const gitFleetProd = { ...gitFleetDev, cluster: 'prod-cluster' };

export const objectsResponse: FluxEntityObjectsResponse = {
  entityRef: ENTITY_REF,
  clusters: [devCluster, stagingCluster, prodCluster, sandboxCluster],
  items: [
    // Not in display order: the cards order by environment themselves.
    hrOrdersProd,
    ksAppsDev,
    ksShopDev,
    hrOrdersDev,
    gitFleetDev,
    helmRepoDev,
    helmChartDev,
    imageRepoDev,
    imagePolicyDev,
    imageUpdateDev,
    ksAppsStaging,
    ksCanaryStaging,
    gitFleetStaging,
    ksAppsProd,
    ksHotfixProd,
    gitFleetProd,
  ],
  errors: [timeoutError, forbiddenError],
};

export const emptyObjectsResponse: FluxEntityObjectsResponse = {
  entityRef: ENTITY_REF,
  clusters: [devCluster, stagingCluster, prodCluster],
  items: [],
  errors: [],
};

// Deployments: what runs where.
export const devRow: DeploymentRow = {
  cluster: devCluster,
  namespace: 'shop',
  workload: { kind: 'Deployment', name: 'orders-service' },
  containers: [
    {
      name: 'orders-service',
      image: `${ORDERS_IMAGE}:1.4.3-SNAPSHOT@${DIGEST_DEV}`,
      repository: ORDERS_IMAGE,
      tag: '1.4.3-SNAPSHOT',
      digest: DIGEST_DEV,
      tagClass: 'snapshot',
      scan: { status: 'COMPLETE', critical: 0, high: 2, medium: 4, low: 9 },
    },
    {
      name: 'istio-proxy',
      image: 'docker.io/istio/proxyv2:1.22.1',
      repository: 'docker.io/istio/proxyv2',
      tag: '1.22.1',
      tagClass: 'stable',
      unknownImage: true,
    },
  ],
  health: {
    state: 'healthy',
    replicas: 2,
    readyReplicas: 2,
    updatedReplicas: 2,
  },
  appliedBy: {
    kind: 'Kustomization',
    namespace: 'flux-system',
    name: 'apps',
    revision: `main@sha1:${SHA_NEW}`,
    commit: SHA_NEW,
    commitUrl: commitUrl(SHA_NEW),
    sourceUrl: FLEET_URL,
    status: ksAppsDev.status,
  },
  changedAt: hoursAgo(2),
};

export const stagingRow: DeploymentRow = {
  cluster: stagingCluster,
  namespace: 'shop',
  workload: { kind: 'Deployment', name: 'orders-service' },
  containers: [
    {
      name: 'orders-service',
      image: `${ORDERS_IMAGE}:1.4.2`,
      repository: ORDERS_IMAGE,
      tag: '1.4.2',
      digest: DIGEST_STABLE,
      tagClass: 'stable',
      scan: { status: 'COMPLETE', critical: 1, high: 3, medium: 2, low: 0 },
    },
  ],
  health: {
    state: 'progressing',
    replicas: 2,
    readyReplicas: 1,
    updatedReplicas: 1,
    message:
      'Waiting for deployment "orders-service" rollout to finish: 1 of 2 updated replicas are available',
  },
  appliedBy: {
    kind: 'Kustomization',
    namespace: 'flux-system',
    name: 'apps',
    revision: `main@sha1:${SHA_OLD}`,
    commit: SHA_OLD,
    commitUrl: commitUrl(SHA_OLD),
    status: ksAppsStaging.status,
  },
  changedAt: hoursAgo(26),
};

export const prodRow: DeploymentRow = {
  cluster: prodCluster,
  namespace: 'shop',
  workload: { kind: 'Deployment', name: 'orders-service' },
  containers: [
    {
      name: 'orders-service',
      image: `${ORDERS_IMAGE}:1.4.2`,
      repository: ORDERS_IMAGE,
      tag: '1.4.2',
      digest: DIGEST_STABLE,
      tagClass: 'stable',
      scan: { status: 'COMPLETE', critical: 0, high: 0, medium: 3, low: 5 },
    },
  ],
  health: {
    state: 'degraded',
    replicas: 3,
    readyReplicas: 1,
    updatedReplicas: 3,
    message: 'Deployment does not have minimum availability.',
  },
  appliedBy: {
    kind: 'HelmRelease',
    namespace: 'shop',
    name: 'orders-service',
    revision: '1.4.2',
    sourceUrl: 'https://charts.orbital-data.example.com',
    status: hrOrdersProd.status,
  },
  changedAt: daysAgo(3),
};

/** A workload Flux did not apply (no inventory labels), with an image the registry lacks. */
export const prodCacheRow: DeploymentRow = {
  cluster: prodCluster,
  namespace: 'shop',
  workload: { kind: 'StatefulSet', name: 'orders-cache' },
  containers: [
    {
      name: 'redis',
      image: 'redis:7.2',
      repository: 'redis',
      tag: '7.2',
      tagClass: 'other',
      unknownImage: true,
    },
  ],
  health: { state: 'healthy', replicas: 1, readyReplicas: 1 },
  changedAt: daysAgo(30),
};

export const deploymentsResponse: DeploymentsResponse = {
  entityRef: ENTITY_REF,
  clusters: [devCluster, stagingCluster, prodCluster, sandboxCluster],
  rows: [devRow, stagingRow, prodRow, prodCacheRow],
  errors: [timeoutError],
};

export const emptyDeploymentsResponse: DeploymentsResponse = {
  entityRef: ENTITY_REF,
  clusters: [devCluster, stagingCluster, prodCluster],
  rows: [],
  errors: [],
};

// The dev cluster's Flux tab.
export const controllers: FluxClusterViewResponse['controllers'] = [
  ['source-controller', 'v1.4.1'],
  ['kustomize-controller', 'v1.4.0'],
  ['helm-controller', 'v1.1.0'],
  ['notification-controller', 'v1.4.0'],
  ['image-automation-controller', 'v0.39.0'],
].map(([name, version]) => ({
  name,
  namespace: 'flux-system',
  ready: true,
  replicas: 1,
  readyReplicas: 1,
  image: `ghcr.io/fluxcd/${name}:${version}`,
  version,
}));

export const notReadyController = {
  name: 'image-reflector-controller',
  namespace: 'flux-system',
  ready: false,
  replicas: 1,
  readyReplicas: 0,
  image: 'ghcr.io/fluxcd/image-reflector-controller:v0.33.0',
  version: 'v0.33.0',
  message: 'Deployment does not have minimum availability.',
};

/** On the cluster page everything is the cluster's, to act on with its permission. */
const onDev = (object: FluxObjectSummary): FluxObjectSummary => ({
  ...object,
  cluster: 'dev-cluster',
  origin: 'cluster',
});

export const ksInfraFailedDev = fluxObject({
  cluster: 'dev-cluster',
  kind: 'Kustomization',
  namespace: 'flux-system',
  name: 'infrastructure',
  status: status(
    'failed',
    'HealthCheckFailed',
    'health check failed after 5m0s: timeout waiting for: [Deployment/cert-manager/cert-manager status: InProgress]',
    minutesAgo(20),
  ),
  sourceRef: { ...gitSource, namespace: 'flux-system' },
  path: './infrastructure/dev',
  lastAppliedRevision: `main@sha1:${SHA_OLD}`,
  lastAttemptedRevision: `main@sha1:${SHA_NEW}`,
});

export const clusterViewResponse: FluxClusterViewResponse = {
  entityRef: CLUSTER_ENTITY_REF,
  cluster: devCluster,
  controllers: [...controllers, notReadyController],
  items: [
    ksAppsDev,
    ksInfraFailedDev,
    ksCanaryStaging,
    ksHotfixProd,
    hrOrdersDev,
    gitFleetDev,
    helmRepoDev,
    helmChartDev,
    imageRepoDev,
    imagePolicyDev,
    imageUpdateDev,
  ].map(onDev),
  errors: [
    {
      cluster: 'dev-cluster',
      kind: 'Bucket',
      error: {
        name: 'NO_SERVED_VERSION',
        message:
          'The cluster serves none of source.toolkit.fluxcd.io/v1, v1beta2 for buckets',
      },
    },
  ],
};

const GENERATED_KINDS: FluxKind[] = [
  'Kustomization',
  'HelmRelease',
  'GitRepository',
  'HelmRepository',
  'HelmChart',
];

/**
 * `count` objects on the dev cluster, as a large multi-tenant cluster has: every 10th failed,
 * every 25th suspended, the rest ready. Names are `app-000`, `app-001`, …
 */
export function generateClusterObjects(count: number): FluxObjectSummary[] {
  return Array.from({ length: count }, (_, i) => {
    const kind = GENERATED_KINDS[i % GENERATED_KINDS.length];
    const name = `app-${String(i).padStart(3, '0')}`;
    let objectStatus = status(
      'ready',
      'ReconciliationSucceeded',
      `Applied revision: main@sha1:${SHA_NEW}`,
      hoursAgo(i % 48),
    );
    if (i % 25 === 0) {
      objectStatus = status(
        'suspended',
        'Suspended',
        'Reconciliation is suspended (spec.suspend: true).',
        daysAgo(1),
      );
    } else if (i % 10 === 0) {
      objectStatus = status(
        'failed',
        'ReconciliationFailed',
        `${name} failed`,
        hoursAgo(1),
      );
    }
    return fluxObject({
      cluster: 'dev-cluster',
      origin: 'cluster',
      kind,
      namespace: `team-${i % 7}`,
      name,
      status: objectStatus,
      suspended: objectStatus.state === 'suspended',
      sourceRef: { kind: 'GitRepository', name: 'flux-system' },
      lastAppliedRevision: `main@sha1:${SHA_NEW}`,
    });
  });
}
