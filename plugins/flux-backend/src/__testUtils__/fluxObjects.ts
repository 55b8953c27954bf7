import { KubeObject } from './fakeKubernetes';

/**
 * Flux objects and workloads shaped as the Flux CRDs and the apps/v1 API define them, in every
 * state the status rules distinguish. `fluxObjects.test.ts` validates a sample of each against
 * the CRD schemas, so the backend is tested against what clusters really return.
 */

export type FixtureState =
  | 'ready'
  | 'failed'
  | 'stalled'
  | 'progressing'
  | 'suspended'
  | 'stale'
  | 'dependencyNotReady';

const T0 = '2026-11-20T09:14:07Z';

export const sha = (seed: string) => {
  // A stable 40-hex "commit" per seed, so revisions differ between objects but not between runs.
  let h = 2166136261;
  let out = '';
  while (out.length < 40) {
    for (const ch of `${seed}${out.length}`) {
      h ^= ch.charCodeAt(0);
      h = Math.imul(h, 16777619) >>> 0;
    }
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 40);
};

const FAILURES: Record<string, { reason: string; message: string }> = {
  Kustomization: {
    reason: 'BuildFailed',
    message:
      "kustomize build failed: accumulating resources: accumulation err='accumulating resources from 'deployment.yaml': open /tmp/kustomization-1/apps/deployment.yaml: no such file or directory'",
  },
  HelmRelease: {
    reason: 'UpgradeFailed',
    message:
      'Helm upgrade failed for release shop/orders with chart orders@1.4.2: context deadline exceeded',
  },
  source: {
    reason: 'GitOperationFailed',
    message:
      "failed to checkout and determine revision: unable to clone 'https://github.com/orbital-data/platform-gitops': authentication required",
  },
  image: {
    reason: 'ReconciliationFailed',
    message:
      'failed to list tags: GET https://123456789012.dkr.ecr.eu-central-1.amazonaws.com/v2/: 401 Unauthorized',
  },
};

const STALLED: Record<string, { reason: string; message: string }> = {
  Kustomization: {
    reason: 'InvalidPath',
    message:
      'kustomization path not found: stat /tmp/kustomization-2/apps/missing: no such file or directory',
  },
  HelmRelease: {
    reason: 'InvalidChartReference',
    message:
      'chart "orders" version "9.9.9" not found in https://charts.orbital-data.example.com',
  },
  source: {
    reason: 'InvalidURL',
    message: 'URL scheme must be one of http, https, ssh',
  },
  image: {
    reason: 'InvalidPolicy',
    message: 'invalid semver range "^x"',
  },
};

function family(kind: string) {
  if (kind === 'Kustomization' || kind === 'HelmRelease') return kind;
  if (kind.startsWith('Image')) return 'image';
  return 'source';
}

function condition(
  type: string,
  statusValue: 'True' | 'False' | 'Unknown',
  reason: string,
  message: string,
  generation: number,
) {
  return {
    type,
    status: statusValue,
    reason,
    message,
    lastTransitionTime: T0,
    observedGeneration: generation,
  };
}

/** metadata + status conditions for a state; `spec` gets `suspend` when suspended. */
function stateParts(kind: string, state: FixtureState, successMessage: string) {
  const generation = state === 'stale' ? 3 : 2;
  const observedGeneration = 2;
  const f = family(kind);
  let conditions;
  switch (state) {
    case 'failed':
      conditions = [
        condition('Ready', 'False', FAILURES[f].reason, FAILURES[f].message, 2),
        condition(
          'Reconciling',
          'True',
          'ProgressingWithRetry',
          `Detecting drift for revision main@sha1:${sha(kind)}`,
          2,
        ),
      ];
      break;
    case 'stalled':
      conditions = [
        condition('Ready', 'False', STALLED[f].reason, STALLED[f].message, 2),
        condition('Stalled', 'True', STALLED[f].reason, STALLED[f].message, 2),
      ];
      break;
    case 'progressing':
      conditions = [
        condition(
          'Ready',
          'Unknown',
          'Progressing',
          'Reconciliation in progress',
          2,
        ),
        condition(
          'Reconciling',
          'True',
          'Progressing',
          'Reconciliation in progress',
          2,
        ),
      ];
      break;
    case 'dependencyNotReady':
      conditions = [
        condition(
          'Ready',
          'False',
          'DependencyNotReady',
          "dependency 'flux-system/infrastructure' is not ready",
          2,
        ),
      ];
      break;
    default:
      conditions = [
        condition(
          'Ready',
          'True',
          'ReconciliationSucceeded',
          successMessage,
          2,
        ),
      ];
  }
  return {
    generation,
    status: { observedGeneration, conditions },
    suspend: state === 'suspended' ? { suspend: true } : {},
  };
}

interface Common {
  name: string;
  namespace?: string;
  state?: FixtureState;
  labels?: Record<string, string>;
}

export function kustomization(
  options: Common & {
    path?: string;
    source?: { kind: string; name: string; namespace?: string };
    revision?: string;
    version?: 'v1' | 'v1beta2';
    dependsOn?: string[];
  },
): KubeObject {
  const state = options.state ?? 'ready';
  const revision = options.revision ?? `main@sha1:${sha(options.name)}`;
  const parts = stateParts(
    'Kustomization',
    state,
    `Applied revision: ${revision}`,
  );
  const failedRevision = `main@sha1:${sha(`${options.name}-next`)}`;
  return {
    apiVersion: `kustomize.toolkit.fluxcd.io/${options.version ?? 'v1'}`,
    kind: 'Kustomization',
    metadata: {
      name: options.name,
      namespace: options.namespace ?? 'flux-system',
      generation: parts.generation,
      ...(options.labels && { labels: options.labels }),
    },
    spec: {
      interval: '10m0s',
      path: options.path ?? `./apps/${options.name}`,
      prune: true,
      sourceRef: options.source ?? {
        kind: 'GitRepository',
        name: 'flux-system',
      },
      ...(options.dependsOn && {
        dependsOn: options.dependsOn.map(name => ({ name })),
      }),
      ...parts.suspend,
    },
    status: {
      ...parts.status,
      lastAppliedRevision: revision,
      lastAttemptedRevision:
        state === 'failed' || state === 'stalled' ? failedRevision : revision,
      lastHandledReconcileAt: '2026-11-20T09:14:03.218Z',
    },
  };
}

export function helmRelease(
  options: Common & {
    chart?: string;
    chartVersion?: string;
    appVersion?: string;
    repository?: string;
    version?: 'v2' | 'v2beta2' | 'v2beta1';
  },
): KubeObject {
  const state = options.state ?? 'ready';
  const chart = options.chart ?? options.name;
  const chartVersion = options.chartVersion ?? '1.4.2';
  const namespace = options.namespace ?? 'default';
  const version = options.version ?? 'v2';
  const parts = stateParts(
    'HelmRelease',
    state,
    `Helm upgrade succeeded for release ${namespace}/${options.name}.v3 with chart ${chart}@${chartVersion}`,
  );
  const spec = {
    interval: '10m',
    chart: {
      spec: {
        chart,
        version: chartVersion,
        sourceRef: {
          kind: 'HelmRepository',
          name: options.repository ?? 'platform-charts',
          namespace: 'flux-system',
        },
      },
    },
    ...parts.suspend,
  };
  const metadata = {
    name: options.name,
    namespace,
    generation: parts.generation,
    ...(options.labels && { labels: options.labels }),
  };
  if (version === 'v2beta1') {
    return {
      apiVersion: 'helm.toolkit.fluxcd.io/v2beta1',
      kind: 'HelmRelease',
      metadata,
      spec,
      status: {
        ...parts.status,
        lastAppliedRevision: chartVersion,
        lastAttemptedRevision: chartVersion,
        lastReleaseRevision: 3,
        helmChart: `flux-system/${namespace}-${options.name}`,
      },
    };
  }
  const snapshot = (v: number, cv: string, s: string, at: string) => ({
    name: options.name,
    namespace,
    version: v,
    chartName: chart,
    chartVersion: cv,
    appVersion: options.appVersion ?? cv,
    configDigest: `sha256:${sha(`${options.name}${v}config`).slice(0, 64)}${sha(
      `${options.name}${v}c2`,
    ).slice(0, 24)}`,
    digest: `sha256:${sha(`${options.name}${v}`)}${sha(
      `${options.name}${v}d2`,
    ).slice(0, 24)}`,
    firstDeployed: '2026-10-01T08:00:00Z',
    lastDeployed: at,
    status: s,
  });
  return {
    apiVersion: `helm.toolkit.fluxcd.io/${version}`,
    kind: 'HelmRelease',
    metadata,
    spec,
    status: {
      ...parts.status,
      lastAttemptedRevision: chartVersion,
      history: [
        snapshot(
          3,
          chartVersion,
          state === 'failed' ? 'failed' : 'deployed',
          '2026-11-20T09:10:00Z',
        ),
        snapshot(
          2,
          '1.4.1',
          state === 'failed' ? 'deployed' : 'superseded',
          '2026-11-12T10:00:00Z',
        ),
      ],
    },
  };
}

export function gitRepository(
  options: Common & { url?: string; branch?: string; revision?: string },
): KubeObject {
  const state = options.state ?? 'ready';
  const revision =
    options.revision ?? `${options.branch ?? 'main'}@sha1:${sha(options.name)}`;
  const parts = stateParts(
    'GitRepository',
    state,
    `stored artifact for revision '${revision}'`,
  );
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: {
      name: options.name,
      namespace: options.namespace ?? 'flux-system',
      generation: parts.generation,
      ...(options.labels && { labels: options.labels }),
    },
    spec: {
      interval: '1m0s',
      url: options.url ?? 'https://github.com/orbital-data/platform-gitops',
      ref: { branch: options.branch ?? 'main' },
      ...parts.suspend,
    },
    status: {
      ...parts.status,
      artifact: {
        path: `gitrepository/flux-system/${options.name}/${sha(
          options.name,
        )}.tar.gz`,
        url: `http://source-controller.flux-system.svc.cluster.local./gitrepository/flux-system/${
          options.name
        }/${sha(options.name)}.tar.gz`,
        revision,
        digest: `sha256:${sha(`${options.name}a`)}${sha(
          `${options.name}b`,
        ).slice(0, 24)}`,
        lastUpdateTime: T0,
        size: 84213,
      },
    },
  };
}

export function ociRepository(
  options: Common & { url?: string; tag?: string },
): KubeObject {
  const state = options.state ?? 'ready';
  const tag = options.tag ?? '1.2.0';
  const revision = `${tag}@sha256:${sha(options.name)}${sha(
    `${options.name}x`,
  ).slice(0, 24)}`;
  const parts = stateParts(
    'OCIRepository',
    state,
    `stored artifact for digest '${revision}'`,
  );
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'OCIRepository',
    metadata: {
      name: options.name,
      namespace: options.namespace ?? 'flux-system',
      generation: parts.generation,
      ...(options.labels && { labels: options.labels }),
    },
    spec: {
      interval: '5m0s',
      url:
        options.url ?? `oci://ghcr.io/orbital-data/manifests/${options.name}`,
      ref: { tag },
      ...parts.suspend,
    },
    status: {
      ...parts.status,
      artifact: {
        path: `ocirepository/flux-system/${options.name}/${sha(
          options.name,
        )}.tar.gz`,
        url: `http://source-controller.flux-system.svc.cluster.local./ocirepository/flux-system/${
          options.name
        }/${sha(options.name)}.tar.gz`,
        revision,
        digest: `sha256:${sha(`${options.name}art`)}${sha(
          `${options.name}art2`,
        ).slice(0, 24)}`,
        lastUpdateTime: T0,
      },
    },
  };
}

export function helmRepository(options: Common & { url?: string }): KubeObject {
  const state = options.state ?? 'ready';
  const revision = `sha256:${sha(options.name)}${sha(`${options.name}h`).slice(
    0,
    24,
  )}`;
  const parts = stateParts(
    'HelmRepository',
    state,
    `stored artifact: revision '${revision}'`,
  );
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmRepository',
    metadata: {
      name: options.name,
      namespace: options.namespace ?? 'flux-system',
      generation: parts.generation,
      ...(options.labels && { labels: options.labels }),
    },
    spec: {
      interval: '1h0m0s',
      url: options.url ?? 'https://charts.orbital-data.example.com',
      ...parts.suspend,
    },
    status: {
      ...parts.status,
      url: `http://source-controller.flux-system.svc.cluster.local./helmrepository/flux-system/${options.name}/index.yaml`,
      artifact: {
        path: `helmrepository/flux-system/${options.name}/index-${sha(
          options.name,
        )}.yaml`,
        url: `http://source-controller.flux-system.svc.cluster.local./helmrepository/flux-system/${
          options.name
        }/index-${sha(options.name)}.yaml`,
        revision,
        digest: `sha256:${sha(`${options.name}art`)}${sha(
          `${options.name}art2`,
        ).slice(0, 24)}`,
        lastUpdateTime: T0,
      },
    },
  };
}

export function helmChart(
  options: Common & { chart?: string; repository?: string },
): KubeObject {
  const state = options.state ?? 'ready';
  const parts = stateParts(
    'HelmChart',
    state,
    "pulled 'orders' chart with version '1.4.2'",
  );
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmChart',
    metadata: {
      name: options.name,
      namespace: options.namespace ?? 'flux-system',
      generation: parts.generation,
      ...(options.labels && { labels: options.labels }),
    },
    spec: {
      chart: options.chart ?? 'orders',
      version: '1.4.x',
      sourceRef: {
        kind: 'HelmRepository',
        name: options.repository ?? 'platform-charts',
      },
      interval: '10m0s',
      reconcileStrategy: 'ChartVersion',
      ...parts.suspend,
    },
    status: {
      ...parts.status,
      observedChartName: options.chart ?? 'orders',
      artifact: {
        path: `helmchart/flux-system/${options.name}/orders-1.4.2.tgz`,
        url: `http://source-controller.flux-system.svc.cluster.local./helmchart/flux-system/${options.name}/orders-1.4.2.tgz`,
        revision: '1.4.2',
        digest: `sha256:${sha(`${options.name}art`)}${sha(
          `${options.name}art2`,
        ).slice(0, 24)}`,
        lastUpdateTime: T0,
      },
    },
  };
}

export function bucket(options: Common): KubeObject {
  const state = options.state ?? 'ready';
  const revision = `sha256:${sha(options.name)}${sha(`${options.name}b`).slice(
    0,
    24,
  )}`;
  const parts = stateParts(
    'Bucket',
    state,
    `stored artifact: revision '${revision}'`,
  );
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'Bucket',
    metadata: {
      name: options.name,
      namespace: options.namespace ?? 'flux-system',
      generation: parts.generation,
      ...(options.labels && { labels: options.labels }),
    },
    spec: {
      interval: '5m0s',
      provider: 'aws',
      bucketName: `orbital-${options.name}`,
      endpoint: 's3.eu-central-1.amazonaws.com',
      region: 'eu-central-1',
      ...parts.suspend,
    },
    status: {
      ...parts.status,
      artifact: {
        path: `bucket/flux-system/${options.name}/${sha(options.name)}.tar.gz`,
        url: `http://source-controller.flux-system.svc.cluster.local./bucket/flux-system/${
          options.name
        }/${sha(options.name)}.tar.gz`,
        revision,
        digest: `sha256:${sha(`${options.name}art`)}${sha(
          `${options.name}art2`,
        ).slice(0, 24)}`,
        lastUpdateTime: T0,
      },
    },
  };
}

export function imageRepository(
  options: Common & { image?: string; tags?: string[] },
): KubeObject {
  const state = options.state ?? 'ready';
  const tags = options.tags ?? ['1.4.2', '1.4.1', '1.4.0'];
  const parts = stateParts(
    'ImageRepository',
    state,
    `successful scan: found ${tags.length} tags`,
  );
  const image =
    options.image ??
    `123456789012.dkr.ecr.eu-central-1.amazonaws.com/shop/${options.name}`;
  return {
    apiVersion: 'image.toolkit.fluxcd.io/v1',
    kind: 'ImageRepository',
    metadata: {
      name: options.name,
      namespace: options.namespace ?? 'flux-system',
      generation: parts.generation,
      ...(options.labels && { labels: options.labels }),
    },
    spec: { image, interval: '5m0s', provider: 'aws', ...parts.suspend },
    status: {
      ...parts.status,
      canonicalImageName: image,
      lastScanResult: { tagCount: tags.length, scanTime: T0, latestTags: tags },
    },
  };
}

export function imagePolicy(
  options: Common & { image?: string; tag?: string; repository?: string },
): KubeObject {
  const state = options.state ?? 'ready';
  const tag = options.tag ?? '1.4.2';
  const image =
    options.image ??
    `123456789012.dkr.ecr.eu-central-1.amazonaws.com/shop/${options.name}`;
  const parts = stateParts(
    'ImagePolicy',
    state,
    `Latest image tag for ${image} resolved to ${tag}`,
  );
  return {
    apiVersion: 'image.toolkit.fluxcd.io/v1',
    kind: 'ImagePolicy',
    metadata: {
      name: options.name,
      namespace: options.namespace ?? 'flux-system',
      generation: parts.generation,
      ...(options.labels && { labels: options.labels }),
    },
    spec: {
      imageRepositoryRef: { name: options.repository ?? options.name },
      policy: { semver: { range: '>=1.0.0' } },
      ...parts.suspend,
    },
    status: {
      ...parts.status,
      latestRef: { name: image, tag },
    },
  };
}

export function imageUpdateAutomation(
  options: Common & { source?: string },
): KubeObject {
  const state = options.state ?? 'ready';
  const parts = stateParts(
    'ImageUpdateAutomation',
    state,
    `repository up-to-date at main@sha1:${sha(options.name)}`,
  );
  return {
    apiVersion: 'image.toolkit.fluxcd.io/v1',
    kind: 'ImageUpdateAutomation',
    metadata: {
      name: options.name,
      namespace: options.namespace ?? 'flux-system',
      generation: parts.generation,
      ...(options.labels && { labels: options.labels }),
    },
    spec: {
      interval: '30m0s',
      sourceRef: {
        kind: 'GitRepository',
        name: options.source ?? 'flux-system',
      },
      git: {
        checkout: { ref: { branch: 'main' } },
        commit: {
          author: {
            name: 'fluxcdbot',
            email: 'fluxcdbot@users.noreply.github.com',
          },
        },
        push: { branch: 'main' },
      },
      update: { path: './clusters', strategy: 'Setters' },
      ...parts.suspend,
    },
    status: {
      ...parts.status,
      lastPushCommit: sha(`${options.name}push`),
      lastPushTime: T0,
      observedSourceRevision: `main@sha1:${sha(`${options.name}push`)}`,
    },
  };
}

/** A workload labelled as the Kustomization (or HelmRelease) that applied it labels it. */
export function deployment(options: {
  name: string;
  namespace: string;
  image: string;
  labels?: Record<string, string>;
  appliedBy?: {
    kind: 'Kustomization' | 'HelmRelease';
    name: string;
    namespace: string;
  };
  replicas?: number;
  readyReplicas?: number;
  kind?: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  changedAt?: string;
}): KubeObject {
  const replicas = options.replicas ?? 2;
  const ready = options.readyReplicas ?? replicas;
  const applied: Record<string, string> = {};
  if (options.appliedBy) {
    const prefix =
      options.appliedBy.kind === 'HelmRelease'
        ? 'helm.toolkit.fluxcd.io'
        : 'kustomize.toolkit.fluxcd.io';
    applied[`${prefix}/name`] = options.appliedBy.name;
    applied[`${prefix}/namespace`] = options.appliedBy.namespace;
  }
  const selector = { 'app.kubernetes.io/name': options.name };
  const kind = options.kind ?? 'Deployment';
  const changedAt = options.changedAt ?? '2026-11-20T09:14:30Z';
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: {
      name: options.name,
      namespace: options.namespace,
      generation: 4,
      creationTimestamp: '2026-10-01T08:00:00Z',
      labels: { ...selector, ...options.labels, ...applied },
    },
    spec: {
      replicas,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: { ...selector, ...options.labels } },
        spec: {
          containers: [
            {
              name: options.name,
              image: options.image,
              ports: [{ containerPort: 8080 }],
            },
          ],
        },
      },
    },
    status:
      kind === 'DaemonSet'
        ? {
            desiredNumberScheduled: replicas,
            numberReady: ready,
            updatedNumberScheduled: replicas,
            observedGeneration: 4,
          }
        : {
            observedGeneration: 4,
            replicas,
            readyReplicas: ready,
            updatedReplicas: replicas,
            availableReplicas: ready,
            conditions: [
              {
                type: 'Available',
                status: ready >= replicas ? 'True' : 'False',
                reason:
                  ready >= replicas
                    ? 'MinimumReplicasAvailable'
                    : 'MinimumReplicasUnavailable',
                message:
                  ready >= replicas
                    ? 'Deployment has minimum availability.'
                    : 'Deployment does not have minimum availability.',
                lastUpdateTime: changedAt,
                lastTransitionTime: changedAt,
              },
              {
                type: 'Progressing',
                status: 'True',
                reason: 'NewReplicaSetAvailable',
                message: `ReplicaSet "${options.name}-7c9f8d6b5" has successfully progressed.`,
                lastUpdateTime: changedAt,
                lastTransitionTime: '2026-10-01T08:00:00Z',
              },
            ],
          },
  };
}

/** A running pod of a workload, with the digest the kubelet pulled. */
export function pod(
  workload: KubeObject,
  index: number,
  digest: string,
): KubeObject {
  const template = workload.spec!.template;
  const container = template.spec.containers[0];
  const repository = String(container.image)
    .split('@')[0]
    .replace(/:[^/:]+$/, '');
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${workload.metadata.name}-7c9f8d6b5-${index}x${index}`,
      namespace: workload.metadata.namespace,
      labels: template.metadata.labels,
    },
    spec: { containers: [{ name: container.name, image: container.image }] },
    status: {
      phase: 'Running',
      containerStatuses: [
        {
          name: container.name,
          image: container.image,
          imageID: `${repository}@${digest}`,
          ready: true,
          restartCount: 0,
        },
      ],
    },
  };
}

/** The Flux controllers as `flux install` deploys them into `flux-system`. */
export function fluxControllers(
  version = 'v2.7.3',
  notReady: string[] = [],
): KubeObject[] {
  const controllers: Record<string, string> = {
    'source-controller': 'v1.7.2',
    'kustomize-controller': 'v1.7.1',
    'helm-controller': 'v1.4.2',
    'notification-controller': 'v1.7.3',
    'image-reflector-controller': 'v1.0.2',
    'image-automation-controller': 'v1.0.2',
  };
  return Object.entries(controllers).map(([name, tag]) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: 'flux-system',
      generation: 1,
      labels: {
        'app.kubernetes.io/component': name,
        'app.kubernetes.io/instance': 'flux-system',
        'app.kubernetes.io/part-of': 'flux',
        'app.kubernetes.io/version': version,
        'control-plane': 'controller',
      },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            { name: 'manager', image: `ghcr.io/fluxcd/${name}:${tag}` },
          ],
        },
      },
    },
    status: notReady.includes(name)
      ? {
          observedGeneration: 1,
          replicas: 1,
          readyReplicas: 0,
          unavailableReplicas: 1,
          conditions: [
            {
              type: 'Available',
              status: 'False',
              reason: 'MinimumReplicasUnavailable',
              message: 'Deployment does not have minimum availability.',
              lastUpdateTime: T0,
              lastTransitionTime: T0,
            },
          ],
        }
      : {
          observedGeneration: 1,
          replicas: 1,
          readyReplicas: 1,
          availableReplicas: 1,
          updatedReplicas: 1,
          conditions: [
            {
              type: 'Available',
              status: 'True',
              reason: 'MinimumReplicasAvailable',
              message: 'Deployment has minimum availability.',
              lastUpdateTime: T0,
              lastTransitionTime: T0,
            },
          ],
        },
  }));
}

const STATES: FixtureState[] = [
  'ready',
  'ready',
  'ready',
  'ready',
  'ready',
  'ready',
  'failed',
  'progressing',
  'suspended',
  'stale',
  'stalled',
  'dependencyNotReady',
];

/**
 * `count` Flux objects of every kind for one cluster (the benchmark's clusters): most ready, the
 * rest in every other state; one in ten labelled for the component `app-<i mod 50>`.
 */
export function manyFluxObjects(count: number, prefix = 'obj'): KubeObject[] {
  const makers = [
    (o: Common) => kustomization(o),
    (o: Common) => helmRelease({ ...o, namespace: 'apps' }),
    (o: Common) => gitRepository(o),
    (o: Common) => ociRepository(o),
    (o: Common) => helmRepository(o),
    (o: Common) => helmChart(o),
    (o: Common) => bucket(o),
    (o: Common) => imageRepository(o),
    (o: Common) => imagePolicy(o),
    (o: Common) => imageUpdateAutomation(o),
  ];
  return Array.from({ length: count }, (_, i) =>
    makers[i % makers.length]({
      name: `${prefix}-${i}`,
      state: STATES[i % STATES.length],
      labels: {
        'backstage.io/kubernetes-id': `app-${Math.floor(i / 10) % 50}`,
      },
    }),
  );
}
