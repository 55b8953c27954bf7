import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { StandardRetryStrategy } from '@smithy/core/retry';
import { setupServer } from 'msw/node';
import {
  createEcrHandlers,
  FakeEcr,
  FakeEcrImage,
  generateImages,
} from '../../__testUtils__/fakeEcr';
import { RepositoryReadError } from '../types';
import { EcrProvider, EcrProviderOptions } from './EcrProvider';

const SHOP = '104729384756';
const PAYMENTS = '381492657203';
const KEYS: Record<string, string> = {
  [SHOP]: 'AKIASHOPPORTAL',
  [PAYMENTS]: 'AKIAPAYMENTSPORTAL',
};

/** Hands out each account's own keys, as role assumption would; refuses unknown accounts. */
function fakeCredentialsManager() {
  const manager = {
    getCredentialProvider: jest.fn(async (opts?: { accountId?: string }) => {
      const accessKeyId = KEYS[opts?.accountId ?? ''];
      if (!accessKeyId) {
        throw new Error(
          `There is no AWS integration that matches ${opts?.accountId}. Please add a configuration for this AWS account.`,
        );
      }
      return {
        accountId: opts!.accountId,
        sdkCredentialProvider: async () => ({
          accessKeyId,
          secretAccessKey: `${accessKeyId}-secret`,
        }),
      };
    }),
  };
  return manager satisfies AwsCredentialsManager;
}

/**
 * The SDK's own standard retry strategy (same error classification and retry budget) without its
 * waits: throttling backoff starts at a second, which would make these tests slow.
 */
const retryWithoutWaiting = (maxAttempts: number) =>
  new StandardRetryStrategy({
    maxAttempts,
    backoff: { computeNextBackoffDelay: () => 0, setDelayBase: () => {} },
  });

function createProvider(
  options: Partial<EcrProviderOptions> & { ecr?: object } = {},
) {
  const { ecr, ...rest } = options;
  return EcrProvider.fromConfig(
    new ConfigReader({
      containerImages: {
        ecr: {
          defaultAccountId: SHOP,
          defaultRegion: 'eu-central-1',
          maxAttempts: 3,
          ...ecr,
        },
      },
    }),
    {
      credentialsManager: fakeCredentialsManager(),
      retryStrategy: retryWithoutWaiting,
      ...rest,
    },
  );
}

const image = (
  n: number,
  tags: string[],
  extra: Partial<FakeEcrImage> = {},
): FakeEcrImage => ({
  digest: `sha256:${String(n).repeat(64).slice(0, 64)}`,
  tags,
  pushedAt: new Date(Date.UTC(2026, 10, n, 9, 30)),
  sizeBytes: 100_000_000 + n,
  mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
  ...extra,
});

async function readError(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RepositoryReadError);
    return error as RepositoryReadError;
  }
  throw new Error('expected the read to fail');
}

describe('EcrProvider', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  function fake(options?: ConstructorParameters<typeof FakeEcr>[0]) {
    const ecr = new FakeEcr({ accessKeys: KEYS, ...options });
    server.use(...createEcrHandlers(ecr));
    return ecr;
  }

  describe('listImages', () => {
    it('reads every tagged image across every page, not just the first one', async () => {
      const ecr = fake();
      const history = generateImages(2500, { untagged: 300 });
      ecr.addRepository({
        accountId: SHOP,
        region: 'eu-central-1',
        name: 'shop/orders-service',
        images: history,
      });
      const tagged = history.filter(i => i.tags.length > 0);
      const untagged = history.filter(i => i.tags.length === 0);
      const newest = [...tagged]
        .sort((a, b) => b.pushedAt.getTime() - a.pushedAt.getTime())
        .slice(0, 100)
        .map(i => i.digest);
      // The API answers in digest order, not push order: the first 100 images (where the AWS
      // plugin stops before sorting) hold hardly any of the 100 newest.
      const firstHundred = new Set(
        tagged
          .map(i => i.digest)
          .sort()
          .slice(0, 100),
      );
      expect(newest.filter(d => firstHundred.has(d)).length).toBeLessThan(20);
      expect(untagged.length).toBeGreaterThanOrEqual(300);

      const provider = createProvider();
      const repository = await provider.listImages(
        provider.parse('shop/orders-service'),
      );

      expect(repository.images).toHaveLength(2500);
      expect(new Set(repository.images.map(i => i.digest))).toEqual(
        new Set(tagged.map(i => i.digest)),
      );
      expect(repository.images.map(i => i.digest)).toEqual(
        expect.arrayContaining(newest),
      );
      const untaggedDigests = new Set(untagged.map(i => i.digest));
      expect(
        repository.images.filter(i => untaggedDigests.has(i.digest)),
      ).toEqual([]);
      const pages = ecr.callsOf('DescribeImages');
      expect(
        pages.map(c => [c.maxResults, c.tagStatus, !!c.nextToken]),
      ).toEqual([
        [1000, 'TAGGED', false],
        [1000, 'TAGGED', true],
        [1000, 'TAGGED', true],
      ]);
      // DescribeRepositories, GetLifecyclePolicy and three pages.
      expect(repository.calls).toBe(5);
      expect(ecr.calls).toHaveLength(5);
    });

    it('follows nextToken through short pages too', async () => {
      // Here the server filters after cutting pages, so pages hold fewer than maxResults images.
      const ecr = fake({ filterWithinPages: true });
      const history = generateImages(1500, { untagged: 700, seed: 'short' });
      ecr.addRepository({
        accountId: SHOP,
        region: 'eu-central-1',
        name: 'shop/cart',
        images: history,
      });
      const provider = createProvider();

      const repository = await provider.listImages(provider.parse('shop/cart'));

      expect(repository.images).toHaveLength(1500);
      expect(ecr.callsOf('DescribeImages').length).toBe(
        Math.ceil(history.length / 1000),
      );
    });

    it('maps each image: tags, digest, times, size, media type and scan', async () => {
      const ecr = fake();
      ecr.addRepository({
        accountId: SHOP,
        region: 'eu-central-1',
        name: 'shop/orders-service',
        images: [
          image(1, ['1.4.2', 'latest'], {
            lastPulledAt: new Date('2026-11-18T07:00:00Z'),
            scan: {
              status: 'COMPLETE',
              description: 'The scan was completed successfully.',
              completedAt: new Date('2026-11-01T09:32:00Z'),
              counts: { CRITICAL: 1, HIGH: 3, MEDIUM: 0, LOW: 7 },
            },
          }),
          image(2, ['1.4.3-SNAPSHOT', 'develop'], {
            mediaType: 'application/vnd.oci.image.index.v1+json',
            scan: { status: 'PENDING' },
          }),
          image(3, ['sha-9f8e7d6'], {
            scan: {
              status: 'FAILED',
              description:
                'UnsupportedImageError: The operating system and/or package manager are not supported.',
            },
          }),
          image(4, ['pr-412']),
          image(5, []),
        ],
      });
      const provider = createProvider();

      const repository = await provider.listImages(
        provider.parse('shop/orders-service'),
      );

      const byDigest = Object.fromEntries(
        repository.images.map(i => [i.tags[0], i]),
      );
      expect(Object.keys(byDigest).sort()).toEqual([
        '1.4.2',
        '1.4.3-SNAPSHOT',
        'pr-412',
        'sha-9f8e7d6',
      ]);
      expect(byDigest['1.4.2']).toEqual({
        digest: `sha256:${'1'.repeat(64)}`,
        tags: ['1.4.2', 'latest'],
        pushedAt: new Date('2026-11-01T09:30:00Z'),
        sizeBytes: 100_000_001,
        lastPulledAt: new Date('2026-11-18T07:00:00Z'),
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        scan: {
          status: 'COMPLETE',
          description: 'The scan was completed successfully.',
          completedAt: '2026-11-01T09:32:00.000Z',
          findingCounts: { CRITICAL: 1, HIGH: 3, LOW: 7 },
        },
      });
      expect(byDigest['1.4.3-SNAPSHOT']).toMatchObject({
        mediaType: 'application/vnd.oci.image.index.v1+json',
        scan: { status: 'PENDING', findingCounts: {} },
      });
      expect(byDigest['1.4.3-SNAPSHOT'].lastPulledAt).toBeUndefined();
      expect(byDigest['sha-9f8e7d6'].scan).toEqual({
        status: 'FAILED',
        description:
          'UnsupportedImageError: The operating system and/or package manager are not supported.',
        findingCounts: {},
      });
      expect(byDigest['pr-412'].scan).toEqual({
        status: 'NOT_SCANNED',
        findingCounts: {},
      });
    });

    it('reports tag mutability with its exclusions, the lifecycle policy and a console link', async () => {
      const ecr = fake();
      const policy = {
        rules: [
          {
            rulePriority: 1,
            selection: {
              tagStatus: 'untagged',
              countType: 'sinceImagePushed',
              countUnit: 'days',
              countNumber: 14,
            },
            action: { type: 'expire' },
          },
        ],
      };
      ecr.addRepository({
        accountId: SHOP,
        region: 'eu-central-1',
        name: 'shop/orders-service',
        tagMutability: 'IMMUTABLE_WITH_EXCLUSION',
        tagMutabilityExclusions: ['*-SNAPSHOT', 'develop', 'latest'],
        lifecyclePolicy: policy,
        images: [image(1, ['1.0.0'])],
      });
      ecr.addRepository({
        accountId: SHOP,
        region: 'eu-central-1',
        name: 'shop/legacy',
        images: [image(1, ['0.9.0'])],
      });
      const provider = createProvider();

      const orders = await provider.listImages(
        provider.parse('shop/orders-service'),
      );
      const legacy = await provider.listImages(provider.parse('shop/legacy'));

      expect(orders).toMatchObject({
        consoleUrl: `https://eu-central-1.console.aws.amazon.com/ecr/repositories/private/${SHOP}/shop/orders-service?region=eu-central-1`,
        tagMutability: 'IMMUTABLE_WITH_EXCLUSION',
        tagMutabilityExclusions: ['*-SNAPSHOT', 'develop', 'latest'],
        lifecyclePolicyText: JSON.stringify(policy),
      });
      expect(legacy.tagMutability).toBe('MUTABLE');
      expect(legacy.tagMutabilityExclusions).toBeUndefined();
      // No policy is null ("none set"), not undefined ("no such notion").
      expect(legacy.lifecyclePolicyText).toBeNull();
      expect(legacy.parsed).toEqual(provider.parse('shop/legacy'));
    });

    it('retries throttling with the SDK retry and then succeeds; the calls show the retries', async () => {
      const ecr = fake();
      ecr.addRepository({
        accountId: SHOP,
        region: 'eu-central-1',
        name: 'shop/orders-service',
        images: [image(1, ['1.0.0'])],
      });
      ecr.throttle(2);
      const provider = createProvider();

      const repository = await provider.listImages(
        provider.parse('shop/orders-service'),
      );

      expect(repository.images).toHaveLength(1);
      expect(
        ecr.callsOf('DescribeRepositories').map(c => c.errorCode ?? 'ok'),
      ).toEqual(['ThrottlingException', 'ThrottlingException', 'ok']);
      expect(repository.calls).toBe(5);
    });

    it('retries throttling with the standard SDK retry when no test strategy is given', async () => {
      const ecr = fake();
      ecr.addRepository({
        accountId: SHOP,
        region: 'eu-central-1',
        name: 'shop/orders-service',
        images: [image(1, ['1.0.0'])],
      });
      ecr.throttle(1);
      // The production path: `retryMode: 'standard'` and the configured attempts (this waits up
      // to a second, the SDK's first throttling backoff).
      const provider = createProvider({
        ecr: { maxAttempts: 2 },
        retryStrategy: undefined,
      });

      const repository = await provider.listImages(
        provider.parse('shop/orders-service'),
      );

      expect(repository.images).toHaveLength(1);
      expect(
        ecr.callsOf('DescribeRepositories').map(c => c.errorCode ?? 'ok'),
      ).toEqual(['ThrottlingException', 'ok']);
    });

    it('gives up after maxAttempts when ECR keeps throttling', async () => {
      const ecr = fake();
      ecr.addRepository({
        accountId: SHOP,
        region: 'eu-central-1',
        name: 'shop/orders-service',
        images: [image(1, ['1.0.0'])],
      });
      ecr.throttle(Infinity, { operation: 'DescribeImages' });
      const provider = createProvider({ ecr: { maxAttempts: 4 } });

      const error = await readError(
        provider.listImages(provider.parse('shop/orders-service')),
      );

      expect(error.code).toBe('ThrottlingException');
      expect(error.statusCode).toBe(400);
      expect(error.message).toBe(
        `ThrottlingException: ECR throttled ecr:DescribeImages on arn:aws:ecr:eu-central-1:${SHOP}:repository/shop/orders-service 4 times in a row; try again in a moment`,
      );
      expect(ecr.callsOf('DescribeImages')).toHaveLength(4);
    });

    it('reports access denied with the operation and repository, without retrying', async () => {
      const ecr = fake();
      const orders = {
        accountId: SHOP,
        region: 'eu-central-1',
        name: 'shop/orders-service',
      };
      ecr.addRepository({ ...orders, images: [image(1, ['1.0.0'])] });
      ecr.denyAccess(orders, ['DescribeImages']);
      const provider = createProvider();

      const error = await readError(
        provider.listImages(provider.parse('shop/orders-service')),
      );

      expect(error.code).toBe('AccessDeniedException');
      expect(error.statusCode).toBe(400);
      expect(error.message).toMatch(
        new RegExp(
          `^AccessDeniedException: the portal's role may not call ecr:DescribeImages on arn:aws:ecr:eu-central-1:${SHOP}:repository/shop/orders-service; .*is not authorized to perform: ecr:DescribeImages`,
        ),
      );
      expect(ecr.callsOf('DescribeImages')).toHaveLength(1);
    });

    it('still lists the images when only the lifecycle policy may not be read, and logs why', async () => {
      const ecr = fake();
      const orders = {
        accountId: SHOP,
        region: 'eu-central-1',
        name: 'shop/orders-service',
      };
      ecr.addRepository({
        ...orders,
        lifecyclePolicy: { rules: [] },
        images: [image(1, ['1.0.0'])],
      });
      ecr.denyAccess(orders, ['GetLifecyclePolicy']);
      const logger = mockServices.logger.mock();
      const provider = createProvider({ logger });

      const repository = await provider.listImages(
        provider.parse('shop/orders-service'),
      );

      expect(repository.images).toHaveLength(1);
      expect(repository.lifecyclePolicyText).toBeUndefined();
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('may not call ecr:GetLifecyclePolicy'),
        expect.objectContaining({ repository: 'shop/orders-service' }),
      );
    });

    it('reports a repository that does not exist after one call', async () => {
      const ecr = fake();
      const provider = createProvider();

      const error = await readError(
        provider.listImages(provider.parse('shop/typo-service')),
      );

      expect(error.code).toBe('RepositoryNotFoundException');
      expect(error.statusCode).toBe(400);
      expect(error.message).toContain(
        `there is no repository 'shop/typo-service' in account ${SHOP}, region eu-central-1`,
      );
      expect(ecr.calls.map(c => c.operation)).toEqual(['DescribeRepositories']);
    });

    it("signs each account's calls with that account's credentials, in the ARN's region", async () => {
      const ecr = fake();
      ecr.addRepository({
        accountId: SHOP,
        region: 'eu-central-1',
        name: 'shop/orders-service',
        images: [image(1, ['1.0.0'])],
      });
      ecr.addRepository({
        accountId: PAYMENTS,
        region: 'us-east-1',
        name: 'payments/ledger',
        images: [image(2, ['2.0.0']), image(3, ['2.1.0'])],
      });
      ecr.addRepository({
        accountId: PAYMENTS,
        region: 'eu-west-1',
        name: 'payments/ledger',
        images: [image(4, ['2.1.0'])],
      });
      const credentialsManager = fakeCredentialsManager();
      const provider = createProvider({ credentialsManager });
      const refs = [
        'shop/orders-service',
        `arn:aws:ecr:us-east-1:${PAYMENTS}:repository/payments/ledger`,
        `arn:aws:ecr:eu-west-1:${PAYMENTS}:repository/payments/ledger`,
      ];

      const read = await Promise.all(
        refs.map(r => provider.listImages(provider.parse(r))),
      );
      await provider.listImages(provider.parse(refs[1]));

      expect(read.map(r => r.images.map(i => i.tags[0]).sort())).toEqual([
        ['1.0.0'],
        ['2.0.0', '2.1.0'],
        ['2.1.0'],
      ]);
      const seen = new Set(
        ecr.calls.map(c => `${c.accountId} ${c.region} ${c.accessKeyId}`),
      );
      expect([...seen].sort()).toEqual([
        `${SHOP} eu-central-1 AKIASHOPPORTAL`,
        `${PAYMENTS} eu-west-1 AKIAPAYMENTSPORTAL`,
        `${PAYMENTS} us-east-1 AKIAPAYMENTSPORTAL`,
      ]);
      // No lifecycle policies here; nothing else failed (a wrong key would be AccessDenied).
      expect(
        ecr.calls.filter(
          c =>
            c.errorCode && c.errorCode !== 'LifecyclePolicyNotFoundException',
        ),
      ).toEqual([]);
      // One client per account and region, kept for later reads.
      expect(
        credentialsManager.getCredentialProvider.mock.calls.map(
          ([o]) => o?.accountId,
        ),
      ).toEqual([SHOP, PAYMENTS, PAYMENTS]);
    });

    it('fails a repository of an account the portal has no credentials for, calling nothing', async () => {
      const ecr = fake();
      const provider = createProvider();

      const error = await readError(
        provider.listImages(
          provider.parse('arn:aws:ecr:eu-central-1:999999999999:repository/x1'),
        ),
      );

      expect(error.code).toBe('CredentialsError');
      expect(error.message).toContain(
        'no AWS credentials for account 999999999999',
      );
      expect(ecr.calls).toEqual([]);
    });

    it('takes credentials from the aws integration config by default', async () => {
      const ecr = fake();
      ecr.addRepository({
        accountId: PAYMENTS,
        region: 'eu-central-1',
        name: 'payments/ledger',
        images: [image(1, ['1.0.0'])],
      });
      const provider = EcrProvider.fromConfig(
        new ConfigReader({
          aws: {
            accounts: [
              {
                accountId: PAYMENTS,
                accessKeyId: KEYS[PAYMENTS],
                secretAccessKey: 'secret',
              },
            ],
          },
        }),
        { retryStrategy: retryWithoutWaiting },
      );

      const repository = await provider.listImages(
        provider.parse(
          `arn:aws:ecr:eu-central-1:${PAYMENTS}:repository/payments/ledger`,
        ),
      );

      expect(repository.images).toHaveLength(1);
      expect(ecr.calls.map(c => c.accessKeyId)).toEqual([
        KEYS[PAYMENTS],
        KEYS[PAYMENTS],
        KEYS[PAYMENTS],
      ]);
    });

    it('calls the China endpoint for an aws-cn repository and links its console', async () => {
      const ecr = fake();
      ecr.addRepository({
        accountId: PAYMENTS,
        region: 'cn-north-1',
        name: 'payments/ledger',
        images: [image(1, ['1.0.0'])],
      });
      const provider = createProvider();

      const repository = await provider.listImages(
        provider.parse(
          `arn:aws-cn:ecr:cn-north-1:${PAYMENTS}:repository/payments/ledger`,
        ),
      );

      expect(repository.images).toHaveLength(1);
      expect(repository.consoleUrl).toBe(
        `https://cn-north-1.console.amazonaws.cn/ecr/repositories/private/${PAYMENTS}/payments/ledger?region=cn-north-1`,
      );
      expect(ecr.calls.map(c => c.region)).toEqual([
        'cn-north-1',
        'cn-north-1',
        'cn-north-1',
      ]);
    });
  });

  describe('getFindings', () => {
    const digest = `sha256:${'1'.repeat(64)}`;

    it('maps basic scanning findings with their package', async () => {
      const ecr = fake();
      ecr.addRepository({
        accountId: SHOP,
        region: 'eu-central-1',
        name: 'shop/orders-service',
        images: [
          image(1, ['1.0.0'], {
            scan: {
              status: 'COMPLETE',
              completedAt: new Date('2026-11-01T09:32:00Z'),
              findings: [
                {
                  name: 'CVE-2024-6119',
                  severity: 'HIGH',
                  description: 'openssl: possible denial of service',
                  uri: 'https://security-tracker.debian.org/tracker/CVE-2024-6119',
                  packageName: 'openssl',
                  packageVersion: '3.0.13-1',
                },
                { name: 'CVE-2023-0001', severity: 'LOW' },
              ],
            },
          }),
        ],
      });
      const provider = createProvider();

      const result = await provider.getFindings(
        provider.parse('shop/orders-service'),
        digest,
      );

      expect(result).toEqual({
        scan: {
          status: 'COMPLETE',
          completedAt: '2026-11-01T09:32:00.000Z',
          findingCounts: { HIGH: 1, LOW: 1 },
        },
        findings: [
          {
            name: 'CVE-2024-6119',
            severity: 'HIGH',
            description: 'openssl: possible denial of service',
            uri: 'https://security-tracker.debian.org/tracker/CVE-2024-6119',
            packageName: 'openssl',
            packageVersion: '3.0.13-1',
          },
          { name: 'CVE-2023-0001', severity: 'LOW' },
        ],
      });
      expect(ecr.callsOf('DescribeImageScanFindings')).toEqual([
        expect.objectContaining({ imageDigest: digest, maxResults: 1000 }),
      ]);
    });

    it('maps enhanced scanning findings, with the version that fixes them', async () => {
      const ecr = fake();
      ecr.addRepository({
        accountId: SHOP,
        region: 'eu-central-1',
        name: 'shop/orders-service',
        scanType: 'ENHANCED',
        images: [
          image(1, ['1.0.0'], {
            scan: {
              status: 'ACTIVE',
              description: 'Continuous scan is selected for image.',
              completedAt: new Date('2026-11-01T09:32:00Z'),
              findings: [
                {
                  name: 'CVE-2024-45491',
                  severity: 'CRITICAL',
                  description: 'An issue was found in libexpat.',
                  uri: 'https://nvd.nist.gov/vuln/detail/CVE-2024-45491',
                  packageName: 'expat',
                  packageVersion: '2.5.0-1',
                  fixedInVersion: '2.5.0-1+deb12u1',
                },
                {
                  name: 'CVE-2025-0002',
                  severity: 'UNDEFINED',
                  packageName: 'tar',
                  packageVersion: '1.34',
                },
              ],
            },
          }),
        ],
      });
      const provider = createProvider();

      const result = await provider.getFindings(
        provider.parse('shop/orders-service'),
        digest,
      );

      expect(result.scan).toEqual({
        status: 'ACTIVE',
        description: 'Continuous scan is selected for image.',
        completedAt: '2026-11-01T09:32:00.000Z',
        findingCounts: { CRITICAL: 1, UNDEFINED: 1 },
      });
      expect(result.findings).toEqual([
        {
          name: 'CVE-2024-45491',
          severity: 'CRITICAL',
          description: 'An issue was found in libexpat.',
          uri: 'https://nvd.nist.gov/vuln/detail/CVE-2024-45491',
          packageName: 'expat',
          packageVersion: '2.5.0-1',
          fixedInVersion: '2.5.0-1+deb12u1',
        },
        {
          // Inspector says UNTRIAGED; no fix is "NotAvailable".
          name: 'CVE-2025-0002',
          severity: 'UNDEFINED',
          description: 'CVE-2025-0002 - tar',
          packageName: 'tar',
          packageVersion: '1.34',
        },
      ]);
    });

    it('reads every page of findings', async () => {
      const ecr = fake();
      ecr.addRepository({
        accountId: SHOP,
        region: 'eu-central-1',
        name: 'shop/orders-service',
        images: [
          image(1, ['1.0.0'], {
            scan: {
              status: 'COMPLETE',
              completedAt: new Date('2026-11-01T09:32:00Z'),
              counts: { CRITICAL: 45, HIGH: 300, MEDIUM: 1200, LOW: 800 },
            },
          }),
        ],
      });
      const provider = createProvider();

      const result = await provider.getFindings(
        provider.parse('shop/orders-service'),
        digest,
      );

      expect(result.findings).toHaveLength(2345);
      expect(new Set(result.findings.map(f => f.severity))).toEqual(
        new Set(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']),
      );
      expect(result.scan.findingCounts).toEqual({
        CRITICAL: 45,
        HIGH: 300,
        MEDIUM: 1200,
        LOW: 800,
      });
      expect(
        ecr.callsOf('DescribeImageScanFindings').map(c => !!c.nextToken),
      ).toEqual([false, true, true]);
    });

    it('answers NOT_SCANNED for an image ECR has no scan of, and the status of one in progress', async () => {
      const ecr = fake();
      ecr.addRepository({
        accountId: SHOP,
        region: 'eu-central-1',
        name: 'shop/orders-service',
        images: [
          image(1, ['1.0.0']),
          image(2, ['1.1.0'], {
            scan: {
              status: 'IN_PROGRESS',
              description: 'The scan is in progress.',
            },
          }),
        ],
      });
      const provider = createProvider();
      const ref = provider.parse('shop/orders-service');

      expect(await provider.getFindings(ref, digest)).toEqual({
        scan: { status: 'NOT_SCANNED', findingCounts: {} },
        findings: [],
      });
      expect(
        await provider.getFindings(ref, `sha256:${'2'.repeat(64)}`),
      ).toEqual({
        scan: {
          status: 'IN_PROGRESS',
          description: 'The scan is in progress.',
          findingCounts: {},
        },
        findings: [],
      });
      expect(
        ecr.callsOf('DescribeImageScanFindings').map(c => c.errorCode),
      ).toEqual(['ScanNotFoundException', undefined]);
    });

    it('reports an image that is gone', async () => {
      const ecr = fake();
      ecr.addRepository({
        accountId: SHOP,
        region: 'eu-central-1',
        name: 'shop/orders-service',
        images: [],
      });
      const provider = createProvider();

      const error = await readError(
        provider.getFindings(provider.parse('shop/orders-service'), digest),
      );

      expect(error.code).toBe('ImageNotFoundException');
      expect(error.statusCode).toBe(400);
    });
  });
});
