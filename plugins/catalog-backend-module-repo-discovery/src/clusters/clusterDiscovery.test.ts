import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import {
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { setupServer } from 'msw/node';
import { createEksHandlers } from '../__testUtils__/eksApi';
import {
  clusterToEntity,
  ConfigClusterSource,
  EksClusterSource,
  gitopsClusters,
  mergeClusters,
} from '.';

const ACCOUNT = '925617348870';
const SECRET = 'sa-token-that-must-stay-in-config';

const config = new ConfigReader({
  aws: {
    accounts: [
      {
        accountId: ACCOUNT,
        accessKeyId: 'AKIAORBITAL',
        secretAccessKey: 'secret',
      },
    ],
  },
  kubernetes: {
    clusterLocatorMethods: [
      { type: 'catalog' },
      {
        type: 'config',
        clusters: [
          {
            name: 'orbital-prod',
            url: 'https://proxy.platform.orbital-data.example.com/k8s/orbital-prod',
            authProvider: 'serviceAccount',
            serviceAccountToken: SECRET,
            caData: 'UFJPWFktQ0E=',
            dashboardUrl:
              'https://k8s-dashboard.prod.platform.orbital-data.example.com',
          },
        ],
      },
    ],
  },
  catalog: {
    providers: {
      platformClusters: {
        eks: [
          {
            accountId: ACCOUNT,
            regions: ['eu-central-1', 'eu-west-1'],
            roleArn: `arn:aws:iam::${ACCOUNT}:role/platform-portal-k8s-reader`,
          },
        ],
      },
    },
  },
});

const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

describe('cluster discovery, config + EKS + GitOps', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('yields one valid entity per cluster, whichever sources know it', async () => {
    server.use(
      ...createEksHandlers({
        regions: {
          'eu-central-1': [
            { name: 'orbital-prod', tags: { environment: 'production' } },
            { name: 'orbital-staging', tags: { environment: 'staging' } },
          ],
        },
        accessDenied: ['eu-west-1'],
        accountId: ACCOUNT,
      }),
    );
    const logger = mockServices.logger.mock();
    const eks = EksClusterSource.fromConfig(config, { logger });
    const sources = [ConfigClusterSource.fromConfig(config, { logger }), eks];
    const lists = await Promise.all(sources.map(s => s.listClusters()));
    const gitops = gitopsClusters([
      {
        entityRef: 'component:default/dokaseca-clusters',
        clusters: [
          {
            name: 'orbital-prod',
            path: 'clusters/orbital-prod',
            fluxKustomizations: ['flux-system/apps'],
            workloads: ['lumen-api'],
          },
          {
            name: 'edge-dev',
            path: 'clusters/edge-dev',
            fluxKustomizations: ['flux-system/apps'],
            workloads: [],
          },
        ],
      },
    ]);

    const entities = mergeClusters([...lists, gitops]).map(c =>
      clusterToEntity(c, {
        defaultOwner: 'group:default/cloud-infrastructure',
        componentRefsByWorkload: w =>
          w === 'lumen-api' ? ['component:default/lumen-api'] : [],
      }),
    );

    expect(eks.lastErrors).toEqual([
      expect.objectContaining({
        region: 'eu-west-1',
        code: 'AccessDeniedException',
      }),
    ]);
    expect(entities.map(e => e.metadata.name)).toEqual([
      'edge-dev',
      'orbital-prod',
      'orbital-staging',
    ]);
    const prod = entities[1];
    expect(prod.metadata.annotations).toMatchObject({
      // The kubernetes config's connection, as the plugin uses it.
      'kubernetes.io/api-server':
        'https://proxy.platform.orbital-data.example.com/k8s/orbital-prod',
      'kubernetes.io/api-server-certificate-authority': 'UFJPWFktQ0E=',
      'kubernetes.io/auth-provider': 'serviceAccount',
      'platform-portal.io/environment': 'prod',
      'platform-portal.io/cluster-source': 'config,eks,gitops',
    });
    // The EKS role belongs to the EKS connection, which config overrides.
    expect(prod.metadata.annotations).not.toHaveProperty(
      'kubernetes.io/aws-assume-role',
    );
    expect(prod.metadata.links?.map(l => l.title)).toEqual([
      'Kubernetes dashboard',
      'EKS console',
    ]);
    expect(prod.spec?.dependencyOf).toEqual([
      'component:default/dokaseca-clusters',
      'component:default/lumen-api',
    ]);
    expect(entities[2].metadata.annotations).toMatchObject({
      'kubernetes.io/auth-provider': 'aws',
      'kubernetes.io/x-k8s-aws-id': 'orbital-staging',
      'kubernetes.io/aws-assume-role': `arn:aws:iam::${ACCOUNT}:role/platform-portal-k8s-reader`,
    });
    expect(JSON.stringify(entities)).not.toContain(SECRET);
    for (const entity of entities) {
      const enforced = await policy.enforce(entity);
      expect(await resourceEntityV1alpha1Validator.check(enforced!)).toBe(true);
    }
  });
});
