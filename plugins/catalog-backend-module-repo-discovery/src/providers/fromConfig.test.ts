import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  clusterProviderFromConfig,
  repoDiscoveryProvidersFromConfig,
} from './fromConfig';

const deps = (data: object) => ({
  config: new ConfigReader(data),
  logger: mockServices.logger.mock(),
  scheduler: mockServices.scheduler.mock(),
});

const github = {
  integrations: { github: [{ host: 'github.com', token: 't' }] },
};

describe('repoDiscoveryProvidersFromConfig', () => {
  it('returns one provider per config block, named after it', () => {
    const providers = repoDiscoveryProvidersFromConfig(
      deps({
        ...github,
        catalog: {
          providers: {
            repoDiscovery: {
              orbital: { github: { organization: 'orbital-data' } },
              local: { localDirectory: '/tmp/does-not-exist-yet' },
            },
          },
        },
      }),
    );
    expect(providers.map(p => p.getProviderName())).toEqual([
      'repo-discovery:orbital',
      'repo-discovery:local',
    ]);
    expect(providers.map(p => p.source.id)).toEqual([
      'github:github.com/orbital-data',
      'local:/tmp/does-not-exist-yet',
    ]);
  });

  it('is empty without config', () => {
    expect(repoDiscoveryProvidersFromConfig(deps({}))).toEqual([]);
  });

  it('fails fast on a block with neither or both sources', () => {
    for (const block of [
      {},
      { github: { organization: 'o' }, localDirectory: '/x' },
    ]) {
      expect(() =>
        repoDiscoveryProvidersFromConfig(
          deps({
            ...github,
            catalog: { providers: { repoDiscovery: { bad: block } } },
          }),
        ),
      ).toThrow(
        "catalog.providers.repoDiscovery.bad must set exactly one of 'github' and 'localDirectory'",
      );
    }
  });

  it('fails fast when no GitHub integration covers the host', () => {
    expect(() =>
      repoDiscoveryProvidersFromConfig(
        deps({
          catalog: {
            providers: {
              repoDiscovery: {
                ghe: { github: { organization: 'o', host: 'ghe.example.com' } },
              },
            },
          },
        }),
      ),
    ).toThrow(/ghe\.example\.com/);
  });
});

describe('clusterProviderFromConfig', () => {
  it('builds the cluster provider, with EKS discovery only where configured', async () => {
    const without = await clusterProviderFromConfig(deps({}));
    expect(without.getProviderName()).toBe('platform-clusters');
    await expect(
      clusterProviderFromConfig(
        deps({
          aws: { mainAccount: { accessKeyId: 'AKIA', secretAccessKey: 's' } },
          catalog: {
            providers: {
              platformClusters: {
                eks: [{ accountId: '123456789012', regions: ['eu-central-1'] }],
              },
            },
          },
        }),
      ),
    ).resolves.toBeDefined();
  });
});
