import { mockServices } from '@backstage/backend-test-utils';
import {
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { clusterToEntity } from './clusterToEntity';
import { ConfigClusterSource } from './ConfigClusterSource';

const SECRET = 'eyJhbGciOiJSUzI1NiJ9.super-secret-service-account-token';

const kubernetesConfig = {
  kubernetes: {
    serviceLocatorMethod: { type: 'multiTenant' },
    clusterLocatorMethods: [
      { type: 'catalog' },
      {
        type: 'config',
        clusters: [
          {
            name: 'orbital-prod',
            title: 'Platform production cluster',
            url: 'https://9D4060B6F9D9A802D051E02E406EA2DD.gr7.eu-central-1.eks.amazonaws.com',
            authProvider: 'aws',
            caData: 'UFJPRC1DQQ==',
            skipMetricsLookup: true,
            dashboardUrl:
              'https://k8s-dashboard.prod.platform.orbital-data.example.com',
            dashboardApp: 'standard',
            authMetadata: {
              'kubernetes.io/aws-assume-role':
                'arn:aws:iam::925617348870:role/platform-portal-k8s-reader',
              'kubernetes.io/aws-external-id': 'portal-external-id',
              'kubernetes.io/x-k8s-aws-id': 'orbital-prod',
            },
          },
          {
            name: 'On-Prem Staging',
            url: 'https://k8s.staging.onprem.orbital-data.example.com:6443',
            authProvider: 'serviceAccount',
            serviceAccountToken: SECRET,
            skipTLSVerify: true,
            caFile: '/etc/ssl/onprem-ca.pem',
          },
          {
            name: 'gke-analytics',
            url: 'https://35.204.10.20',
            authProvider: 'oidc',
            oidcTokenProvider: 'okta',
            caData: 'R0tFLUNB',
          },
          {
            name: 'legacy-eks',
            url: 'https://ABC.yl4.eu-west-1.eks.amazonaws.com',
            // Older flat keys; authMetadata's auth provider wins over authProvider.
            authProvider: 'google',
            assumeRole: 'arn:aws:iam::468203917552:role/legacy-reader',
            authMetadata: {
              'kubernetes.io/auth-provider': 'aws',
              serviceAccountToken: SECRET,
            },
          },
        ],
      },
      {
        type: 'config',
        clusters: [
          {
            name: 'development-sandbox',
            url: 'https://dev.k8s.example.com',
            authProvider: 'google',
          },
          { name: 'broken-without-url', authProvider: 'google' },
        ],
      },
      { type: 'gke', projectId: 'orbital-analytics' },
    ],
  },
};

describe('ConfigClusterSource', () => {
  it('reads the clusters of every `type: config` locator method', async () => {
    const logger = mockServices.logger.mock();
    const source = ConfigClusterSource.fromConfig(
      new ConfigReader(kubernetesConfig),
      { logger },
    );

    const clusters = await source.listClusters();

    expect(clusters.map(c => c.name)).toEqual([
      'orbital-prod',
      'On-Prem Staging',
      'gke-analytics',
      'legacy-eks',
      'development-sandbox',
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('clusterLocatorMethods[2] without name or url'),
    );
    expect(clusters[0]).toEqual({
      name: 'orbital-prod',
      sources: ['config'],
      title: 'Platform production cluster',
      apiServer:
        'https://9D4060B6F9D9A802D051E02E406EA2DD.gr7.eu-central-1.eks.amazonaws.com',
      caData: 'UFJPRC1DQQ==',
      authProvider: 'aws',
      skipMetricsLookup: true,
      dashboardUrl:
        'https://k8s-dashboard.prod.platform.orbital-data.example.com',
      dashboardApp: 'standard',
      environment: 'prod',
      aws: {
        region: 'eu-central-1',
        eksName: 'orbital-prod',
        assumeRole: 'arn:aws:iam::925617348870:role/platform-portal-k8s-reader',
        externalId: 'portal-external-id',
      },
    });
    expect(clusters[1]).toEqual({
      name: 'On-Prem Staging',
      sources: ['config'],
      apiServer: 'https://k8s.staging.onprem.orbital-data.example.com:6443',
      authProvider: 'serviceAccount',
      skipTLSVerify: true,
      environment: 'staging',
    });
    expect(clusters[2]).toMatchObject({
      authProvider: 'oidc',
      oidcTokenProvider: 'okta',
    });
    expect(clusters[2].environment).toBeUndefined();
    expect(clusters[3]).toMatchObject({
      authProvider: 'aws',
      aws: {
        region: 'eu-west-1',
        // The plugin signs for the config name when x-k8s-aws-id is not set.
        eksName: 'legacy-eks',
        assumeRole: 'arn:aws:iam::468203917552:role/legacy-reader',
      },
    });
    expect(clusters[4].environment).toBe('dev');
  });

  it('never lets a service account token into a cluster or its entity', async () => {
    const source = new ConfigClusterSource({
      config: new ConfigReader(kubernetesConfig),
    });
    const clusters = await source.listClusters();

    expect(JSON.stringify(clusters)).not.toContain(SECRET);
    const entities = clusters.map(c =>
      clusterToEntity(c, { defaultOwner: 'group:platform' }),
    );
    expect(JSON.stringify(entities)).not.toContain(SECRET);
    expect(JSON.stringify(entities)).not.toContain('serviceAccountToken');
    const onPrem = entities.find(e => e.metadata.name === 'on-prem-staging')!;
    expect(onPrem.metadata.annotations).toMatchObject({
      'kubernetes.io/api-server':
        'https://k8s.staging.onprem.orbital-data.example.com:6443',
      'kubernetes.io/auth-provider': 'serviceAccount',
      'kubernetes.io/skip-tls-verify': 'true',
    });
    // caFile is a path on the backend's disk; an entity cannot carry it.
    expect(onPrem.metadata.annotations).not.toHaveProperty(
      'kubernetes.io/api-server-certificate-authority',
    );
  });

  it('yields entities the catalog accepts', async () => {
    const policy = EntityPolicies.allOf([
      new DefaultNamespaceEntityPolicy(),
      new FieldFormatEntityPolicy(),
      new NoForeignRootFieldsEntityPolicy(),
      new SchemaValidEntityPolicy(),
    ]);
    const source = new ConfigClusterSource({
      config: new ConfigReader(kubernetesConfig),
    });
    for (const cluster of await source.listClusters()) {
      const entity = clusterToEntity(cluster, {
        defaultOwner: 'group:default/platform',
      });
      const enforced = await policy.enforce(entity);
      expect(await resourceEntityV1alpha1Validator.check(enforced!)).toBe(true);
    }
  });

  it('returns nothing without kubernetes config', async () => {
    const source = new ConfigClusterSource({ config: new ConfigReader({}) });
    expect(await source.listClusters()).toEqual([]);
  });
});
