import { ConfigReader } from '@backstage/config';
import { classifyTag } from '@platform-portal/plugin-container-images-common';
import { EcrProvider } from '../providers/ecr';
import {
  ECR_TARGET_PREFIX,
  FakeEcr,
  FakeEcrServer,
  generateImages,
  startFakeEcrServer,
} from './fakeEcr';

const ACCOUNT = '104729384756';

describe('generateImages', () => {
  const images = generateImages(600, { untagged: 25 });
  const tagged = images.filter(i => i.tags.length > 0);

  it('makes exactly n tagged images, each tag on one image only', () => {
    expect(tagged).toHaveLength(600);
    const tags = images.flatMap(i => i.tags);
    expect(new Set(tags).size).toBe(tags.length);
  });

  it('leaves untagged images behind, as rebuilt snapshots do in ECR', () => {
    // 25 asked for, the rest from snapshot tags that moved to a newer build.
    expect(images.length - tagged.length).toBeGreaterThan(25);
  });

  it('has releases, snapshots, moving tags and others, on the newest images where they belong', () => {
    const classes = new Set(
      images.flatMap(i => i.tags.map(t => classifyTag(t))),
    );
    expect(classes).toEqual(new Set(['stable', 'snapshot', 'moving', 'other']));
    const newestWith = (tag: string) =>
      images.reduce<(typeof images)[number] | undefined>(
        (found, i) =>
          classifyTag(i.tags[0] ?? '') === tag &&
          (!found || i.pushedAt > found.pushedAt)
            ? i
            : found,
        undefined,
      );
    expect(newestWith('stable')?.tags).toContain('latest');
    expect(newestWith('snapshot')?.tags).toContain('develop');
  });

  it('has scans of every kind: pending, in progress, failed, complete with counts, none', () => {
    const statuses = new Set(images.map(i => i.scan?.status ?? 'none'));
    expect(statuses).toEqual(
      new Set(['PENDING', 'IN_PROGRESS', 'FAILED', 'COMPLETE', 'none']),
    );
    expect(
      images.some(
        i => i.scan?.status === 'COMPLETE' && (i.scan.counts?.HIGH ?? 0) > 0,
      ),
    ).toBe(true);
  });

  it('is the same for the same seed and differs for another', () => {
    expect(generateImages(50, { seed: 'a' })).toEqual(
      generateImages(50, { seed: 'a' }),
    );
    expect(generateImages(50, { seed: 'b' })[0].digest).not.toBe(
      generateImages(50, { seed: 'a' })[0].digest,
    );
  });

  it('pushes every image before `now`', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const times = generateImages(100, { now }).map(i => i.pushedAt.getTime());
    expect(Math.max(...times)).toBeLessThan(now.getTime());
  });
});

describe('startFakeEcrServer', () => {
  let server: FakeEcrServer;
  const fake = new FakeEcr({ accessKeys: { [ACCOUNT]: 'AKIABENCH' } });
  fake.addRepository({
    accountId: ACCOUNT,
    region: 'eu-west-1',
    name: 'shop/orders-service',
    images: generateImages(1200, { seed: 'server' }),
  });

  beforeAll(async () => {
    server = await startFakeEcrServer(fake);
  });
  afterAll(() => server.stop());

  it('serves the provider through containerImages.ecr.endpoint', async () => {
    const provider = EcrProvider.fromConfig(
      new ConfigReader({
        containerImages: {
          ecr: {
            defaultAccountId: ACCOUNT,
            defaultRegion: 'eu-west-1',
            endpoint: server.url,
          },
        },
        aws: {
          accounts: [
            {
              accountId: ACCOUNT,
              accessKeyId: 'AKIABENCH',
              secretAccessKey: 'bench-secret',
            },
          ],
        },
      }),
    );

    const repository = await provider.listImages(
      provider.parse('shop/orders-service'),
    );

    expect(repository.images).toHaveLength(1200);
    expect(
      server.calls.map(c => [c.operation, c.region, c.accessKeyId]),
    ).toEqual([
      ['DescribeRepositories', 'eu-west-1', 'AKIABENCH'],
      ['GetLifecyclePolicy', 'eu-west-1', 'AKIABENCH'],
      ['DescribeImages', 'eu-west-1', 'AKIABENCH'],
      ['DescribeImages', 'eu-west-1', 'AKIABENCH'],
    ]);
  });

  it('refuses unsigned requests like AWS', async () => {
    const response = await fetch(`${server.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `${ECR_TARGET_PREFIX}DescribeRepositories`,
      },
      body: '{}',
    });

    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });
  });
});
