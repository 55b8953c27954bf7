import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { setupServer } from 'msw/node';
import { Readable } from 'node:stream';
import { PlanSourceReadError } from '../types';
import {
  FAKE_S3_ENDPOINT,
  FakeS3Object,
  createFakeS3,
} from './__testUtils__/fakeS3';
import { S3PlanSource } from './S3PlanSource';

const PIKSEL_PROD = '862471039258';

function source(
  extra: {
    buckets?: object[];
    logger?: ReturnType<typeof mockServices.logger.mock>;
  } = {},
) {
  return S3PlanSource.fromConfig(
    new ConfigReader({
      aws: {
        mainAccount: {
          accessKeyId: 'AKIAMAINACCOUNT',
          secretAccessKey: 'main-secret',
        },
        accounts: [
          {
            accountId: PIKSEL_PROD,
            accessKeyId: 'AKIAPIKSELPROD',
            secretAccessKey: 'piksel-secret',
          },
        ],
      },
      terraform: {
        s3: {
          buckets: extra.buckets ?? [
            {
              name: 'piksel-terraform-plans',
              region: 'ap-southeast-3',
              accountId: PIKSEL_PROD,
              endpoint: FAKE_S3_ENDPOINT,
            },
            {
              name: 'orbital-terraform-plans',
              region: 'eu-central-1',
              endpoint: FAKE_S3_ENDPOINT,
            },
          ],
        },
      },
    }),
    // One attempt: the SDK's retries of 503 SlowDown would only slow the tests down.
    { logger: extra.logger ?? mockServices.logger.mock(), maxAttempts: 1 },
  );
}

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

async function readError(
  promise: Promise<unknown>,
): Promise<PlanSourceReadError> {
  const error = await promise.then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(PlanSourceReadError);
  return error;
}

const plan = (
  key: string,
  extra: Partial<FakeS3Object> = {},
): FakeS3Object => ({
  key,
  body: JSON.stringify({ format_version: '1.2', key }),
  ...extra,
});

describe('S3PlanSource', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  describe('targets', () => {
    it('accept <bucket>/<prefix> of a configured bucket, and the whole bucket', () => {
      const s3 = source();
      expect(() =>
        s3.validateTarget('piksel-terraform-plans/shared-resources'),
      ).not.toThrow();
      expect(() =>
        s3.validateTarget('piksel-terraform-plans/a/b/'),
      ).not.toThrow();
      expect(() => s3.validateTarget('piksel-terraform-plans')).not.toThrow();
    });

    it('refuse a bucket that is not configured, whatever the annotation says', () => {
      const s3 = source();
      expect(() => s3.validateTarget('someone-elses-bucket/plans')).toThrow(
        new InputError(
          'bucket someone-elses-bucket is not configured (terraform.s3.buckets)',
        ),
      );
      expect(() =>
        source({ buckets: [] }).validateTarget('piksel-terraform-plans/x'),
      ).toThrow(InputError);
    });

    it('refuse a prefix that climbs out or has empty segments', () => {
      const s3 = source();
      for (const bad of [
        'piksel-terraform-plans/../other',
        'piksel-terraform-plans/shared/../../x',
        'piksel-terraform-plans/a//b',
        'piksel-terraform-plans/./a',
        'piksel-terraform-plans/a\\b',
        '/piksel-terraform-plans',
      ]) {
        expect(() => s3.validateTarget(bad)).toThrow(InputError);
      }
    });
  });

  describe('listing plans', () => {
    it('lists the latest plan per environment and PR/branch, newest first, from the key layout', async () => {
      const fake = createFakeS3({
        buckets: {
          'piksel-terraform-plans': [
            plan('shared/dev/2025-11-10T08-00-00Z-dev.json'),
            plan('shared/dev/2025-11-17T16-03-10Z-dev.json'),
            plan('shared/dev/2025-11-18T09-12-44Z-pr-214-feature_pg16.json'),
            plan('shared/dev/2025-11-16T09-00-00Z-pr-214-feature_pg16.json'),
            plan('shared/dev/2025-11-15T09-00-00Z-pr-209.json'),
            plan('shared/production/2025-11-14T10-41-02Z-main.json'),
            plan('shared/production/2025-11-01T10-00-00Z-main.json'),
            // Not plans: a sidecar, a deeper key, another name, a key of another prefix.
            plan('shared/production/2025-11-14T10-41-02Z-main.meta.json'),
            plan('shared/production/archive/2025-12-01T00-00-00Z-main.json'),
            plan('shared/production/plan.json'),
            plan('shared/README.md'),
            plan('shared-old/dev/2025-12-01T00-00-00Z-dev.json'),
            plan('kubernetes/dev/2025-12-01T00-00-00Z-dev.json'),
          ],
        },
      });
      server.use(...fake.handlers);

      const plans = await source().listPlans('piksel-terraform-plans/shared');

      expect(plans.map(p => p.key)).toEqual([
        'shared/dev/2025-11-18T09-12-44Z-pr-214-feature_pg16.json',
        'shared/dev/2025-11-17T16-03-10Z-dev.json',
        'shared/dev/2025-11-15T09-00-00Z-pr-209.json',
        'shared/production/2025-11-14T10-41-02Z-main.json',
      ]);
      expect(plans[0]).toEqual(
        expect.objectContaining({
          environment: 'dev',
          createdAt: '2025-11-18T09:12:44Z',
          branch: 'feature_pg16',
          pullRequest: { number: 214 },
        }),
      );
      expect(plans[3]).toEqual(
        expect.objectContaining({
          environment: 'production',
          branch: 'main',
          createdAt: '2025-11-14T10:41:02Z',
        }),
      );
      expect(plans[3].pullRequest).toBeUndefined();
      // The prefix is listed as a directory: `shared/` does not take in `shared-old/`.
      expect(
        fake.requests.filter(r => r.operation === 'ListObjectsV2'),
      ).toEqual([
        expect.objectContaining({
          bucket: 'piksel-terraform-plans',
          prefix: 'shared/',
        }),
      ]);
    });

    it('follows NextContinuationToken through every page', async () => {
      const keys = Array.from(
        { length: 7 },
        (_, i) => `p/env-${i}/2025-11-0${i + 1}T00-00-00Z-main.json`,
      );
      const fake = createFakeS3({
        buckets: { 'piksel-terraform-plans': keys.map(k => plan(k)) },
        pageSize: 3,
      });
      server.use(...fake.handlers);

      const plans = await source().listPlans('piksel-terraform-plans/p');

      const lists = fake.requests.filter(r => r.operation === 'ListObjectsV2');
      expect(lists.map(r => r.continuationToken)).toEqual([
        undefined,
        expect.any(String),
        expect.any(String),
      ]);
      expect(plans.map(p => p.environment)).toEqual([
        'env-6',
        'env-5',
        'env-4',
        'env-3',
        'env-2',
        'env-1',
        'env-0',
      ]);
    });

    it('lists at most 50 plans', async () => {
      const keys = Array.from(
        { length: 60 },
        (_, i) =>
          `p/dev/2025-11-01T00-00-${String(i).padStart(2, '0')}Z-pr-${
            i + 1
          }.json`,
      );
      server.use(
        ...createFakeS3({
          buckets: { 'piksel-terraform-plans': keys.map(k => plan(k)) },
        }).handlers,
      );

      const plans = await source().listPlans('piksel-terraform-plans/p');

      expect(plans).toHaveLength(50);
      expect(plans[0].pullRequest).toEqual({ number: 60 });
      expect(plans[49].pullRequest).toEqual({ number: 11 });
    });

    it('reads the metadata of the listed plans only, and lets it name the exact branch, PR and run', async () => {
      const fake = createFakeS3({
        buckets: {
          'piksel-terraform-plans': [
            plan('shared/dev/2025-11-16T09-00-00Z-pr-214-feature_pg16.json'),
            plan('shared/dev/2025-11-18T09-12-44Z-pr-214-feature_pg16.json', {
              metadata: {
                pr: '214',
                'pr-url': 'https://github.com/piksel-eo/piksel-infra/pull/214',
                'pr-title':
                  'Upgrade the sandbox datacube index to PostgreSQL 16',
                branch: 'feature/pg16',
                commit: '4f1c2a9e7b3d',
                'run-url':
                  'https://github.com/piksel-eo/piksel-infra/actions/runs/11893022417',
                'run-status': 'success',
                'triggered-by': 'sari-wulandari',
              },
            }),
            plan('shared/production/2025-11-14T10-41-02Z-main.json', {
              metadata: {
                'run-url': 'data:text/html,<script>alert(1)</script>',
                commit: '9a8b7c6d',
              },
            }),
          ],
        },
      });
      server.use(...fake.handlers);

      const plans = await source().listPlans('piksel-terraform-plans/shared');

      expect(plans[0]).toEqual({
        key: 'shared/dev/2025-11-18T09-12-44Z-pr-214-feature_pg16.json',
        environment: 'dev',
        createdAt: '2025-11-18T09:12:44Z',
        branch: 'feature/pg16',
        pullRequest: {
          number: 214,
          url: 'https://github.com/piksel-eo/piksel-infra/pull/214',
          title: 'Upgrade the sandbox datacube index to PostgreSQL 16',
        },
        run: {
          id: '11893022417',
          url: 'https://github.com/piksel-eo/piksel-infra/actions/runs/11893022417',
          status: 'success',
          triggeredBy: 'sari-wulandari',
          commit: '4f1c2a9e7b3d',
        },
        url: 'https://github.com/piksel-eo/piksel-infra/actions/runs/11893022417',
      });
      // Not a link: only http(s) URLs from metadata are passed on. The run is named by its commit.
      expect(plans[1].run).toEqual({ id: '9a8b7c6d', commit: '9a8b7c6d' });
      expect(plans[1].url).toBeUndefined();
      // The older plan of PR 214 is not listed, so its metadata is not read.
      expect(
        fake.requests
          .filter(r => r.operation === 'HeadObject')
          .map(r => r.key)
          .sort(),
      ).toEqual([
        'shared/dev/2025-11-18T09-12-44Z-pr-214-feature_pg16.json',
        'shared/production/2025-11-14T10-41-02Z-main.json',
      ]);
    });

    it('still lists a plan whose metadata cannot be read, and drops one deleted since the listing', async () => {
      const fake = createFakeS3({
        buckets: {
          'piksel-terraform-plans': [
            plan('shared/dev/2025-11-17T16-03-10Z-dev.json'),
            plan('shared/production/2025-11-14T10-41-02Z-main.json'),
          ],
        },
        headDenied: ['shared/dev/2025-11-17T16-03-10Z-dev.json'],
        deletedAfterListing: [
          'shared/production/2025-11-14T10-41-02Z-main.json',
        ],
      });
      server.use(...fake.handlers);
      const logger = mockServices.logger.mock();

      const plans = await source({ logger }).listPlans(
        'piksel-terraform-plans/shared',
      );

      expect(plans).toEqual([
        {
          key: 'shared/dev/2025-11-17T16-03-10Z-dev.json',
          environment: 'dev',
          createdAt: '2025-11-17T16:03:10Z',
          branch: 'dev',
        },
      ]);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('Could not read the metadata of some plans'),
      );
    });

    it('uses the credentials of the bucket’s account, or the main account’s, signed for the bucket’s region', async () => {
      const fake = createFakeS3({
        buckets: {
          'piksel-terraform-plans': [
            plan('p/dev/2025-11-17T16-03-10Z-dev.json'),
          ],
          'orbital-terraform-plans': [
            plan('lz/production/2025-11-17T16-03-10Z-main.json'),
          ],
        },
      });
      server.use(...fake.handlers);
      const s3 = source();

      await s3.listPlans('piksel-terraform-plans/p');
      await s3.listPlans('orbital-terraform-plans/lz');

      const signers = new Set(
        fake.requests.map(
          r => `${r.bucket} ${r.accessKeyId} ${r.signingRegion}`,
        ),
      );
      expect([...signers].sort()).toEqual([
        'orbital-terraform-plans AKIAMAINACCOUNT eu-central-1',
        'piksel-terraform-plans AKIAPIKSELPROD ap-southeast-3',
      ]);
    });
  });

  describe('fetching a plan', () => {
    it('streams the object body', async () => {
      const key = 'shared/dev/2025-11-17T16-03-10Z-dev.json';
      server.use(
        ...createFakeS3({
          buckets: {
            'piksel-terraform-plans': [
              {
                key,
                body: '{"format_version":"1.2","terraform_version":"1.9.8"}',
              },
            ],
          },
        }).handlers,
      );

      const stream = await source().fetchPlan(
        'piksel-terraform-plans/shared',
        key,
      );

      expect(stream).toBeInstanceOf(Readable);
      expect(JSON.parse(await text(stream))).toEqual({
        format_version: '1.2',
        terraform_version: '1.9.8',
      });
    });

    it('refuses a key outside the target’s prefix or not laid out as a plan, without asking S3', async () => {
      const fake = createFakeS3({ buckets: { 'piksel-terraform-plans': [] } });
      server.use(...fake.handlers);
      const s3 = source();

      for (const key of [
        'kubernetes/dev/2025-11-17T16-03-10Z-dev.json',
        // As long as `shared/`: a plan of another prefix, not only a malformed key.
        'secret/dev/2025-11-17T16-03-10Z-dev.json',
        'shared-old/dev/2025-11-17T16-03-10Z-dev.json',
        'shared/../kubernetes/dev/2025-11-17T16-03-10Z-dev.json',
        'shared/dev/../../secrets/2025-11-17T16-03-10Z-dev.json',
        'shared/dev/credentials.txt',
        'shared/dev/2025-11-17T16-03-10Z-dev.meta.json',
      ]) {
        const error = await readError(
          s3.fetchPlan('piksel-terraform-plans/shared', key),
        );
        expect(error.code).toBe('NotFound');
      }
      expect(fake.requests).toEqual([]);
    });

    it('refuses a target whose bucket is not configured', async () => {
      await expect(
        source().fetchPlan(
          'attacker-bucket/x',
          'x/dev/2025-11-17T16-03-10Z-dev.json',
        ),
      ).rejects.toThrow(InputError);
    });

    it('reports a missing object as NotFound', async () => {
      server.use(
        ...createFakeS3({ buckets: { 'piksel-terraform-plans': [] } }).handlers,
      );

      const error = await readError(
        source().fetchPlan(
          'piksel-terraform-plans/shared',
          'shared/dev/2025-11-17T16-03-10Z-dev.json',
        ),
      );

      expect(error).toEqual(
        expect.objectContaining({ code: 'NotFound', statusCode: 404 }),
      );
      expect(error.message).toContain(
        's3://piksel-terraform-plans/shared/dev/2025-11-17T16-03-10Z-dev.json',
      );
    });
  });

  describe('errors S3 answers', () => {
    it('a missing bucket is NotFound', async () => {
      server.use(...createFakeS3({ buckets: {} }).handlers);

      const error = await readError(
        source().listPlans('piksel-terraform-plans/shared'),
      );

      expect(error).toEqual(
        expect.objectContaining({ code: 'NotFound', statusCode: 404 }),
      );
      expect(error.message).toMatch(/NoSuchBucket/);
    });

    it('AccessDenied is Forbidden, when listing and when fetching', async () => {
      server.use(
        ...createFakeS3({
          buckets: { 'piksel-terraform-plans': [] },
          denied: ['piksel-terraform-plans'],
        }).handlers,
      );
      const s3 = source();

      for (const call of [
        s3.listPlans('piksel-terraform-plans/shared'),
        s3.fetchPlan(
          'piksel-terraform-plans/shared',
          'shared/dev/2025-11-17T16-03-10Z-dev.json',
        ),
      ]) {
        const error = await readError(call);
        expect(error).toEqual(
          expect.objectContaining({ code: 'Forbidden', statusCode: 403 }),
        );
        expect(error.message).toMatch(/AccessDenied/);
      }
    });

    it('SlowDown is RateLimited', async () => {
      server.use(
        ...createFakeS3({
          buckets: { 'piksel-terraform-plans': [] },
          slowDown: ['piksel-terraform-plans'],
        }).handlers,
      );

      const error = await readError(
        source().listPlans('piksel-terraform-plans/shared'),
      );

      expect(error).toEqual(
        expect.objectContaining({ code: 'RateLimited', statusCode: 429 }),
      );
      expect(error.message).toMatch(/SlowDown/);
    });

    it('no credentials for the bucket’s account is Unauthorized, and tried again next time', async () => {
      const getCredentialProvider = jest
        .fn()
        .mockRejectedValueOnce(
          new Error('There is no AWS integration that matches 862471039258.'),
        )
        .mockResolvedValue({
          sdkCredentialProvider: async () => ({
            accessKeyId: 'AKIALATER',
            secretAccessKey: 'later',
          }),
        });
      const s3 = S3PlanSource.fromConfig(
        new ConfigReader({
          terraform: {
            s3: {
              buckets: [
                {
                  name: 'piksel-terraform-plans',
                  region: 'ap-southeast-3',
                  accountId: PIKSEL_PROD,
                  endpoint: FAKE_S3_ENDPOINT,
                },
              ],
            },
          },
        }),
        {
          logger: mockServices.logger.mock(),
          credentialsManager: { getCredentialProvider },
          maxAttempts: 1,
        },
      );
      const fake = createFakeS3({ buckets: { 'piksel-terraform-plans': [] } });
      server.use(...fake.handlers);

      const error = await readError(
        s3.listPlans('piksel-terraform-plans/shared'),
      );
      expect(error).toEqual(expect.objectContaining({ code: 'Unauthorized' }));
      expect(fake.requests).toEqual([]);

      await expect(
        s3.listPlans('piksel-terraform-plans/shared'),
      ).resolves.toEqual([]);
      expect(getCredentialProvider).toHaveBeenCalledWith({
        accountId: PIKSEL_PROD,
      });
      expect(fake.requests[0].accessKeyId).toBe('AKIALATER');
    });
  });
});
