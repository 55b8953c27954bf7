import { RepoContents } from '../types';
import { inferClusters } from './gitops';
import { FileReader } from './reader';
import { RepoTree } from './tree';

/** In-memory contents: the overlay layouts are many, so these tests skip git. */
function inMemory(files: Record<string, string>) {
  const reads: string[] = [];
  const contents: RepoContents = {
    paths: Object.keys(files),
    readFile: async path => {
      reads.push(path);
      return files[path];
    },
  };
  const tree = new RepoTree(contents.paths);
  return {
    reads,
    run: () => inferClusters('clusters', tree, new FileReader(contents, tree)),
  };
}

const fluxKustomization = (
  name: string,
  path: string,
  extra = '',
) => `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${name}
  namespace: flux-system
${extra}spec:
  interval: 10m
  path: ${path}
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
`;

describe('inferClusters', () => {
  it('resolves apps/<app>/overlays/<env> to the app, for each Kustomization of a multi-document file', async () => {
    const { run } = inMemory({
      'clusters/production/apps.yaml': [
        fluxKustomization('podinfo', './apps/podinfo/overlays/production'),
        fluxKustomization('redis', './apps/redis/overlays/production'),
      ].join('---\n'),
      'apps/podinfo/base/deployment.yaml': 'kind: Deployment\n',
      'apps/podinfo/overlays/production/kustomization.yaml':
        'resources: [../../base]\n',
      'apps/redis/base/release.yaml': 'kind: HelmRelease\n',
      'apps/redis/overlays/production/kustomization.yaml':
        'resources: [../../base]\n',
    });
    const { clusters } = await run();
    expect(clusters).toEqual([
      {
        name: 'production',
        path: 'clusters/production',
        environment: 'prod',
        fluxKustomizations: ['flux-system/podinfo', 'flux-system/redis'],
        workloads: ['podinfo', 'redis'],
      },
    ]);
  });

  it('takes the app directories of an environment directory without a kustomization.yaml', async () => {
    const { run } = inMemory({
      'clusters/staging/apps.yaml': fluxKustomization('apps', './apps/staging'),
      'apps/staging/podinfo/kustomization.yaml':
        'resources: [../../base/podinfo]\n',
      'apps/staging/redis/release.yaml': 'kind: HelmRelease\n',
      'apps/base/podinfo/deployment.yaml': 'kind: Deployment\n',
    });
    const { clusters } = await run();
    expect(clusters[0]).toMatchObject({
      environment: 'staging',
      workloads: ['podinfo', 'redis'],
    });
  });

  it("follows a cluster's own kustomization.yaml through overlays to workloads/<app>", async () => {
    const { run } = inMemory({
      'clusters/piksel-sandbox/kustomization.yaml':
        'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../workloads/sandbox\n  - flux-system\n',
      'clusters/piksel-sandbox/flux-system/gotk-components.yaml':
        '# thousands of lines\n',
      'clusters/piksel-sandbox/flux-system/gotk-sync.yaml':
        'kind: Kustomization\n',
      'workloads/sandbox/kustomization.yaml':
        'resources:\n  - ../base/jupyterhub\n  - ../base/ows\n  - namespace.yaml\n',
      'workloads/sandbox/namespace.yaml': 'kind: Namespace\n',
      'workloads/base/jupyterhub/release.yaml': 'kind: HelmRelease\n',
      'workloads/base/ows/release.yaml': 'kind: HelmRelease\n',
    });
    const { clusters, flux } = await run();
    expect(flux).toBe(true);
    expect(clusters[0]).toEqual({
      name: 'piksel-sandbox',
      path: 'clusters/piksel-sandbox',
      environment: 'dev',
      fluxKustomizations: ['flux-system/flux-system'],
      workloads: ['jupyterhub', 'ows'],
    });
  });

  it('expands Argo CD ApplicationSet git generators and reads Application paths', async () => {
    const { run } = inMemory({
      'clusters/hub-prod/workloads.yaml': `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: workloads
  namespace: argocd
spec:
  generators:
    - git:
        repoURL: https://github.com/dokaseca/dokaseca-workloads
        revision: HEAD
        directories:
          - path: applications/*
          - path: applications/legacy
            exclude: true
  template:
    spec:
      source:
        path: '{{path}}'
`,
      'clusters/hub-prod/billing.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: billing
  labels:
    environment: production
spec:
  source:
    path: apps/billing/overlays/prod
`,
      'applications/checkout/kustomization.yaml': 'resources: []\n',
      'applications/catalogue/kustomization.yaml': 'resources: []\n',
      'applications/legacy/kustomization.yaml': 'resources: []\n',
      'apps/billing/overlays/prod/kustomization.yaml': 'resources: []\n',
    });
    const { clusters, argocd, flux } = await run();
    expect({ argocd, flux }).toEqual({ argocd: true, flux: false });
    expect(clusters[0]).toEqual({
      name: 'hub-prod',
      path: 'clusters/hub-prod',
      environment: 'prod',
      fluxKustomizations: [],
      workloads: ['billing', 'catalogue', 'checkout'],
    });
  });

  it('takes the environment from a label when the name does not say it, and Flux namespaces as given', async () => {
    const { run } = inMemory({
      'clusters/eu-edge-1/apps.yaml': fluxKustomization(
        'apps',
        './apps/eu-edge-1',
        '  labels:\n    platform-portal.io/environment: production\n',
      ).replace('namespace: flux-system', 'namespace: edge-system'),
      'apps/eu-edge-1/tiles/release.yaml': 'kind: HelmRelease\n',
    });
    const { clusters } = await run();
    expect(clusters[0]).toMatchObject({
      name: 'eu-edge-1',
      environment: 'prod',
      fluxKustomizations: ['edge-system/apps'],
      workloads: ['tiles'],
    });
  });

  it("leaves workloads empty when a Kustomization points into another repository's tree", async () => {
    const { run } = inMemory({
      'clusters/dev/apps.yaml': fluxKustomization(
        'apps',
        './deploy/dev',
      ).replace('name: flux-system\n', 'name: workloads-repo\n'),
    });
    const { clusters } = await run();
    expect(clusters[0]).toMatchObject({
      name: 'dev',
      environment: 'dev',
      workloads: [],
    });
  });

  it('reads neither Flux components nor more than a few files per cluster', async () => {
    const files: Record<string, string> = {
      'clusters/prod/flux-system/gotk-components.yaml':
        'kind: CustomResourceDefinition\n',
      'clusters/prod/flux-system/gotk-sync.yaml': 'kind: Kustomization\n',
    };
    for (let i = 0; i < 20; i++) {
      files[`clusters/prod/tenants/team-${String(i).padStart(2, '0')}.yaml`] =
        'kind: Namespace\n';
    }
    const { run, reads } = inMemory(files);
    await run();
    expect(reads).not.toContain(
      'clusters/prod/flux-system/gotk-components.yaml',
    );
    expect(reads.length).toBeLessThanOrEqual(8);
  });
});
