/**
 * What the example clusters run, for the embedded portal's simulated Kubernetes API
 * (`scripts/k8s-sim.ts`) and the browser test. It follows the example catalog:
 *
 * - Piksel's EKS clusters run Flux (piksel-kubernetes): `piksel-sandbox` gets every `dev` build
 *   through image automation; `piksel-production` hosts the `production` and `staging`
 *   namespaces. Kustomizations `flux-system` → `infrastructure` → `apps-*`, HelmReleases for
 *   JupyterHub and Dask Gateway, Deployments for OWS, Explorer (STAC) and the indexer.
 * - The shared platform clusters (dev/staging/prod-cluster) are run by Argo CD, not Flux: they
 *   serve no Flux API, and the Deployments view shows the Lumen services' workloads with the
 *   images from the local registry, without a Flux revision.
 */
import {
  deployment,
  fluxControllers,
  gitRepository,
  helmRelease,
  helmRepository,
  imagePolicy,
  imageRepository,
  imageUpdateAutomation,
  kustomization,
  pod,
  sha,
} from '../../plugins/flux-backend/src/__testUtils__/fluxObjects';
import type {
  FakeClusterOptions,
  KubeObject,
} from '../../plugins/flux-backend/src/__testUtils__/fakeKubernetes';

const PIKSEL_ECR = '730335468112.dkr.ecr.ap-southeast-3.amazonaws.com';
const PIKSEL_GITOPS = 'https://github.com/piksel-eo/piksel-kubernetes';
const NO_FLUX = {
  'kustomize.toolkit.fluxcd.io': [],
  'helm.toolkit.fluxcd.io': [],
  'source.toolkit.fluxcd.io': [],
  'image.toolkit.fluxcd.io': [],
};

const id = (kubernetesId: string) => ({
  'backstage.io/kubernetes-id': kubernetesId,
});

/** A workload with its pods; `digest` is what the kubelet pulled (fake unless the registry says). */
function workload(
  options: Parameters<typeof deployment>[0],
  digest = `sha256:${sha(options.image)}${sha(`${options.image}/2`).slice(
    0,
    24,
  )}`,
): KubeObject[] {
  const w = deployment(options);
  const ready = options.readyReplicas ?? options.replicas ?? 2;
  return [w, ...Array.from({ length: ready }, (_, i) => pod(w, i + 1, digest))];
}

function pikselFlux(
  env: 'sandbox' | 'production',
  revisionSeed: string,
): KubeObject[] {
  const revision = `main@sha1:${sha(`piksel-kubernetes-${revisionSeed}`)}`;
  const k = (
    name: string,
    extra: Partial<Parameters<typeof kustomization>[0]> = {},
  ) =>
    kustomization({
      name,
      path: `./clusters/${env}/${
        name === 'flux-system' ? 'flux-system' : name
      }`,
      revision,
      ...extra,
    });
  return [
    gitRepository({
      name: 'flux-system',
      url: PIKSEL_GITOPS,
      revision,
    }),
    helmRepository({
      name: 'jupyterhub',
      url: 'https://hub.jupyter.org/helm-chart/',
    }),
    helmRepository({ name: 'dask', url: 'https://helm.dask.org' }),
    helmRepository({
      name: 'prometheus-community',
      url: 'https://prometheus-community.github.io/helm-charts',
    }),
    k('flux-system'),
    k('infrastructure'),
    k('monitoring', { dependsOn: ['infrastructure'] }),
    k('apps-datacube', { dependsOn: ['infrastructure'] }),
    k('apps-jupyter', { dependsOn: ['infrastructure', 'apps-datacube'] }),
    k('apps-geo-services', { dependsOn: ['apps-datacube'] }),
    helmRelease({
      name: 'kube-prometheus-stack',
      namespace: 'monitoring',
      chart: 'kube-prometheus-stack',
      chartVersion: '66.3.1',
      appVersion: 'v0.78.2',
      repository: 'prometheus-community',
    }),
    ...fluxControllers('v2.7.3'),
  ];
}

/** The example clusters, named as their catalog entities (examples/catalog/clusters). */
export function exampleClusters(
  digests: Record<string, string> = {},
): FakeClusterOptions[] {
  const reg = (repo: string, tag: string) => ({
    image: `registry.local/${repo}:${tag}`,
    digest: digests[`${repo}:${tag}`],
  });
  const lumen = (
    env: string,
    reports: string,
    ingest: string,
    readyIngest = 2,
  ): KubeObject[] => {
    const r = reg('lumen/reports-service', reports);
    const i = reg('lumen/ingest-service', ingest);
    return [
      ...workload(
        {
          name: 'reports-service',
          namespace: 'lumen',
          image: r.image,
          labels: {
            ...id('lumen-reports-service'),
            'argocd.argoproj.io/instance': `lumen-${env}`,
          },
          changedAt:
            env === 'dev' ? '2026-11-23T16:42:10Z' : '2026-11-18T09:05:44Z',
        },
        r.digest,
      ),
      ...workload(
        {
          name: 'ingest-service',
          namespace: 'lumen',
          image: i.image,
          labels: {
            ...id('lumen-ingest-service'),
            'argocd.argoproj.io/instance': `lumen-${env}`,
          },
          replicas: 2,
          readyReplicas: readyIngest,
          changedAt: '2026-11-20T11:30:00Z',
        },
        i.digest,
      ),
    ];
  };

  const geo = (
    ns: string,
    ows: string,
    explorer: string,
    changedAt: string,
  ): KubeObject[] => [
    ...workload({
      name: 'ows',
      namespace: ns,
      image: `${PIKSEL_ECR}/piksel/ows:${ows}`,
      labels: id('piksel-ows'),
      appliedBy: {
        kind: 'Kustomization',
        name: 'apps-geo-services',
        namespace: 'flux-system',
      },
      replicas: 3,
      changedAt,
    }),
    ...workload({
      name: 'explorer',
      namespace: ns,
      image: `${PIKSEL_ECR}/piksel/explorer:${explorer}`,
      labels: id('piksel-stac'),
      appliedBy: {
        kind: 'Kustomization',
        name: 'apps-geo-services',
        namespace: 'flux-system',
      },
      changedAt,
    }),
  ];

  const jupyter = (ns: string, release: string): KubeObject[] => [
    ...workload({
      name: 'hub',
      namespace: ns,
      image: 'quay.io/jupyterhub/k8s-hub:4.1.0',
      labels: id('piksel-jupyterhub'),
      appliedBy: { kind: 'HelmRelease', name: release, namespace: ns },
      replicas: 1,
    }),
    ...workload({
      name: 'proxy',
      namespace: ns,
      image: 'quay.io/jupyterhub/configurable-http-proxy:4.6.3',
      labels: id('piksel-jupyterhub'),
      appliedBy: { kind: 'HelmRelease', name: release, namespace: ns },
      replicas: 1,
    }),
  ];

  const indexer = (ns: string, tag: string, ready: number): KubeObject[] =>
    workload({
      name: 'indexer',
      namespace: ns,
      image: `${PIKSEL_ECR}/piksel/core:${tag}`,
      labels: id('piksel-indexer'),
      appliedBy: {
        kind: 'Kustomization',
        name: 'apps-datacube',
        namespace: 'flux-system',
      },
      replicas: 2,
      readyReplicas: ready,
      changedAt: '2026-11-24T07:55:12Z',
    });

  return [
    {
      name: 'dev-cluster',
      served: NO_FLUX,
      objects: lumen('dev', '1.0.0-SNAPSHOT', '1.5.0-SNAPSHOT'),
    },
    {
      name: 'staging-cluster',
      served: NO_FLUX,
      objects: lumen('staging', '0.9.1', '1.4.1', 1),
    },
    {
      name: 'prod-cluster',
      served: NO_FLUX,
      objects: lumen('prod', '0.9.0', '1.4.1'),
    },
    {
      name: 'piksel-sandbox',
      objects: [
        ...pikselFlux('sandbox', 'sandbox'),
        helmRelease({
          name: 'jupyterhub',
          namespace: 'jupyter',
          chart: 'jupyterhub',
          chartVersion: '4.1.0',
          appVersion: '5.2.1',
          repository: 'jupyterhub',
          labels: id('piksel-jupyterhub'),
        }),
        helmRelease({
          name: 'dask-gateway',
          namespace: 'jupyter',
          chart: 'dask-gateway',
          chartVersion: '2024.1.0',
          repository: 'dask',
          labels: id('piksel-dask-gateway'),
          state: 'progressing',
        }),
        // Image automation: every dev build of OWS lands here.
        imageRepository({
          name: 'piksel-ows',
          image: `${PIKSEL_ECR}/piksel/ows`,
          tags: ['1.9.3-SNAPSHOT', '1.9.2', '1.9.1'],
          labels: id('piksel-ows'),
        }),
        imagePolicy({
          name: 'piksel-ows',
          image: `${PIKSEL_ECR}/piksel/ows`,
          tag: '1.9.3-SNAPSHOT',
          repository: 'piksel-ows',
          labels: id('piksel-ows'),
        }),
        imageUpdateAutomation({ name: 'piksel-sandbox-images' }),
        ...geo(
          'geo',
          '1.9.3-SNAPSHOT',
          '2.5.0-SNAPSHOT',
          '2026-11-24T08:12:40Z',
        ),
        ...jupyter('jupyter', 'jupyterhub'),
        ...indexer('datacube', '1.8.0-SNAPSHOT', 2),
      ],
    },
    {
      name: 'piksel-production',
      objects: [
        ...pikselFlux('production', 'production').map(o =>
          // The datacube apps fail to build in production: a path that was renamed.
          o.kind === 'Kustomization' && o.metadata.name === 'apps-datacube'
            ? kustomization({
                name: 'apps-datacube',
                path: './clusters/production/apps-datacube',
                revision: `main@sha1:${sha('piksel-kubernetes-production')}`,
                state: 'failed',
              })
            : o,
        ),
        helmRelease({
          name: 'jupyterhub',
          namespace: 'jupyter',
          chart: 'jupyterhub',
          chartVersion: '4.0.0',
          appVersion: '5.2.0',
          repository: 'jupyterhub',
          labels: id('piksel-jupyterhub'),
        }),
        helmRelease({
          name: 'jupyterhub-staging',
          namespace: 'jupyter-staging',
          chart: 'jupyterhub',
          chartVersion: '4.1.0',
          appVersion: '5.2.1',
          repository: 'jupyterhub',
          labels: id('piksel-jupyterhub'),
        }),
        helmRelease({
          name: 'dask-gateway',
          namespace: 'jupyter',
          chart: 'dask-gateway',
          chartVersion: '2024.1.0',
          repository: 'dask',
          labels: id('piksel-dask-gateway'),
          state: 'suspended',
        }),
        ...geo('geo', '1.9.1', '2.4.2', '2026-11-12T14:03:09Z'),
        ...geo('geo-staging', '1.9.2', '2.5.0', '2026-11-21T10:22:31Z'),
        ...jupyter('jupyter', 'jupyterhub'),
        ...jupyter('jupyter-staging', 'jupyterhub-staging'),
        ...indexer('datacube', '1.7.4', 1),
      ],
    },
  ];
}

/** The registry repositories and tags whose real digests the pods should report. */
export const REGISTRY_IMAGES = [
  'lumen/reports-service:1.0.0-SNAPSHOT',
  'lumen/reports-service:0.9.1',
  'lumen/reports-service:0.9.0',
  'lumen/ingest-service:1.5.0-SNAPSHOT',
  'lumen/ingest-service:1.4.1',
];

/** Asks the local registry for the digests of {@link REGISTRY_IMAGES}; missing ones are left out. */
export async function registryDigests(
  registryUrl: string,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  await Promise.all(
    REGISTRY_IMAGES.map(async ref => {
      const [repo, tag] = ref.split(':');
      try {
        const res = await fetch(`${registryUrl}/v2/${repo}/manifests/${tag}`, {
          method: 'HEAD',
          headers: {
            Accept: [
              'application/vnd.oci.image.index.v1+json',
              'application/vnd.oci.image.manifest.v1+json',
              'application/vnd.docker.distribution.manifest.list.v2+json',
              'application/vnd.docker.distribution.manifest.v2+json',
            ].join(', '),
          },
          signal: AbortSignal.timeout(2_000),
        });
        const digest = res.headers.get('docker-content-digest');
        if (res.ok && digest) out[ref] = digest;
      } catch {
        // no registry: the pods report made-up digests
      }
    }),
  );
  return out;
}
