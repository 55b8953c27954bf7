import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { clusterToEntity } from './clusterToEntity';
import { gitopsClusters } from './gitopsClusters';
import * as k8s from './kubernetesAnnotations';
import { mergeClusters } from './mergeClusters';
import { DiscoveredCluster } from './types';

const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

async function expectValid(entity: Entity) {
  const enforced = await policy.enforce(entity);
  expect(enforced).toBeDefined();
  expect(await resourceEntityV1alpha1Validator.check(enforced!)).toBe(true);
}

const CA =
  'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJmYWtlCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K';

const config: DiscoveredCluster = {
  name: 'orbital-prod',
  sources: ['config'],
  apiServer:
    'https://9D4060B6F9D9A802D051E02E406EA2DD.gr7.eu-central-1.eks.amazonaws.com',
  caData: CA,
  authProvider: 'aws',
  skipMetricsLookup: true,
  dashboardUrl: 'https://k8s-dashboard.prod.platform.orbital-data.example.com',
  aws: {
    region: 'eu-central-1',
    eksName: 'orbital-prod',
    assumeRole: 'arn:aws:iam::925617348870:role/platform-portal-k8s-reader',
  },
};

const eks: DiscoveredCluster = {
  name: 'orbital-prod',
  sources: ['eks'],
  apiServer: config.apiServer,
  caData: CA,
  authProvider: 'aws',
  environment: 'prod',
  kubernetesVersion: '1.31',
  aws: {
    accountId: '925617348870',
    region: 'eu-central-1',
    eksName: 'orbital-prod',
    arn: 'arn:aws:eks:eu-central-1:925617348870:cluster/orbital-prod',
  },
};

const gitops = gitopsClusters([
  {
    entityRef: 'component:default/dokaseca-clusters',
    clusters: [
      {
        name: 'orbital-prod',
        path: 'clusters/orbital-prod',
        fluxKustomizations: ['flux-system/apps', 'flux-system/infrastructure'],
        workloads: ['lumen-api', 'lumen-web', 'unknown-app'],
      },
      {
        name: 'edge-lab',
        path: 'clusters/edge-lab',
        environment: 'staging',
        fluxKustomizations: [],
        workloads: ['lumen-api'],
      },
    ],
  },
]);

const workloads: Record<string, string[]> = {
  'lumen-api': ['component:default/lumen-api'],
  'lumen-web': ['lumen-web', 'component:default/lumen-web-legacy'],
};
const options = {
  defaultOwner: 'group:default/cloud-infrastructure',
  componentRefsByWorkload: (w: string) => workloads[w] ?? [],
};

describe('clusterToEntity', () => {
  const [edgeLab, prod] = mergeClusters([[config], [eks], gitops]);

  it('writes a cluster found by config, EKS and GitOps as a kubernetes-cluster Resource', async () => {
    const entity = clusterToEntity(prod, options);

    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'orbital-prod',
        title: 'orbital-prod',
        description:
          'EKS cluster orbital-prod in eu-central-1 (account 925617348870), Kubernetes 1.31, ' +
          'discovered from config, eks and gitops. Deployed by GitOps from ' +
          'component:default/dokaseca-clusters.',
        annotations: {
          'backstage.io/managed-by-location': 'platform-clusters:orbital-prod',
          'backstage.io/managed-by-origin-location':
            'platform-clusters:orbital-prod',
          'kubernetes.io/api-server': config.apiServer,
          'kubernetes.io/api-server-certificate-authority': CA,
          'kubernetes.io/auth-provider': 'aws',
          'kubernetes.io/x-k8s-aws-id': 'orbital-prod',
          'kubernetes.io/aws-assume-role':
            'arn:aws:iam::925617348870:role/platform-portal-k8s-reader',
          'kubernetes.io/skip-metrics-lookup': 'true',
          'kubernetes.io/dashboard-url':
            'https://k8s-dashboard.prod.platform.orbital-data.example.com',
          'platform-portal.io/environment': 'prod',
          'platform-portal.io/cluster-source': 'config,eks,gitops',
          'platform-portal.io/flux-kustomizations':
            'flux-system/apps,flux-system/infrastructure',
        },
        labels: {
          environment: 'prod',
          provider: 'aws',
          region: 'eu-central-1',
        },
        tags: ['kubernetes', 'eks', 'flux', 'prod'],
        links: [
          {
            url: 'https://k8s-dashboard.prod.platform.orbital-data.example.com',
            title: 'Kubernetes dashboard',
            icon: 'dashboard',
          },
          {
            url: 'https://eu-central-1.console.aws.amazon.com/eks/home?region=eu-central-1#/clusters/orbital-prod',
            title: 'EKS console',
            icon: 'dashboard',
          },
        ],
      },
      spec: {
        type: 'kubernetes-cluster',
        owner: 'group:default/cloud-infrastructure',
        lifecycle: 'production',
        dependencyOf: [
          'component:default/dokaseca-clusters',
          'component:default/lumen-api',
          'component:default/lumen-web',
          'component:default/lumen-web-legacy',
        ],
      },
    });
    await expectValid(entity);
  });

  it('still emits a GitOps-only cluster, saying its API server is unknown', async () => {
    const entity = clusterToEntity(edgeLab, {
      ...options,
      locationKey: 'gitops',
    });

    expect(entity.metadata.name).toBe('edge-lab');
    expect(entity.metadata.annotations).toEqual({
      'backstage.io/managed-by-location': 'platform-clusters:gitops',
      'backstage.io/managed-by-origin-location': 'platform-clusters:gitops',
      'platform-portal.io/environment': 'staging',
      'platform-portal.io/cluster-source': 'gitops',
      'platform-portal.io/api-server-unknown': 'true',
    });
    expect(entity.metadata.description).toContain('API server is unknown');
    expect(entity.metadata.tags).toEqual(['kubernetes', 'staging']);
    expect(entity.metadata.links).toBeUndefined();
    expect(entity.spec).toEqual({
      type: 'kubernetes-cluster',
      owner: 'group:default/cloud-infrastructure',
      lifecycle: 'experimental',
      dependencyOf: [
        'component:default/dokaseca-clusters',
        'component:default/lumen-api',
      ],
    });
    await expectValid(entity);
  });

  it('has the kubernetes annotations of the hand-written cluster entities', () => {
    // The example organisation's clusters (moved from examples/ to examples/catalog/).
    const file = [
      'examples/catalog/clusters/clusters.yaml',
      'examples/clusters/clusters.yaml',
    ]
      .map(f => path.resolve(__dirname, '../../../..', f))
      .find(f => fs.existsSync(f));
    expect(file).toBeDefined();
    const examples = parseAllDocuments(fs.readFileSync(file!, 'utf8'))
      .map(d => d.toJS() as Entity)
      .filter(e => e?.kind === 'Resource');
    expect(examples.length).toBeGreaterThan(0);
    const ours = clusterToEntity(prod, options);
    for (const example of examples) {
      expect(ours.spec!.type).toBe(example.spec!.type);
      const keys = Object.keys(example.metadata.annotations!).filter(
        k =>
          k.startsWith('kubernetes.io/') || k.startsWith('platform-portal.io/'),
      );
      expect(Object.keys(ours.metadata.annotations!)).toEqual(
        expect.arrayContaining(keys),
      );
      expect(Object.keys(ours.metadata.labels!)).toEqual(
        expect.arrayContaining(Object.keys(example.metadata.labels!)),
      );
    }
  });

  it('writes only catalog-valid names, labels and tags, whatever the sources say', async () => {
    const odd: DiscoveredCluster = {
      name: `Team_A.Payments--${'x'.repeat(80)}`,
      sources: ['config'],
      apiServer: 'https://10.0.0.1:6443',
      authProvider: 'oidc',
      oidcTokenProvider: 'okta',
      skipTLSVerify: true,
      dashboardUrl: 'not a url',
      environment: 'Load Test (EU)',
    };
    const entity = clusterToEntity(odd, {
      defaultOwner: 'group:default/payments',
    });

    expect(entity.metadata.name).toMatch(/^team-a-payments-x+-[0-9a-f]{8}$/);
    expect(entity.metadata.name.length).toBeLessThanOrEqual(63);
    expect(entity.metadata.annotations).toMatchObject({
      'kubernetes.io/auth-provider': 'oidc',
      'kubernetes.io/oidc-token-provider': 'okta',
      'kubernetes.io/skip-tls-verify': 'true',
      'platform-portal.io/environment': 'load-test-eu',
    });
    expect(entity.metadata.annotations).not.toHaveProperty(
      'kubernetes.io/dashboard-url',
    );
    expect(entity.metadata.annotations).not.toHaveProperty(
      'kubernetes.io/x-k8s-aws-id',
    );
    expect(entity.metadata.tags).toEqual(['kubernetes', 'load-test-eu']);
    expect(entity.spec!.lifecycle).toBe('experimental');
    expect(entity.spec).not.toHaveProperty('dependencyOf');
    await expectValid(entity);
  });

  it('signs for the config name when an aws cluster does not say its EKS name', () => {
    const entity = clusterToEntity(
      {
        name: 'Orbital_Legacy',
        sources: ['config'],
        apiServer: 'https://legacy.example.com',
        authProvider: 'aws',
        aws: { assumeRole: 'arn:aws:iam::1:role/r', externalId: 'ext-1' },
      },
      {
        defaultOwner: 'group:default/x',
        locationKey: 'url:https://example.com/clusters',
      },
    );
    expect(entity.metadata.name).toBe('orbital-legacy');
    expect(entity.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location': 'url:https://example.com/clusters',
      'kubernetes.io/x-k8s-aws-id': 'Orbital_Legacy',
      'kubernetes.io/aws-assume-role': 'arn:aws:iam::1:role/r',
      'kubernetes.io/aws-external-id': 'ext-1',
    });
    // Unknown environment: treated as production.
    expect(entity.spec!.lifecycle).toBe('production');
  });
});

describe('kubernetes annotation keys', () => {
  it('are the strings of @backstage/plugin-kubernetes-common', () => {
    const file = path.resolve(
      __dirname,
      '../../../../node_modules/@backstage/plugin-kubernetes-common/dist/catalog-entity-constants.cjs.js',
    );
    if (!fs.existsSync(file)) return; // not installed in this workspace
    const upstream = Object.fromEntries(
      [
        ...fs
          .readFileSync(file, 'utf8')
          .matchAll(/const (ANNOTATION_KUBERNETES_\w+) = "([^"]+)"/g),
      ].map(m => [m[1], m[2]]),
    );
    const ours = Object.values(k8s);
    for (const name of [
      'ANNOTATION_KUBERNETES_API_SERVER',
      'ANNOTATION_KUBERNETES_API_SERVER_CA',
      'ANNOTATION_KUBERNETES_AUTH_PROVIDER',
      'ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER',
      'ANNOTATION_KUBERNETES_SKIP_METRICS_LOOKUP',
      'ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY',
      'ANNOTATION_KUBERNETES_DASHBOARD_URL',
      'ANNOTATION_KUBERNETES_DASHBOARD_APP',
      'ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE',
      'ANNOTATION_KUBERNETES_AWS_CLUSTER_ID',
      'ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID',
    ]) {
      expect(ours).toContain(upstream[name]);
    }
  });
});
