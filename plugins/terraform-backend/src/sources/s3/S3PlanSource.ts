import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectsV2CommandOutput,
  S3Client,
} from '@aws-sdk/client-s3';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { FoundPlan, PlanSource, PlanSourceReadError } from '../types';
import {
  MAX_PLANS_PER_TARGET,
  PlanFileName,
  foundPlanFromPath,
  isSafeRelativePath,
  parsePlanPath,
  safeUrl,
  selectLatest,
} from './layout';

/** A bucket the portal may read (`terraform.s3.buckets[]`). */
export interface S3PlanBucket {
  name: string;
  region: string;
  /** Credentials of this account (`aws.accounts`), else the main account's. */
  accountId?: string;
  /** Another S3-compatible endpoint (tests and benchmarks). */
  endpoint?: string;
  /** Path-style addressing; on by default with an `endpoint`. */
  forcePathStyle?: boolean;
}

export interface S3PlanSourceOptions {
  buckets: S3PlanBucket[];
  logger: LoggerService;
  /** Called once, when a bucket is first read: a portal without buckets never needs AWS config. */
  credentialsManager: () => AwsCredentialsManager;
  /** SDK attempts per request (retries on throttling and 5xx). @defaultValue the SDK's (3) */
  maxAttempts?: number;
  /** ListObjectsV2 pages read per listing, at most. @defaultValue 50 (50 000 keys) */
  maxListPages?: number;
}

/** Object metadata (`x-amz-meta-*`) the source reads, set by whatever uploads the plan. */
export const S3_PLAN_METADATA = [
  'pr',
  'pr-url',
  'pr-title',
  'branch',
  'commit',
  'run-id',
  'run-url',
  'run-status',
  'triggered-by',
] as const;

const HEAD_CONCURRENCY = 8;

/**
 * Plans in S3 (`platform-portal.io/terraform-plans-s3: <bucket>/<prefix>`), laid out as
 * `<prefix>/<environment>/<YYYY-MM-DDTHH-MM-SSZ>[-pr-<n>][-<branch>].json` (see `./layout`).
 *
 * Only the buckets in `terraform.s3.buckets` are ever read, whatever an annotation says, and
 * the S3 endpoint comes from that configuration, never from a target. The listing is one
 * ListObjectsV2 walk over the prefix (bounded by `maxListPages`: keep old plans out with a
 * lifecycle rule), then a HeadObject for each plan that is listed — the latest per environment
 * and PR/branch — to read its metadata:
 * `x-amz-meta-pr`, `-pr-url`, `-pr-title`, `-branch`, `-commit`, `-run-id`, `-run-url`,
 * `-run-status`, `-triggered-by`.
 */
export class S3PlanSource implements PlanSource {
  readonly type = 's3' as const;
  private readonly buckets: Map<string, S3PlanBucket>;
  private readonly clients = new Map<string, Promise<S3Client>>();
  private manager?: AwsCredentialsManager;

  static fromConfig(
    config: Config,
    options: {
      logger: LoggerService;
      credentialsManager?: AwsCredentialsManager;
      maxAttempts?: number;
    },
  ): S3PlanSource {
    const buckets = (
      config.getOptionalConfigArray('terraform.s3.buckets') ?? []
    ).map(bucket => ({
      name: bucket.getString('name'),
      region: bucket.getString('region'),
      accountId: bucket.getOptionalString('accountId'),
      endpoint: bucket.getOptionalString('endpoint'),
      forcePathStyle: bucket.getOptionalBoolean('forcePathStyle'),
    }));
    return new S3PlanSource({
      buckets,
      logger: options.logger,
      credentialsManager: () =>
        options.credentialsManager ??
        DefaultAwsCredentialsManager.fromConfig(config),
      maxAttempts: options.maxAttempts,
    });
  }

  constructor(private readonly options: S3PlanSourceOptions) {
    this.buckets = new Map(options.buckets.map(b => [b.name, b]));
  }

  validateTarget(target: string): void {
    this.parseTarget(target);
  }

  async listPlans(target: string): Promise<FoundPlan[]> {
    const { bucket, prefix } = this.parseTarget(target);
    const client = await this.client(bucket, target);
    const base = prefix ? `${prefix}/` : '';
    const found: Array<PlanFileName & { key: string }> = [];
    const maxPages = this.options.maxListPages ?? 50;
    let token: string | undefined;
    let pages = 0;
    do {
      let page: ListObjectsV2CommandOutput;
      try {
        page = await client.send(
          new ListObjectsV2Command({
            Bucket: bucket.name,
            Prefix: base,
            ContinuationToken: token,
          }),
        );
      } catch (error) {
        throw readError(error, `s3://${target}`);
      }
      for (const object of page.Contents ?? []) {
        if (!object.Key?.startsWith(base)) continue;
        const parsed = parsePlanPath(object.Key.slice(base.length));
        if (parsed) found.push({ ...parsed, key: object.Key });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
      pages++;
    } while (token && pages < maxPages);
    if (token) {
      this.options.logger.warn(
        `s3://${target} holds more than ${pages} pages of objects; only those were read. ` +
          'Expire old plans with a lifecycle rule.',
      );
    }

    const latest = selectLatest(found, MAX_PLANS_PER_TARGET);
    let headFailure: unknown;
    const plans = await mapLimit(latest, HEAD_CONCURRENCY, async parsed => {
      const plan = foundPlanFromPath(parsed.key, parsed);
      try {
        const head = await client.send(
          new HeadObjectCommand({ Bucket: bucket.name, Key: parsed.key }),
        );
        return withMetadata(plan, head.Metadata ?? {}, bucket);
      } catch (error) {
        const mapped = readError(error, `s3://${bucket.name}/${parsed.key}`);
        // Deleted since it was listed: it is no longer a plan.
        if (mapped.code === 'NotFound') return undefined;
        // Metadata is a nicety: the plan is still listed, from its key alone.
        headFailure ??= mapped;
        return withMetadata(plan, {}, bucket);
      }
    });
    if (headFailure) {
      this.options.logger.warn(
        `Could not read the metadata of some plans in s3://${target}: ${
          (headFailure as Error).message
        }`,
      );
    }
    return plans.filter((p): p is FoundPlan => p !== undefined);
  }

  async fetchPlan(target: string, key: string): Promise<Readable> {
    const { bucket, prefix } = this.parseTarget(target);
    const base = prefix ? `${prefix}/` : '';
    // The key comes back from the client inside the plan id: it must be a plan of this target.
    if (
      !key.startsWith(base) ||
      !isSafeRelativePath(key) ||
      !parsePlanPath(key.slice(base.length))
    ) {
      throw new PlanSourceReadError(
        `No plan ${JSON.stringify(key)} in s3://${target}`,
        'NotFound',
        404,
      );
    }
    const client = await this.client(bucket, target);
    try {
      const object = await client.send(
        new GetObjectCommand({ Bucket: bucket.name, Key: key }),
      );
      const body = object.Body;
      if (!body) {
        throw new PlanSourceReadError(
          `s3://${bucket.name}/${key} has no body`,
          'EmptyObject',
        );
      }
      if (body instanceof Readable) return body;
      // Not in Node (the SDK gives an IncomingMessage there); kept for other runtimes.
      const bytes = await (
        body as { transformToByteArray(): Promise<Uint8Array> }
      ).transformToByteArray();
      return Readable.from([Buffer.from(bytes)]);
    } catch (error) {
      throw readError(error, `s3://${bucket.name}/${key}`);
    }
  }

  /** `<bucket>[/<prefix>]`: a configured bucket, a prefix without `..` or empty segments. */
  private parseTarget(target: string): {
    bucket: S3PlanBucket;
    prefix: string;
  } {
    const trimmed = target.trim();
    const slash = trimmed.indexOf('/');
    const name = slash < 0 ? trimmed : trimmed.slice(0, slash);
    const prefix =
      slash < 0 ? '' : trimmed.slice(slash + 1).replace(/\/+$/, '');
    if (!name) {
      throw new InputError(
        `Invalid S3 plans target ${JSON.stringify(
          target,
        )}: expected <bucket>/<prefix>`,
      );
    }
    const bucket = this.buckets.get(name);
    if (!bucket) {
      throw new InputError(
        `bucket ${name} is not configured (terraform.s3.buckets)`,
      );
    }
    if (prefix && !isSafeRelativePath(prefix)) {
      throw new InputError(
        `Invalid S3 plans prefix ${JSON.stringify(
          prefix,
        )}: no "..", "." or empty segments`,
      );
    }
    return { bucket, prefix };
  }

  private client(bucket: S3PlanBucket, target: string): Promise<S3Client> {
    let client = this.clients.get(bucket.name);
    if (!client) {
      client = this.createClient(bucket);
      this.clients.set(bucket.name, client);
      // A failure (no credentials for the account) is retried on the next request.
      client.catch(() => this.clients.delete(bucket.name));
    }
    return client.catch(error => {
      throw new PlanSourceReadError(
        `No AWS credentials to read s3://${target}: ${
          (error as Error).message
        }`,
        'Unauthorized',
        401,
        { cause: error },
      );
    });
  }

  private async createClient(bucket: S3PlanBucket): Promise<S3Client> {
    this.manager ??= this.options.credentialsManager();
    const { sdkCredentialProvider } = await this.manager.getCredentialProvider(
      bucket.accountId ? { accountId: bucket.accountId } : undefined,
    );
    return new S3Client({
      region: bucket.region,
      credentials: sdkCredentialProvider,
      customUserAgent: 'platform-portal-terraform-plans',
      ...(bucket.endpoint
        ? {
            endpoint: bucket.endpoint,
            forcePathStyle: bucket.forcePathStyle ?? true,
          }
        : { forcePathStyle: bucket.forcePathStyle ?? false }),
      ...(this.options.maxAttempts
        ? { maxAttempts: this.options.maxAttempts }
        : {}),
    });
  }
}

/** Merges `x-amz-meta-*` into the plan; the metadata knows the exact branch, the key does not. */
function withMetadata(
  plan: FoundPlan,
  metadata: Record<string, string>,
  bucket: S3PlanBucket,
): FoundPlan {
  const meta = (name: (typeof S3_PLAN_METADATA)[number]) =>
    metadata[name]?.trim() || undefined;
  const prNumber = Number(meta('pr'));
  const pullRequest =
    Number.isInteger(prNumber) && prNumber > 0
      ? { number: prNumber }
      : plan.pullRequest;
  const prUrl = safeUrl(meta('pr-url'));
  const runUrl = safeUrl(meta('run-url'));
  const runId = meta('run-id') ?? runIdFromUrl(runUrl) ?? meta('commit');
  const result: FoundPlan = {
    ...plan,
    ...(meta('branch') ? { branch: meta('branch') } : {}),
    ...(pullRequest
      ? {
          pullRequest: {
            ...pullRequest,
            ...(prUrl ? { url: prUrl } : {}),
            ...(meta('pr-title') ? { title: meta('pr-title') } : {}),
          },
        }
      : {}),
    ...(runId
      ? {
          run: {
            id: runId,
            ...(runUrl ? { url: runUrl } : {}),
            ...(meta('run-status') ? { status: meta('run-status') } : {}),
            ...(meta('triggered-by')
              ? { triggeredBy: meta('triggered-by') }
              : {}),
            ...(meta('commit') ? { commit: meta('commit') } : {}),
          },
        }
      : {}),
  };
  const url = runUrl ?? prUrl ?? consoleUrl(bucket, plan.key);
  return url ? { ...result, url } : result;
}

/** `…/actions/runs/123456` → `123456`. */
function runIdFromUrl(url?: string): string | undefined {
  if (!url) return undefined;
  const last = new URL(url).pathname.split('/').filter(Boolean).pop();
  return last || undefined;
}

/** The object in the AWS console; none for another endpoint. */
function consoleUrl(bucket: S3PlanBucket, key: string): string | undefined {
  if (bucket.endpoint) return undefined;
  return `https://${
    bucket.region
  }.console.aws.amazon.com/s3/object/${encodeURIComponent(
    bucket.name,
  )}?region=${encodeURIComponent(bucket.region)}&prefix=${encodeURIComponent(
    key,
  )}`;
}

const ACCESS_ERRORS = new Set([
  'AccessDenied',
  'Forbidden',
  'AllAccessDisabled',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
]);
const THROTTLING_ERRORS = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

/** An SDK error as a {@link PlanSourceReadError}, saying what was read and what S3 answered. */
function readError(error: unknown, what: string): PlanSourceReadError {
  if (error instanceof PlanSourceReadError) return error;
  const e = error as {
    name?: string;
    Code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const code = e?.Code ?? e?.name ?? 'Error';
  const status = e?.$metadata?.httpStatusCode;
  const options = { cause: error };
  if (code === 'NoSuchBucket') {
    return new PlanSourceReadError(
      `${what}: the bucket does not exist (NoSuchBucket)`,
      'NotFound',
      404,
      options,
    );
  }
  if (code === 'NoSuchKey' || code === 'NotFound') {
    return new PlanSourceReadError(
      `${what} does not exist (${code})`,
      'NotFound',
      404,
      options,
    );
  }
  if (ACCESS_ERRORS.has(code) || status === 403) {
    return new PlanSourceReadError(
      `${what}: access denied (${code})`,
      'Forbidden',
      403,
      options,
    );
  }
  if (THROTTLING_ERRORS.has(code) || status === 429) {
    return new PlanSourceReadError(
      `${what}: S3 is throttling requests (${code}), try again later`,
      'RateLimited',
      429,
      options,
    );
  }
  if (code === 'CredentialsProviderError') {
    return new PlanSourceReadError(
      `${what}: no AWS credentials (${e.message})`,
      'Unauthorized',
      401,
      options,
    );
  }
  return new PlanSourceReadError(
    `${what}: ${e?.message || code}`,
    code,
    status,
    options,
  );
}

async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}
