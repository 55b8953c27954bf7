import { gitopsClusters } from './gitopsClusters';
import { mergeClusters } from './mergeClusters';
import { DiscoveredCluster } from './types';

const fromConfig: DiscoveredCluster = {
  name: 'orbital-prod',
  sources: ['config'],
  title: 'Platform production cluster',
  apiServer: 'https://proxy.platform.orbital-data.example.com/k8s/orbital-prod',
  authProvider: 'aws',
  skipMetricsLookup: true,
  aws: { region: 'eu-central-1', eksName: 'orbital-prod' },
};

const fromEks: DiscoveredCluster = {
  name: 'Orbital-Prod',
  sources: ['eks'],
  apiServer:
    'https://9D4060B6F9D9A802D051E02E406EA2DD.gr7.eu-central-1.eks.amazonaws.com',
  caData: 'RUtTLUNB',
  authProvider: 'aws',
  environment: 'prod',
  kubernetesVersion: '1.31',
  aws: {
    accountId: '925617348870',
    region: 'eu-central-1',
    eksName: 'orbital-prod',
    arn: 'arn:aws:eks:eu-central-1:925617348870:cluster/orbital-prod',
    assumeRole: 'arn:aws:iam::925617348870:role/platform-portal-k8s-reader',
  },
  tags: { environment: 'production', team: 'cloud' },
};

const fromGitops = gitopsClusters([
  {
    entityRef: 'component:default/dokaseca-clusters',
    clusters: [
      {
        name: 'orbital-prod',
        path: 'clusters/orbital-prod',
        environment: 'production',
        fluxKustomizations: ['flux-system/apps', 'flux-system/infrastructure'],
        workloads: ['lumen-api', 'lumen-web'],
      },
      {
        name: 'orbital-dev',
        path: 'clusters/orbital-dev',
        fluxKustomizations: ['flux-system/apps'],
        workloads: ['lumen-api'],
      },
    ],
  },
  {
    entityRef: 'component:default/platform-addons',
    clusters: [
      {
        name: 'orbital-prod',
        path: 'clusters/orbital-prod',
        fluxKustomizations: ['flux-system/addons', 'flux-system/apps'],
        workloads: ['kyverno'],
      },
    ],
  },
]);

describe('gitopsClusters', () => {
  it('turns the clusters of GitOps repositories into discovered clusters', () => {
    expect(fromGitops).toEqual([
      {
        name: 'orbital-dev',
        sources: ['gitops'],
        environment: 'dev',
        gitops: [
          {
            repoEntityRef: 'component:default/dokaseca-clusters',
            path: 'clusters/orbital-dev',
            fluxKustomizations: ['flux-system/apps'],
            workloads: ['lumen-api'],
          },
        ],
      },
      {
        name: 'orbital-prod',
        sources: ['gitops'],
        environment: 'prod',
        gitops: [
          {
            repoEntityRef: 'component:default/dokaseca-clusters',
            path: 'clusters/orbital-prod',
            fluxKustomizations: [
              'flux-system/apps',
              'flux-system/infrastructure',
            ],
            workloads: ['lumen-api', 'lumen-web'],
          },
          {
            repoEntityRef: 'component:default/platform-addons',
            path: 'clusters/orbital-prod',
            fluxKustomizations: ['flux-system/addons', 'flux-system/apps'],
            workloads: ['kyverno'],
          },
        ],
      },
    ]);
  });
});

describe('mergeClusters', () => {
  it('merges one cluster found in config, EKS and GitOps with config first', () => {
    const [dev, prod] = mergeClusters([fromGitops, [fromEks], [fromConfig]]);

    expect(dev.name).toBe('orbital-dev');
    expect(prod).toEqual({
      name: 'orbital-prod',
      sources: ['config', 'eks', 'gitops'],
      title: 'Platform production cluster',
      // The connection is config's as a whole: its server, its auth, no role added from EKS...
      apiServer:
        'https://proxy.platform.orbital-data.example.com/k8s/orbital-prod',
      authProvider: 'aws',
      // ...and no CA of another server.
      skipMetricsLookup: true,
      environment: 'prod',
      kubernetesVersion: '1.31',
      aws: {
        accountId: '925617348870',
        region: 'eu-central-1',
        eksName: 'orbital-prod',
        arn: 'arn:aws:eks:eu-central-1:925617348870:cluster/orbital-prod',
      },
      gitops: fromGitops[1].gitops,
      tags: { environment: 'production', team: 'cloud' },
    });
  });

  it('borrows the CA of a lower source only for the very same API server', () => {
    const sameServer: DiscoveredCluster = {
      ...fromConfig,
      apiServer: `${fromEks.apiServer}/`,
    };
    const [merged] = mergeClusters([[fromEks], [sameServer]]);
    expect(merged.apiServer).toBe(sameServer.apiServer);
    expect(merged.caData).toBe('RUtTLUNB');
  });

  it('takes the EKS connection when config does not know the cluster', () => {
    const [, prod] = mergeClusters([fromGitops, [fromEks]]);
    expect(prod).toMatchObject({
      name: 'Orbital-Prod',
      sources: ['eks', 'gitops'],
      apiServer: fromEks.apiServer,
      caData: 'RUtTLUNB',
      authProvider: 'aws',
      aws: {
        assumeRole: 'arn:aws:iam::925617348870:role/platform-portal-k8s-reader',
      },
    });
  });

  it('takes the environment from the first source that has one', () => {
    const [merged] = mergeClusters([
      [{ name: 'shared', sources: ['gitops'], environment: 'staging' }],
      [
        {
          name: 'shared',
          sources: ['eks'],
          apiServer: 'https://a.example.com',
        },
      ],
      [
        {
          name: 'shared',
          sources: ['config'],
          apiServer: 'https://b.example.com',
        },
      ],
    ]);
    expect(merged).toMatchObject({
      sources: ['config', 'eks', 'gitops'],
      apiServer: 'https://b.example.com',
      environment: 'staging',
    });
  });

  it('is deterministic whatever the order of the lists', () => {
    const a = mergeClusters([fromGitops, [fromEks], [fromConfig]]);
    const b = mergeClusters([[fromConfig], fromGitops, [fromEks]]);
    expect(b).toEqual(a);
    expect(mergeClusters([])).toEqual([]);
  });
});
