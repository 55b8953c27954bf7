import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { delay, http } from 'msw';
import { setupServer } from 'msw/node';
import { createEksHandlers, FakeEksCluster } from '../__testUtils__/eksApi';
import { EksClusterSource } from './EksClusterSource';

const ACCOUNT = '925617348870';
const OTHER_ACCOUNT = '211125603417';

function config(eks: object[], aws?: object) {
  return new ConfigReader({
    aws: aws ?? {
      accounts: [
        {
          accountId: ACCOUNT,
          accessKeyId: 'AKIAORBITAL',
          secretAccessKey: 'orbital-secret',
        },
        {
          accountId: OTHER_ACCOUNT,
          accessKeyId: 'AKIAPIKSEL',
          secretAccessKey: 'piksel-secret',
        },
      ],
    },
    catalog: { providers: { platformClusters: { eks } } },
  });
}

const frankfurt: FakeEksCluster[] = [
  {
    name: 'orbital-prod',
    endpoint:
      'https://9D4060B6F9D9A802D051E02E406EA2DD.gr7.eu-central-1.eks.amazonaws.com',
    caData: 'UFJPRC1DQQ==',
    version: '1.31',
    tags: { environment: 'production', team: 'cloud-infrastructure' },
  },
  { name: 'orbital-staging', tags: { Environment: 'staging' } },
  { name: 'orbital-dev', tags: {} },
  { name: 'orbital-scratch', tags: { environment: 'Load Test' } },
  { name: 'orbital-creating', status: 'CREATING', endpoint: null },
];

describe('EksClusterSource', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('pages through ListClusters, describes each cluster and maps it', async () => {
    const api = createEksHandlers({
      regions: { 'eu-central-1': frankfurt },
      pageSize: 2,
      accountId: ACCOUNT,
    });
    server.use(...api);
    const logger = mockServices.logger.mock();
    const source = EksClusterSource.fromConfig(
      config([
        {
          accountId: ACCOUNT,
          regions: ['eu-central-1'],
          roleArn: `arn:aws:iam::${ACCOUNT}:role/platform-portal-k8s-reader`,
        },
      ]),
      { logger },
    );

    const clusters = await source.listClusters();

    const lists = api.requests.filter(r => r.operation === 'ListClusters');
    expect(lists.map(r => r.nextToken)).toEqual([
      undefined,
      expect.any(String),
      expect.any(String),
    ]);
    expect(lists[0].path).toContain('maxResults=100');
    expect(
      api.requests.filter(r => r.operation === 'DescribeCluster'),
    ).toHaveLength(5);
    expect(clusters.map(c => c.name)).toEqual([
      'orbital-creating',
      'orbital-dev',
      'orbital-prod',
      'orbital-scratch',
      'orbital-staging',
    ]);
    expect(clusters.find(c => c.name === 'orbital-prod')).toEqual({
      name: 'orbital-prod',
      sources: ['eks'],
      apiServer:
        'https://9D4060B6F9D9A802D051E02E406EA2DD.gr7.eu-central-1.eks.amazonaws.com',
      caData: 'UFJPRC1DQQ==',
      authProvider: 'aws',
      environment: 'prod',
      kubernetesVersion: '1.31',
      aws: {
        accountId: ACCOUNT,
        region: 'eu-central-1',
        eksName: 'orbital-prod',
        arn: `arn:aws:eks:eu-central-1:${ACCOUNT}:cluster/orbital-prod`,
        assumeRole: `arn:aws:iam::${ACCOUNT}:role/platform-portal-k8s-reader`,
      },
      tags: { environment: 'production', team: 'cloud-infrastructure' },
    });
    // The environment tag is matched case-insensitively, then the name, then free values.
    const env = Object.fromEntries(clusters.map(c => [c.name, c.environment]));
    expect(env).toEqual({
      'orbital-creating': undefined,
      'orbital-dev': 'dev',
      'orbital-prod': 'prod',
      'orbital-scratch': 'load-test',
      'orbital-staging': 'staging',
    });
    // A cluster still being created has neither endpoint nor CA yet.
    const creating = clusters.find(c => c.name === 'orbital-creating')!;
    expect(creating.apiServer).toBeUndefined();
    expect(creating.caData).toBeUndefined();
    expect(source.lastErrors).toEqual([]);
  });

  it('signs every request for the right account and sends it to the regional endpoint', async () => {
    const orbital = createEksHandlers({
      regions: {
        'eu-central-1': [{ name: 'orbital-prod' }],
        'eu-west-1': [{ name: 'orbital-dr' }],
      },
      accessKeyId: 'AKIAORBITAL',
      accountId: ACCOUNT,
    });
    const piksel = createEksHandlers({
      regions: { 'ap-southeast-3': [{ name: 'piksel-production' }] },
      accessKeyId: 'AKIAPIKSEL',
      accountId: OTHER_ACCOUNT,
    });
    server.use(...orbital, ...piksel);
    const source = EksClusterSource.fromConfig(
      config([
        { accountId: ACCOUNT, regions: ['eu-central-1', 'eu-west-1'] },
        { accountId: OTHER_ACCOUNT, regions: ['ap-southeast-3'] },
      ]),
      { logger: mockServices.logger.mock() },
    );

    const clusters = await source.listClusters();

    expect(
      clusters.map(c => [c.name, c.aws?.accountId, c.aws?.region]),
    ).toEqual([
      ['orbital-prod', ACCOUNT, 'eu-central-1'],
      ['orbital-dr', ACCOUNT, 'eu-west-1'],
      ['piksel-production', OTHER_ACCOUNT, 'ap-southeast-3'],
    ]);
    expect(clusters[2].apiServer).toMatch(
      /\.gr7\.ap-southeast-3\.eks\.amazonaws\.com$/,
    );
    for (const request of [...orbital.requests, ...piksel.requests]) {
      expect(request.signingRegion).toBe(request.region);
      expect(request.signingService).toBe('eks');
    }
    expect(orbital.requests.map(r => r.region).sort()).toEqual([
      'eu-central-1',
      'eu-central-1',
      'eu-west-1',
      'eu-west-1',
    ]);
    expect(piksel.requests.map(r => r.accessKeyId)).toEqual([
      'AKIAPIKSEL',
      'AKIAPIKSEL',
    ]);
  });

  it('keeps only clusters matching the tag filter and reads a custom environment tag', async () => {
    server.use(
      ...createEksHandlers({
        regions: {
          'eu-central-1': [
            {
              name: 'shared-a',
              tags: { 'platform-portal': 'yes', stage: 'stg' },
            },
            {
              name: 'shared-b',
              tags: { 'platform-portal': 'no', stage: 'prod' },
            },
            { name: 'team-x', tags: { stage: 'dev' } },
            {
              name: 'shared-c',
              tags: { 'platform-portal': 'yes', stage: 'qa', owner: 'x' },
            },
          ],
        },
      }),
    );
    const source = EksClusterSource.fromConfig(
      config([
        {
          accountId: ACCOUNT,
          regions: ['eu-central-1'],
          tagFilter: { 'platform-portal': 'yes', owner: '*' },
          environmentTag: 'stage',
        },
      ]),
      { logger: mockServices.logger.mock() },
    );

    expect(
      (await source.listClusters()).map(c => [c.name, c.environment]),
    ).toEqual([['shared-c', 'qa']]);

    const withoutWildcard = EksClusterSource.fromConfig(
      config([
        {
          accountId: ACCOUNT,
          regions: ['eu-central-1'],
          tagFilter: { 'platform-portal': 'yes' },
          environmentTag: 'stage',
        },
      ]),
      { logger: mockServices.logger.mock() },
    );
    expect(
      (await withoutWildcard.listClusters()).map(c => [c.name, c.environment]),
    ).toEqual([
      ['shared-a', 'staging'],
      ['shared-c', 'qa'],
    ]);
  });

  it('returns the healthy region when another one is denied, and reports the failure', async () => {
    const api = createEksHandlers({
      regions: {
        'eu-central-1': [{ name: 'orbital-prod' }, { name: 'orbital-dev' }],
      },
      accessDenied: ['eu-west-1'],
    });
    server.use(...api);
    const logger = mockServices.logger.mock();
    const source = EksClusterSource.fromConfig(
      config([{ accountId: ACCOUNT, regions: ['eu-west-1', 'eu-central-1'] }]),
      { logger },
    );

    const result = await source.discover();

    expect(result.clusters.map(c => c.name)).toEqual([
      'orbital-dev',
      'orbital-prod',
    ]);
    expect(result.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: 'eu-west-1',
        code: 'AccessDeniedException',
        message: expect.stringContaining(
          'not authorized to perform: eks:ListClusters',
        ),
        retainedClusters: 0,
      },
    ]);
    expect(source.lastErrors).toEqual(result.errors);
    // Access denied is not retried.
    expect(api.requests.filter(r => r.region === 'eu-west-1')).toHaveLength(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        new RegExp(`account ${ACCOUNT} in eu-west-1: AccessDeniedException`),
      ),
      expect.objectContaining({ accountId: ACCOUNT, region: 'eu-west-1' }),
    );
  });

  it('gives up on a throttled region after the SDK retries, keeping its clusters of the last run', async () => {
    const logger = mockServices.logger.mock();
    const source = EksClusterSource.fromConfig(
      config([{ accountId: ACCOUNT, regions: ['eu-central-1', 'eu-west-1'] }]),
      { logger, maxAttempts: 2 },
    );
    server.use(
      ...createEksHandlers({
        regions: {
          'eu-central-1': [{ name: 'orbital-prod' }],
          'eu-west-1': [{ name: 'orbital-dr' }],
        },
      }),
    );
    expect((await source.listClusters()).map(c => c.name)).toEqual([
      'orbital-prod',
      'orbital-dr',
    ]);

    server.resetHandlers();
    const api = createEksHandlers({
      regions: {
        'eu-central-1': [{ name: 'orbital-prod' }, { name: 'orbital-new' }],
      },
      throttled: ['eu-west-1'],
    });
    server.use(...api);

    const clusters = await source.listClusters();

    expect(clusters.map(c => c.name)).toEqual([
      'orbital-new',
      'orbital-prod',
      'orbital-dr',
    ]);
    expect(api.requests.filter(r => r.region === 'eu-west-1')).toHaveLength(2);
    expect(source.lastErrors).toEqual([
      expect.objectContaining({
        region: 'eu-west-1',
        code: 'ThrottlingException',
        retainedClusters: 1,
      }),
    ]);
  });

  it('skips a cluster whose DescribeCluster fails without losing the others', async () => {
    server.use(
      ...createEksHandlers({
        regions: {
          'eu-central-1': [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
        },
        describeFailures: ['b'],
      }),
    );
    const source = EksClusterSource.fromConfig(
      config([{ accountId: ACCOUNT, regions: ['eu-central-1'] }]),
      { logger: mockServices.logger.mock(), maxAttempts: 1 },
    );

    expect((await source.listClusters()).map(c => c.name)).toEqual(['a', 'c']);
    expect(source.lastErrors).toEqual([
      expect.objectContaining({ clusterName: 'b', code: 'ServerException' }),
    ]);
  });

  it('keeps a cluster from the last run when only its DescribeCluster fails', async () => {
    const source = EksClusterSource.fromConfig(
      config([{ accountId: ACCOUNT, regions: ['eu-central-1'] }]),
      { logger: mockServices.logger.mock(), maxAttempts: 1 },
    );
    server.use(
      ...createEksHandlers({
        regions: {
          'eu-central-1': [{ name: 'a', version: '1.30' }, { name: 'b' }],
        },
      }),
    );
    await source.listClusters();
    server.resetHandlers();
    server.use(
      ...createEksHandlers({
        regions: {
          'eu-central-1': [{ name: 'a', version: '1.31' }, { name: 'b' }],
        },
        describeFailures: ['a'],
      }),
    );

    const clusters = await source.listClusters();

    expect(clusters.map(c => [c.name, c.kubernetesVersion])).toEqual([
      ['a', '1.30'],
      ['b', '1.31'],
    ]);
    expect(source.lastErrors).toEqual([
      expect.objectContaining({ clusterName: 'a', retainedClusters: 1 }),
    ]);
  });

  it('describes at most `concurrency` clusters at a time', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const names = Array.from({ length: 12 }, (_, i) => ({ name: `c${i}` }));
    const api = createEksHandlers({
      regions: { 'eu-central-1': names },
      pageSize: 100,
    });
    server.use(
      http.get(
        'https://eks.eu-central-1.amazonaws.com/clusters/:name',
        async () => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await delay(10);
          inFlight--;
          return undefined; // fall through to the fake API
        },
      ),
      ...api,
    );
    const source = EksClusterSource.fromConfig(
      config([{ accountId: ACCOUNT, regions: ['eu-central-1'] }]),
      { logger: mockServices.logger.mock(), concurrency: 3 },
    );

    expect(await source.listClusters()).toHaveLength(12);
    expect(maxInFlight).toBe(3);
  });

  it('reports an account without credentials and still reads the others', async () => {
    server.use(
      ...createEksHandlers({
        regions: { 'eu-central-1': [{ name: 'orbital-prod' }] },
      }),
    );
    const source = EksClusterSource.fromConfig(
      config([
        { accountId: '000000000000', regions: ['eu-central-1'] },
        { accountId: ACCOUNT, regions: ['eu-central-1'] },
      ]),
      {
        logger: mockServices.logger.mock(),
        // The default manager would ask STS who the main account is; this one just refuses.
        credentialsManager: {
          async getCredentialProvider(opts) {
            if (opts?.accountId !== ACCOUNT) {
              throw new Error(
                `There is no AWS integration that matches ${opts?.accountId}.`,
              );
            }
            return {
              accountId: ACCOUNT,
              sdkCredentialProvider: async () => ({
                accessKeyId: 'AKIAORBITAL',
                secretAccessKey: 'orbital-secret',
              }),
            };
          },
        },
      },
    );

    expect((await source.listClusters()).map(c => c.name)).toEqual([
      'orbital-prod',
    ]);
    expect(source.lastErrors).toEqual([
      expect.objectContaining({
        accountId: '000000000000',
        region: 'eu-central-1',
      }),
    ]);
  });

  it('rejects malformed config at startup', () => {
    const logger = mockServices.logger.mock();
    expect(() =>
      EksClusterSource.fromConfig(
        config([{ accountId: 'orbital', regions: ['eu-central-1'] }]),
        {
          logger,
        },
      ),
    ).toThrow(/12-digit AWS account id/);
    expect(() =>
      EksClusterSource.fromConfig(
        config([{ accountId: ACCOUNT, regions: [] }]),
        { logger },
      ),
    ).toThrow(/at least one region/);
    expect(() =>
      EksClusterSource.fromConfig(config([{ regions: ['eu-central-1'] }]), {
        logger,
      }),
    ).toThrow(/accountId/);
  });
});
