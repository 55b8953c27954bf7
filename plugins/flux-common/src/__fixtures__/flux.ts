import { FluxObject } from '../types';

/**
 * Flux objects as the controllers write them (Flux 2.x), for tests. Every fixture is validated
 * against its CRD schema (see `fixtures.test.ts`).
 */

const SHA = '5c2d3e4f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d';
const OLD_SHA = '1f2e3d4c5b6a79880716253443526170f8e9dacb';

export const kustomizationHealthy: FluxObject = {
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: {
    name: 'apps',
    namespace: 'flux-system',
    generation: 3,
    uid: '0b7c4f0a-7d9e-4c41-9a63-1b0f7c6a2e11',
  },
  spec: {
    interval: '10m0s',
    path: './apps/production',
    prune: true,
    sourceRef: { kind: 'GitRepository', name: 'flux-system' },
    dependsOn: [{ name: 'infrastructure' }],
    timeout: '5m0s',
    wait: true,
  },
  status: {
    observedGeneration: 3,
    lastAppliedRevision: `main@sha1:${SHA}`,
    lastAttemptedRevision: `main@sha1:${SHA}`,
    lastHandledReconcileAt: '2025-06-02T09:14:03.218Z',
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'ReconciliationSucceeded',
        message: `Applied revision: main@sha1:${SHA}`,
        lastTransitionTime: '2025-06-02T09:14:07Z',
        observedGeneration: 3,
      },
      {
        type: 'Healthy',
        status: 'True',
        reason: 'Succeeded',
        message: 'Health check passed in 2.107s',
        lastTransitionTime: '2025-06-02T09:14:07Z',
        observedGeneration: 3,
      },
    ],
  },
};

/** kustomize build failed; the controller retries (Reconciling=True ProgressingWithRetry). */
export const kustomizationBuildFailed: FluxObject = {
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'apps-jupyter', namespace: 'flux-system', generation: 2 },
  spec: {
    interval: '10m0s',
    path: './apps/jupyter',
    prune: true,
    sourceRef: { kind: 'GitRepository', name: 'flux-system' },
  },
  status: {
    observedGeneration: 2,
    lastAppliedRevision: `main@sha1:${OLD_SHA}`,
    lastAttemptedRevision: `main@sha1:${SHA}`,
    conditions: [
      {
        type: 'Reconciling',
        status: 'True',
        reason: 'ProgressingWithRetry',
        message:
          'Detecting drift for revision main@sha1:5c2d3e4f with a timeout of 5m0s',
        lastTransitionTime: '2025-06-02T10:01:12Z',
        observedGeneration: 2,
      },
      {
        type: 'Ready',
        status: 'False',
        reason: 'BuildFailed',
        message:
          "kustomize build failed: accumulating resources: accumulation err='accumulating resources from 'hub': '/tmp/kustomization-3021984763/apps/jupyter/hub' must resolve to a file': evalsymlink failure on '/tmp/kustomization-3021984763/apps/jupyter/hub' : lstat /tmp/kustomization-3021984763/apps/jupyter/hub: no such file or directory",
        lastTransitionTime: '2025-06-02T10:01:12Z',
        observedGeneration: 2,
      },
    ],
  },
};

/** The same failure once the retry window has no Reconciling condition (older controllers). */
export const kustomizationFailed: FluxObject = {
  ...kustomizationBuildFailed,
  status: {
    ...kustomizationBuildFailed.status,
    conditions: [(kustomizationBuildFailed.status!.conditions as object[])[1]],
  },
};

export const kustomizationDependencyNotReady: FluxObject = {
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'apps-datacube', namespace: 'flux-system', generation: 1 },
  spec: {
    interval: '10m0s',
    path: './apps/datacube',
    prune: true,
    sourceRef: { kind: 'GitRepository', name: 'flux-system' },
    dependsOn: [
      { name: 'infrastructure' },
      { name: 'monitoring', namespace: 'observability' },
    ],
  },
  status: {
    observedGeneration: 1,
    conditions: [
      {
        type: 'Ready',
        status: 'False',
        reason: 'DependencyNotReady',
        message: "dependency 'flux-system/infrastructure' is not ready",
        lastTransitionTime: '2025-06-02T10:05:40Z',
        observedGeneration: 1,
      },
    ],
  },
};

/** Being applied right now: Reconciling=True, Ready=Unknown. */
export const kustomizationProgressing: FluxObject = {
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'infrastructure', namespace: 'flux-system', generation: 4 },
  spec: {
    interval: '1h0m0s',
    path: './infrastructure',
    prune: true,
    sourceRef: { kind: 'GitRepository', name: 'flux-system' },
  },
  status: {
    observedGeneration: 4,
    lastAppliedRevision: `main@sha1:${OLD_SHA}`,
    lastAttemptedRevision: `main@sha1:${SHA}`,
    conditions: [
      {
        type: 'Reconciling',
        status: 'True',
        reason: 'Progressing',
        message: `Building manifests for revision main@sha1:${SHA} with a timeout of 9m30s`,
        lastTransitionTime: '2025-06-02T10:10:00Z',
        observedGeneration: 4,
      },
      {
        type: 'Ready',
        status: 'Unknown',
        reason: 'Progressing',
        message: 'Reconciliation in progress',
        lastTransitionTime: '2025-06-02T10:10:00Z',
        observedGeneration: 4,
      },
    ],
  },
};

export const kustomizationSuspended: FluxObject = {
  ...kustomizationHealthy,
  metadata: { ...kustomizationHealthy.metadata, name: 'monitoring' },
  spec: { ...kustomizationHealthy.spec, suspend: true },
};

/** Kustomization v1beta2 (Flux < 2.0): revisions are `<branch>/<sha>`. */
export const kustomizationV1beta2: FluxObject = {
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1beta2',
  kind: 'Kustomization',
  metadata: {
    name: 'apps-geo-services',
    namespace: 'flux-system',
    generation: 7,
  },
  spec: {
    interval: '5m0s',
    path: './apps/geo',
    prune: true,
    validation: 'client',
    sourceRef: { kind: 'GitRepository', name: 'flux-system' },
  },
  status: {
    observedGeneration: 7,
    lastAppliedRevision: `main/${SHA}`,
    lastAttemptedRevision: `main/${SHA}`,
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'ReconciliationSucceeded',
        message: `Applied revision: main/${SHA}`,
        lastTransitionTime: '2023-03-14T08:00:12Z',
      },
    ],
  },
};

export const helmReleaseHealthy: FluxObject = {
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  metadata: { name: 'podinfo', namespace: 'podinfo', generation: 2 },
  spec: {
    interval: '30m0s',
    releaseName: 'podinfo',
    chart: {
      spec: {
        chart: 'podinfo',
        version: '6.x',
        sourceRef: {
          kind: 'HelmRepository',
          name: 'podinfo',
          namespace: 'flux-system',
        },
        interval: '12h0m0s',
      },
    },
    dependsOn: [{ name: 'cert-manager', namespace: 'cert-manager' }],
    values: { replicaCount: 2 },
  },
  status: {
    observedGeneration: 2,
    helmChart: 'flux-system/podinfo-podinfo',
    lastAttemptedRevision: '6.5.4',
    lastAttemptedValuesChecksum:
      'sha256:2ed1b0d1a8b3f0e2f1dd7c4e2b1a5e7f3f8a1e44b0e5ab0c3f6d1b7a2c9e8f01',
    lastAttemptedGeneration: 2,
    lastAttemptedConfigDigest:
      'sha256:0c1d8e2e52a5f0a4c5b65cc0a6f5c4e8d8f2a0d39b1c6d2a8e4f9b0c7d3e1a25',
    lastAttemptedReleaseAction: 'upgrade',
    lastHandledReconcileAt: '2025-06-02T08:00:00Z',
    storageNamespace: 'podinfo',
    history: [
      {
        name: 'podinfo',
        namespace: 'podinfo',
        version: 2,
        status: 'deployed',
        chartName: 'podinfo',
        chartVersion: '6.5.4',
        appVersion: '6.5.4',
        configDigest:
          'sha256:0c1d8e2e52a5f0a4c5b65cc0a6f5c4e8d8f2a0d39b1c6d2a8e4f9b0c7d3e1a25',
        digest:
          'sha256:a7d3bd2f0b1cd8e4e8f9c3b0d6a1e2f5c7b9d0e3f4a5b6c7d8e9f0a1b2c3d4e5',
        firstDeployed: '2025-05-20T12:00:03Z',
        lastDeployed: '2025-06-02T08:00:11Z',
      },
      {
        name: 'podinfo',
        namespace: 'podinfo',
        version: 1,
        status: 'superseded',
        chartName: 'podinfo',
        chartVersion: '6.5.3',
        appVersion: '6.5.3',
        configDigest:
          'sha256:9f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8',
        digest:
          'sha256:1e2d3c4b5a69788796a5b4c3d2e1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3',
        firstDeployed: '2025-05-20T12:00:03Z',
        lastDeployed: '2025-05-20T12:00:03Z',
      },
    ],
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'UpgradeSucceeded',
        message:
          'Helm upgrade succeeded for release podinfo/podinfo.v2 with chart podinfo@6.5.4',
        lastTransitionTime: '2025-06-02T08:00:12Z',
        observedGeneration: 2,
      },
      {
        type: 'Released',
        status: 'True',
        reason: 'UpgradeSucceeded',
        message:
          'Helm upgrade succeeded for release podinfo/podinfo.v2 with chart podinfo@6.5.4',
        lastTransitionTime: '2025-06-02T08:00:12Z',
        observedGeneration: 2,
      },
    ],
  },
};

export const helmReleaseStalled: FluxObject = {
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  metadata: { name: 'jupyterhub', namespace: 'jupyter', generation: 1 },
  spec: {
    interval: '10m0s',
    chartRef: {
      kind: 'OCIRepository',
      name: 'jupyterhub',
      namespace: 'flux-system',
    },
  },
  status: {
    observedGeneration: 1,
    conditions: [
      {
        type: 'Stalled',
        status: 'True',
        reason: 'InvalidChartReference',
        message:
          'could not get HelmChart object: the HelmRelease references an OCIRepository that does not exist: ocirepositories.source.toolkit.fluxcd.io "jupyterhub" not found',
        lastTransitionTime: '2025-06-02T10:20:00Z',
        observedGeneration: 1,
      },
      {
        type: 'Ready',
        status: 'False',
        reason: 'InvalidChartReference',
        message:
          'could not get HelmChart object: the HelmRelease references an OCIRepository that does not exist: ocirepositories.source.toolkit.fluxcd.io "jupyterhub" not found',
        lastTransitionTime: '2025-06-02T10:20:00Z',
        observedGeneration: 1,
      },
    ],
  },
};

/** Created, not yet seen by the helm-controller. */
export const helmReleaseNoStatus: FluxObject = {
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  metadata: { name: 'grafana', namespace: 'monitoring', generation: 1 },
  spec: {
    interval: '1h',
    chart: {
      spec: {
        chart: 'grafana',
        version: '8.5.1',
        sourceRef: {
          kind: 'HelmRepository',
          name: 'grafana',
          namespace: 'flux-system',
        },
      },
    },
  },
};

/** HelmRelease v2beta1 (Flux ≤ 2.1): no history; `lastAppliedRevision` is the chart version. */
export const helmReleaseV2beta1: FluxObject = {
  apiVersion: 'helm.toolkit.fluxcd.io/v2beta1',
  kind: 'HelmRelease',
  metadata: {
    name: 'ingress-nginx',
    namespace: 'ingress-nginx',
    generation: 5,
  },
  spec: {
    interval: '1h0m0s',
    chart: {
      spec: {
        chart: 'ingress-nginx',
        version: '>=4.8.0 <5.0.0',
        sourceRef: {
          kind: 'HelmRepository',
          name: 'ingress-nginx',
          namespace: 'flux-system',
        },
      },
    },
  },
  status: {
    observedGeneration: 5,
    helmChart: 'flux-system/ingress-nginx-ingress-nginx',
    lastAppliedRevision: '4.8.3',
    lastAttemptedRevision: '4.8.3',
    lastAttemptedValuesChecksum: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
    lastReleaseRevision: 3,
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'ReconciliationSucceeded',
        message: 'Release reconciliation succeeded',
        lastTransitionTime: '2023-11-02T14:21:09Z',
      },
      {
        type: 'Released',
        status: 'True',
        reason: 'UpgradeSucceeded',
        message: 'Helm upgrade succeeded',
        lastTransitionTime: '2023-11-02T14:21:09Z',
      },
    ],
  },
};

const artifact = (revision: string, path: string) => ({
  digest:
    'sha256:3b6f0e5f5a2a4fd2b1e0c8d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7',
  lastUpdateTime: '2025-06-02T09:13:58Z',
  path,
  revision,
  size: 48213,
  url: `http://source-controller.flux-system.svc.cluster.local./${path}`,
});

const readyCondition = (message: string, generation: number) => ({
  type: 'Ready',
  status: 'True',
  reason: 'Succeeded',
  message,
  lastTransitionTime: '2025-06-02T09:13:58Z',
  observedGeneration: generation,
});

/** `generation` moved on (a spec edit) but the controller has not observed it yet. */
export const gitRepositoryStale: FluxObject = {
  apiVersion: 'source.toolkit.fluxcd.io/v1',
  kind: 'GitRepository',
  metadata: { name: 'flux-system', namespace: 'flux-system', generation: 5 },
  spec: {
    interval: '1m0s',
    url: 'ssh://git@github.com/piksel/platform',
    ref: { branch: 'main' },
    secretRef: { name: 'flux-system' },
    timeout: '60s',
  },
  status: {
    observedGeneration: 4,
    artifact: artifact(
      `main@sha1:${SHA}`,
      `gitrepository/flux-system/flux-system/${SHA}.tar.gz`,
    ),
    conditions: [
      readyCondition(`stored artifact for revision 'main@sha1:${SHA}'`, 4),
      {
        type: 'ArtifactInStorage',
        status: 'True',
        reason: 'Succeeded',
        message: `stored artifact for revision 'main@sha1:${SHA}'`,
        lastTransitionTime: '2025-06-02T09:13:58Z',
        observedGeneration: 4,
      },
    ],
  },
};

/** OCIRepository v1beta2 (Flux ≤ 2.5). */
export const ociRepositoryV1beta2: FluxObject = {
  apiVersion: 'source.toolkit.fluxcd.io/v1beta2',
  kind: 'OCIRepository',
  metadata: { name: 'jupyterhub', namespace: 'flux-system', generation: 1 },
  spec: {
    interval: '10m0s',
    url: 'oci://ghcr.io/piksel/charts/jupyterhub',
    ref: { semver: '3.x' },
    provider: 'generic',
  },
  status: {
    observedGeneration: 1,
    url: 'http://source-controller.flux-system.svc.cluster.local./ocirepository/flux-system/jupyterhub/latest.tar.gz',
    artifact: artifact(
      '3.3.7@sha256:6d0a1f4e2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6',
      'ocirepository/flux-system/jupyterhub/6d0a1f4e.tar.gz',
    ),
    conditions: [
      readyCondition(
        "stored artifact for digest '3.3.7@sha256:6d0a1f4e2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6'",
        1,
      ),
    ],
  },
};

export const helmRepository: FluxObject = {
  apiVersion: 'source.toolkit.fluxcd.io/v1',
  kind: 'HelmRepository',
  metadata: { name: 'podinfo', namespace: 'flux-system', generation: 1 },
  spec: { interval: '1h0m0s', url: 'https://stefanprodan.github.io/podinfo' },
  status: {
    observedGeneration: 1,
    url: 'http://source-controller.flux-system.svc.cluster.local./helmrepository/flux-system/podinfo/index.yaml',
    artifact: artifact(
      'sha256:d4a1c1b0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2',
      'helmrepository/flux-system/podinfo/index-d4a1c1b0.yaml',
    ),
    conditions: [
      readyCondition(
        "stored artifact: revision 'sha256:d4a1c1b0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2'",
        1,
      ),
    ],
  },
};

export const helmChart: FluxObject = {
  apiVersion: 'source.toolkit.fluxcd.io/v1',
  kind: 'HelmChart',
  metadata: {
    name: 'podinfo-podinfo',
    namespace: 'flux-system',
    generation: 1,
  },
  spec: {
    chart: 'podinfo',
    version: '6.x',
    sourceRef: { kind: 'HelmRepository', name: 'podinfo' },
    interval: '12h0m0s',
    reconcileStrategy: 'ChartVersion',
  },
  status: {
    observedGeneration: 1,
    observedChartName: 'podinfo',
    observedSourceArtifactRevision:
      'sha256:d4a1c1b0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2',
    artifact: artifact(
      '6.5.4',
      'helmchart/flux-system/podinfo-podinfo/podinfo-6.5.4.tgz',
    ),
    conditions: [
      readyCondition("pulled 'podinfo' chart with version '6.5.4'", 1),
    ],
  },
};

export const bucket: FluxObject = {
  apiVersion: 'source.toolkit.fluxcd.io/v1',
  kind: 'Bucket',
  metadata: { name: 'manifests', namespace: 'flux-system', generation: 1 },
  spec: {
    interval: '5m0s',
    provider: 'aws',
    bucketName: 'piksel-manifests',
    endpoint: 's3.amazonaws.com',
    region: 'eu-central-1',
  },
  status: {
    observedGeneration: 1,
    artifact: artifact(
      'sha256:8e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7',
      'bucket/flux-system/manifests/8e1f2a3b.tar.gz',
    ),
    conditions: [
      readyCondition(
        "stored artifact for revision 'sha256:8e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7'",
        1,
      ),
    ],
  },
};

export const imageRepository: FluxObject = {
  apiVersion: 'image.toolkit.fluxcd.io/v1',
  kind: 'ImageRepository',
  metadata: { name: 'podinfo', namespace: 'flux-system', generation: 1 },
  spec: {
    image: 'ghcr.io/stefanprodan/podinfo',
    interval: '5m0s',
    provider: 'generic',
  },
  status: {
    observedGeneration: 1,
    canonicalImageName: 'ghcr.io/stefanprodan/podinfo',
    lastScanResult: {
      tagCount: 42,
      scanTime: '2025-06-02T10:00:00Z',
      latestTags: ['6.5.4', '6.5.3', '6.5.2', '6.5.1', '6.5.0'],
      revision:
        'sha256:f0e1d2c3b4a5968778695a4b3c2d1e0f9e8d7c6b5a49382716051f2e3d4c5b6a',
    },
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'Succeeded',
        message: 'successful scan: found 42 tags',
        lastTransitionTime: '2025-06-02T10:00:00Z',
        observedGeneration: 1,
      },
    ],
  },
};

export const imagePolicy: FluxObject = {
  apiVersion: 'image.toolkit.fluxcd.io/v1',
  kind: 'ImagePolicy',
  metadata: { name: 'podinfo', namespace: 'flux-system', generation: 1 },
  spec: {
    imageRepositoryRef: { name: 'podinfo' },
    policy: { semver: { range: '6.5.x' } },
  },
  status: {
    observedGeneration: 1,
    latestRef: {
      name: 'ghcr.io/stefanprodan/podinfo',
      tag: '6.5.4',
      digest:
        'sha256:a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
    },
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'Succeeded',
        message:
          'Latest image tag for ghcr.io/stefanprodan/podinfo resolved to 6.5.4 with digest sha256:a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
        lastTransitionTime: '2025-06-02T10:00:02Z',
        observedGeneration: 1,
      },
    ],
  },
};

export const imageUpdateAutomation: FluxObject = {
  apiVersion: 'image.toolkit.fluxcd.io/v1',
  kind: 'ImageUpdateAutomation',
  metadata: { name: 'flux-system', namespace: 'flux-system', generation: 1 },
  spec: {
    interval: '30m0s',
    sourceRef: { kind: 'GitRepository', name: 'flux-system' },
    git: {
      checkout: { ref: { branch: 'main' } },
      commit: {
        author: {
          name: 'fluxcdbot',
          email: 'fluxcdbot@users.noreply.github.com',
        },
        messageTemplate: 'chore: update images',
      },
      push: { branch: 'main' },
    },
    update: { path: './apps', strategy: 'Setters' },
  },
  status: {
    observedGeneration: 1,
    lastAutomationRunTime: '2025-06-02T10:00:05Z',
    lastPushCommit: SHA,
    lastPushTime: '2025-06-02T10:00:05Z',
    observedSourceRevision: `main@sha1:${SHA}`,
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'Succeeded',
        message: `repository up-to-date`,
        lastTransitionTime: '2025-06-02T10:00:05Z',
        observedGeneration: 1,
      },
    ],
  },
};

/** Every fixture, by name. */
export const allFixtures: Record<string, FluxObject> = {
  kustomizationHealthy,
  kustomizationBuildFailed,
  kustomizationFailed,
  kustomizationDependencyNotReady,
  kustomizationProgressing,
  kustomizationSuspended,
  kustomizationV1beta2,
  helmReleaseHealthy,
  helmReleaseStalled,
  helmReleaseNoStatus,
  helmReleaseV2beta1,
  gitRepositoryStale,
  ociRepositoryV1beta2,
  helmRepository,
  helmChart,
  bucket,
  imageRepository,
  imagePolicy,
  imageUpdateAutomation,
};
