/**
 * A fake Amazon ECR that speaks the real wire protocol (AWS JSON 1.1), so the provider is tested
 * through the real `@aws-sdk/client-ecr` (serialisation, signing, error parsing, retries):
 *
 * - `POST /` with `X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.<Operation>` and
 *   `Content-Type: application/x-amz-json-1.1`; timestamps are epoch seconds.
 * - errors are HTTP 400 with `{"__type":"RepositoryNotFoundException","message":"..."}`: the SDK
 *   reads the code from `__type` and puts the HTTP status in `$metadata.httpStatusCode`.
 *   Throttling is `ThrottlingException`, which the SDK's standard retry retries with backoff.
 * - operations: DescribeRepositories, DescribeImages (tagStatus filter, `maxResults` 1–1000,
 *   default 100, opaque `nextToken`), DescribeImageScanFindings (paginated the same way, basic
 *   or enhanced findings), GetLifecyclePolicy.
 *
 * Two ways to reach it: {@link createEcrHandlers} (msw, answering
 * `https://api.ecr.<region>.amazonaws.com/` as the SDK's default endpoints) and
 * {@link startFakeEcrServer} (a real HTTP server for `containerImages.ecr.endpoint`, for the
 * benchmark and the browser test). Both record every call in {@link FakeEcr.calls}.
 *
 * The account of a call is its `registryId` (the provider always sends it), else the account the
 * signing access key belongs to (`accessKeys`), else `defaultAccountId`. The region is the SigV4
 * credential scope's.
 *
 * Offline use (benchmark, browser test): give every fake account static keys under `aws.accounts`
 * (`accountId`, `accessKeyId`, `secretAccessKey`). Without them the credentials manager asks STS
 * who the main account is, which needs the internet.
 */
import { createHash } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { http, HttpHandler, HttpResponse } from 'msw';

export const ECR_TARGET_PREFIX = 'AmazonEC2ContainerRegistry_V20150921.';
const JSON_11 = 'application/x-amz-json-1.1';

export type FakeEcrOperation =
  | 'DescribeRepositories'
  | 'DescribeImages'
  | 'DescribeImageScanFindings'
  | 'GetLifecyclePolicy';

const OPERATIONS: readonly FakeEcrOperation[] = [
  'DescribeRepositories',
  'DescribeImages',
  'DescribeImageScanFindings',
  'GetLifecyclePolicy',
];

export type FakeSeverity =
  | 'CRITICAL'
  | 'HIGH'
  | 'MEDIUM'
  | 'LOW'
  | 'INFORMATIONAL'
  | 'UNDEFINED';

const SEVERITY_ORDER: readonly FakeSeverity[] = [
  'CRITICAL',
  'HIGH',
  'MEDIUM',
  'LOW',
  'INFORMATIONAL',
  'UNDEFINED',
];

/** One finding; left out, findings are generated from the counts. */
export interface FakeEcrFinding {
  /** e.g. `CVE-2024-6119`. */
  name: string;
  severity: FakeSeverity;
  description?: string;
  uri?: string;
  packageName?: string;
  packageVersion?: string;
  /** Enhanced scanning only. */
  fixedInVersion?: string;
}

/** The scan of an image, as `imageScanStatus` and `imageScanFindingsSummary` report it. */
export interface FakeEcrScan {
  /** `COMPLETE`, `PENDING`, `IN_PROGRESS`, `FAILED`, `UNSUPPORTED_IMAGE`, `ACTIVE` (enhanced), ... */
  status: string;
  description?: string;
  completedAt?: Date;
  counts?: Partial<Record<FakeSeverity, number>>;
  findings?: FakeEcrFinding[];
}

export interface FakeEcrImage {
  digest: string;
  /** Empty for an untagged image (AWS then leaves `imageTags` out). */
  tags: string[];
  pushedAt: Date;
  sizeBytes: number;
  mediaType?: string;
  lastPulledAt?: Date;
  /** No scan at all: DescribeImages has no `imageScanStatus`, findings are ScanNotFound. */
  scan?: FakeEcrScan;
}

export interface FakeEcrRepositoryInit {
  accountId: string;
  region: string;
  name: string;
  /** @defaultValue MUTABLE */
  tagMutability?:
    | 'MUTABLE'
    | 'IMMUTABLE'
    | 'IMMUTABLE_WITH_EXCLUSION'
    | 'MUTABLE_WITH_EXCLUSION';
  /** Wildcard filters of `imageTagMutabilityExclusionFilters`. */
  tagMutabilityExclusions?: string[];
  /** JSON text or an object (serialised); left out: LifecyclePolicyNotFoundException. */
  lifecyclePolicy?: string | object;
  /** BASIC answers `findings`, ENHANCED `enhancedFindings`. @defaultValue BASIC */
  scanType?: 'BASIC' | 'ENHANCED';
  createdAt?: Date;
  images?: FakeEcrImage[];
}

export type FakeEcrRepository = Required<
  Omit<
    FakeEcrRepositoryInit,
    'lifecyclePolicy' | 'tagMutabilityExclusions' | 'images'
  >
> & {
  lifecyclePolicy?: string;
  tagMutabilityExclusions?: string[];
  images: FakeEcrImage[];
};

/** A call the fake answered, success or error. */
export interface FakeEcrCall {
  operation: string;
  region: string;
  accountId: string;
  repository?: string;
  /** From the SigV4 `Authorization` header. */
  accessKeyId?: string;
  nextToken?: string;
  maxResults?: number;
  tagStatus?: string;
  imageDigest?: string;
  status: number;
  /** The `__type` of an error answer. */
  errorCode?: string;
}

export interface FakeEcrOptions {
  /** The account of calls without `registryId` whose key is not in `accessKeys`. */
  defaultAccountId?: string;
  /**
   * The access key of each account. When set for an account, calls on it signed with another key
   * are AccessDeniedException, so a test sees credentials mixed up between accounts.
   */
  accessKeys?: Record<string, string>;
  /** Throttle the first N calls (any operation). */
  throttleFirst?: number;
  /**
   * Apply the tagStatus filter after cutting pages, so pages come back short or even empty with a
   * `nextToken` (a client must follow `nextToken`, never stop at a short page).
   */
  filterWithinPages?: boolean;
  /** Milliseconds each answer waits (benchmarks); the answer is computed before the wait. */
  latencyMs?: number;
}

/** What reached the fake, whichever way. */
export interface FakeEcrRequest {
  target?: string | null;
  contentType?: string | null;
  authorization?: string | null;
  body: string;
  /** The region of the endpoint host (msw), when there is one. */
  hostRegion?: string;
}

export interface FakeEcrResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface ThrottleRule {
  remaining: number;
  operation?: string;
  repository?: string;
}

interface DenyRule {
  accountId: string;
  region: string;
  name: string;
  operations?: string[];
}

class EcrError extends Error {
  constructor(readonly type: string, message: string, readonly status = 400) {
    super(message);
  }
}

const repoKey = (accountId: string, region: string, name: string) =>
  `${accountId}/${region}/${name}`;

const epochSeconds = (d?: Date) =>
  d === undefined ? undefined : d.getTime() / 1000;

function parseAuthorization(header?: string | null) {
  // AWS4-HMAC-SHA256 Credential=AKID/20261120/eu-central-1/ecr/aws4_request, SignedHeaders=..., Signature=...
  const m = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(
    header ?? '',
  );
  return m ? { accessKeyId: m[1], region: m[2], service: m[3] } : undefined;
}

function encodeToken(payload: object) {
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

function decodeToken(token: string): { o: number; k: string } {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof v?.o === 'number' && typeof v?.k === 'string') return v;
  } catch {
    // fall through
  }
  throw new EcrError('InvalidParameterException', 'Invalid NextToken');
}

function checkMaxResults(value: unknown): number {
  if (value === undefined) return 100;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 1 ||
    value > 1000
  ) {
    throw new EcrError(
      'InvalidParameterException',
      `1 validation error detected: Value '${value}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000 and greater than or equal to 1`,
    );
  }
  return value;
}

/** A small deterministic PRNG (mulberry32), so generated repositories are the same every run. */
function prng(seed: string | number) {
  let a = createHash('sha256').update(String(seed)).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fakeDigest = (...parts: unknown[]) =>
  `sha256:${createHash('sha256').update(parts.join('|')).digest('hex')}`;

const PACKAGES = [
  'openssl',
  'glibc',
  'zlib',
  'curl',
  'libxml2',
  'busybox',
  'expat',
  'ncurses',
  'sqlite',
  'krb5',
  'openssh',
  'pcre2',
  'gnutls',
  'libtasn1',
  'tar',
];

/** Findings matching a scan's counts, stable per digest. */
export function generateFindings(
  digest: string,
  counts: Partial<Record<FakeSeverity, number>>,
): FakeEcrFinding[] {
  const rand = prng(digest);
  const findings: FakeEcrFinding[] = [];
  for (const severity of SEVERITY_ORDER) {
    for (let i = 0; i < (counts[severity] ?? 0); i++) {
      const year = 2019 + Math.floor(rand() * 7);
      const id = `CVE-${year}-${10000 + Math.floor(rand() * 50000)}`;
      const pkg = PACKAGES[Math.floor(rand() * PACKAGES.length)];
      const major = 1 + Math.floor(rand() * 3);
      const minor = Math.floor(rand() * 12);
      const patch = Math.floor(rand() * 20);
      findings.push({
        name: id,
        severity,
        description: `A flaw was found in ${pkg} that may allow a remote attacker to cause a denial of service (${severity.toLowerCase()}).`,
        uri: `https://security-tracker.debian.org/tracker/${id}`,
        packageName: pkg,
        packageVersion: `${major}.${minor}.${patch}-1`,
        fixedInVersion: `${major}.${minor}.${patch + 1}-1`,
      });
    }
  }
  return findings;
}

export interface GenerateImagesOptions {
  /** @defaultValue 'fake-ecr' */
  seed?: string | number;
  /** The newest image is pushed shortly before this. @defaultValue 2026-11-20T12:00:00Z */
  now?: Date;
  /** The first release. @defaultValue 1.0.0 */
  startVersion?: string;
  /** Untagged images added besides those that moved snapshot tags leave behind. @defaultValue 0 */
  untagged?: number;
  /** Enhanced scanning: completed scans are `ACTIVE`, as with Amazon Inspector. */
  enhanced?: boolean;
  /** No image has a scan. */
  unscanned?: boolean;
}

/**
 * A repository's history, oldest push first, with exactly `n` tagged images: releases `X.Y.Z`
 * (`latest` moves onto each), snapshot builds `X.Y.Z-SNAPSHOT` of the next patch (`develop`
 * moves onto each; a rebuild takes the tag from the previous build, which is left untagged, as in
 * ECR), and other builds (`sha-<hex>`, `pr-<n>`, `build-<n>`). Sizes drift around a base,
 * pushes are 20 minutes to 8 hours apart, most images were pulled since. Scans: the newest is
 * PENDING, the next IN_PROGRESS, about 4% FAILED, 3% never scanned, the rest COMPLETE with
 * per-severity counts.
 */
export function generateImages(
  n: number,
  options: GenerateImagesOptions = {},
): FakeEcrImage[] {
  const rand = prng(options.seed ?? 'fake-ecr');
  const now = options.now ?? new Date('2026-11-20T12:00:00Z');
  let [major, minor, patch] = (options.startVersion ?? '1.0.0')
    .split('.')
    .map(Number);
  patch -= 1; // the first release bumps it back
  const images: FakeEcrImage[] = [];
  const owner = new Map<string, FakeEcrImage>();
  let tagged = 0;
  let build = 1000;
  const assign = (tag: string, image: FakeEcrImage) => {
    const previous = owner.get(tag);
    if (previous) {
      previous.tags = previous.tags.filter(t => t !== tag);
      if (previous.tags.length === 0) tagged--;
    }
    if (image.tags.length === 0) tagged++;
    image.tags.push(tag);
    owner.set(tag, image);
  };
  const baseSize = 60_000_000 + Math.floor(rand() * 180_000_000);
  const mediaType = () => {
    const r = rand();
    if (r < 0.85) return 'application/vnd.docker.distribution.manifest.v2+json';
    if (r < 0.95) return 'application/vnd.oci.image.manifest.v1+json';
    return 'application/vnd.oci.image.index.v1+json';
  };
  let t = 0;
  const push = () => {
    build++;
    t += 20 * 60_000 + Math.floor(rand() * 7.7 * 3_600_000);
    const image: FakeEcrImage = {
      digest: fakeDigest(options.seed ?? 'fake-ecr', build),
      tags: [],
      pushedAt: new Date(t), // shifted to end before `now` below
      sizeBytes: Math.floor(baseSize * (0.9 + rand() * 0.2)),
      mediaType: mediaType(),
    };
    images.push(image);
    return image;
  };
  while (tagged < n) {
    const image = push();
    const r = rand();
    if (r < 0.35) {
      const s = rand();
      if (s < 0.02) [major, minor, patch] = [major + 1, 0, 0];
      else if (s < 0.17) [minor, patch] = [minor + 1, 0];
      else patch++;
      assign(`${major}.${minor}.${patch}`, image);
      assign('latest', image);
    } else if (r < 0.8) {
      assign(`${major}.${minor}.${patch + 1}-SNAPSHOT`, image);
      assign('develop', image);
    } else if (r < 0.9) {
      assign(`sha-${image.digest.slice(7, 14)}`, image);
    } else if (r < 0.95) {
      assign(`pr-${100 + Math.floor(build / 3)}`, image);
    } else {
      assign(`build-${build}`, image);
    }
  }
  for (let i = 0; i < (options.untagged ?? 0); i++) {
    push();
  }
  // End the history an hour before `now`, keeping the spacing.
  const shift = now.getTime() - 3_600_000 - t;
  for (const image of images) {
    image.pushedAt = new Date(image.pushedAt.getTime() + shift);
    if (rand() < 0.75) {
      const since = now.getTime() - image.pushedAt.getTime();
      image.lastPulledAt = new Date(
        image.pushedAt.getTime() + Math.floor(since * rand()),
      );
    }
  }
  if (!options.unscanned) {
    const completeStatus = options.enhanced ? 'ACTIVE' : 'COMPLETE';
    images.forEach((image, index) => {
      const fromNewest = images.length - 1 - index;
      const r = rand();
      if (fromNewest === 0) {
        image.scan = { status: 'PENDING' };
      } else if (fromNewest === 1) {
        image.scan = {
          status: 'IN_PROGRESS',
          description: 'The scan is in progress.',
        };
      } else if (r < 0.04) {
        image.scan = {
          status: 'FAILED',
          description:
            'UnsupportedImageError: The operating system and/or package manager are not supported.',
        };
      } else if (r >= 0.97) {
        image.scan = undefined;
      } else {
        const counts: Partial<Record<FakeSeverity, number>> = {};
        const set = (s: FakeSeverity, p: number, max: number) => {
          if (rand() < p) counts[s] = 1 + Math.floor(rand() * max);
        };
        set('CRITICAL', 0.08, 2);
        set('HIGH', 0.3, 5);
        set('MEDIUM', 0.6, 12);
        set('LOW', 0.7, 20);
        set('INFORMATIONAL', 0.3, 6);
        set('UNDEFINED', 0.05, 2);
        image.scan = {
          status: completeStatus,
          description: options.enhanced
            ? 'Continuous scan is selected for image.'
            : 'The scan was completed successfully.',
          completedAt: new Date(image.pushedAt.getTime() + 90_000),
          counts,
        };
      }
    });
  }
  return images;
}

/** The fake ECR: its repositories, its injected failures, and every call it answered. */
export class FakeEcr {
  readonly calls: FakeEcrCall[] = [];
  private readonly repositories = new Map<string, FakeEcrRepository>();
  private readonly throttles: ThrottleRule[] = [];
  private readonly denials: DenyRule[] = [];
  private readonly findingsCache = new Map<string, FakeEcrFinding[]>();

  constructor(readonly options: FakeEcrOptions = {}) {
    if (options.throttleFirst) this.throttle(options.throttleFirst);
  }

  addRepository(init: FakeEcrRepositoryInit): FakeEcrRepository {
    const repository: FakeEcrRepository = {
      accountId: init.accountId,
      region: init.region,
      name: init.name,
      tagMutability: init.tagMutability ?? 'MUTABLE',
      tagMutabilityExclusions: init.tagMutabilityExclusions,
      lifecyclePolicy:
        init.lifecyclePolicy === undefined ||
        typeof init.lifecyclePolicy === 'string'
          ? init.lifecyclePolicy
          : JSON.stringify(init.lifecyclePolicy),
      scanType: init.scanType ?? 'BASIC',
      createdAt: init.createdAt ?? new Date('2024-03-04T10:00:00Z'),
      images: init.images ?? [],
    };
    this.repositories.set(
      repoKey(init.accountId, init.region, init.name),
      repository,
    );
    return repository;
  }

  removeRepository(accountId: string, region: string, name: string) {
    this.repositories.delete(repoKey(accountId, region, name));
  }

  getRepository(
    accountId: string,
    region: string,
    name: string,
  ): FakeEcrRepository | undefined {
    return this.repositories.get(repoKey(accountId, region, name));
  }

  /** Answers AccessDeniedException for this repository (only these operations, if given). */
  denyAccess(
    repository: { accountId: string; region: string; name: string },
    operations?: FakeEcrOperation[],
  ) {
    this.denials.push({ ...repository, operations });
  }

  /** Answers ThrottlingException to the next `count` matching calls (`Infinity`: all of them). */
  throttle(
    count: number,
    filter: { operation?: FakeEcrOperation; repository?: string } = {},
  ) {
    this.throttles.push({ remaining: count, ...filter });
  }

  /** Calls of one operation (all of them when left out). */
  callsOf(operation?: FakeEcrOperation): FakeEcrCall[] {
    return operation
      ? this.calls.filter(c => c.operation === operation)
      : this.calls;
  }

  /** One request, as AWS would answer it. Both transports call this. */
  handle(request: FakeEcrRequest): FakeEcrResponse {
    const auth = parseAuthorization(request.authorization);
    const operation = (request.target ?? '').startsWith(ECR_TARGET_PREFIX)
      ? request.target!.slice(ECR_TARGET_PREFIX.length)
      : request.target ?? '';
    let body: Record<string, any> = {};
    let malformed = false;
    try {
      body = request.body ? JSON.parse(request.body) : {};
    } catch {
      malformed = true;
    }
    const accountId: string =
      body.registryId ??
      Object.entries(this.options.accessKeys ?? {}).find(
        ([, key]) => key === auth?.accessKeyId,
      )?.[0] ??
      this.options.defaultAccountId ??
      '000000000000';
    const region = auth?.region ?? request.hostRegion ?? 'unknown';
    const call: FakeEcrCall = {
      operation,
      region,
      accountId,
      repository:
        body.repositoryName ??
        (Array.isArray(body.repositoryNames)
          ? body.repositoryNames.join(',')
          : undefined),
      accessKeyId: auth?.accessKeyId,
      nextToken: body.nextToken,
      maxResults: body.maxResults,
      tagStatus: body.filter?.tagStatus,
      imageDigest: body.imageId?.imageDigest,
      status: 200,
    };
    this.calls.push(call);
    const requestId = createHash('md5')
      .update(`${this.calls.length}`)
      .digest('hex');
    const headers = {
      'content-type': JSON_11,
      'x-amzn-requestid': requestId,
    };
    try {
      if (!auth) {
        throw new EcrError(
          'MissingAuthenticationTokenException',
          'Missing Authentication Token',
          403,
        );
      }
      if (request.hostRegion && request.hostRegion !== auth.region) {
        throw new EcrError(
          'InvalidSignatureException',
          `Credential should be scoped to a valid region, not '${auth.region}'.`,
        );
      }
      if (!request.target?.startsWith(ECR_TARGET_PREFIX)) {
        throw new EcrError(
          'UnknownOperationException',
          `Unknown target: ${request.target}`,
        );
      }
      if (!(request.contentType ?? '').startsWith(JSON_11)) {
        throw new EcrError(
          'SerializationException',
          `Expected Content-Type ${JSON_11}, got ${request.contentType}`,
        );
      }
      if (malformed) {
        throw new EcrError('SerializationException', 'Malformed JSON body');
      }
      if (!(OPERATIONS as readonly string[]).includes(operation)) {
        throw new EcrError(
          'UnknownOperationException',
          `The fake ECR does not implement ${operation}`,
        );
      }
      const throttle = this.throttles.find(
        r =>
          r.remaining > 0 &&
          (!r.operation || r.operation === operation) &&
          (!r.repository || r.repository === call.repository),
      );
      if (throttle) {
        throttle.remaining--;
        throw new EcrError('ThrottlingException', 'Rate exceeded');
      }
      const result = this.dispatch(
        operation as FakeEcrOperation,
        body,
        accountId,
        region,
        auth.accessKeyId,
      );
      return { status: 200, headers, body: JSON.stringify(result) };
    } catch (error) {
      if (!(error instanceof EcrError)) throw error;
      call.status = error.status;
      call.errorCode = error.type;
      return {
        status: error.status,
        headers,
        body: JSON.stringify({ __type: error.type, message: error.message }),
      };
    }
  }

  private dispatch(
    operation: FakeEcrOperation,
    body: Record<string, any>,
    accountId: string,
    region: string,
    accessKeyId: string,
  ): object {
    const names: string[] =
      operation === 'DescribeRepositories'
        ? body.repositoryNames ?? []
        : [body.repositoryName];
    for (const name of names) {
      this.authorize(operation, accountId, region, name, accessKeyId);
    }
    if (operation === 'DescribeRepositories') {
      const repos = names.length
        ? names.map(name => this.repository(accountId, region, name))
        : [...this.repositories.values()].filter(
            r => r.accountId === accountId && r.region === region,
          );
      return { repositories: repos.map(r => this.describeRepository(r)) };
    }
    const repository = this.repository(accountId, region, body.repositoryName);
    switch (operation) {
      case 'GetLifecyclePolicy':
        if (repository.lifecyclePolicy === undefined) {
          throw new EcrError(
            'LifecyclePolicyNotFoundException',
            `Lifecycle policy does not exist for the repository with name '${repository.name}' in the registry with id '${accountId}'`,
          );
        }
        return {
          registryId: accountId,
          repositoryName: repository.name,
          lifecyclePolicyText: repository.lifecyclePolicy,
          lastEvaluatedAt: epochSeconds(new Date('2026-11-19T03:00:00Z')),
        };
      case 'DescribeImages':
        return this.describeImages(repository, body);
      case 'DescribeImageScanFindings':
        return this.describeImageScanFindings(repository, body);
      default:
        throw new EcrError('UnknownOperationException', operation);
    }
  }

  private authorize(
    operation: string,
    accountId: string,
    region: string,
    name: string,
    accessKeyId: string,
  ) {
    const arn = `arn:aws:ecr:${region}:${accountId}:repository/${name}`;
    const expectedKey = this.options.accessKeys?.[accountId];
    const denied = this.denials.some(
      d =>
        d.accountId === accountId &&
        d.region === region &&
        d.name === name &&
        (!d.operations || d.operations.includes(operation)),
    );
    if (denied || (expectedKey && expectedKey !== accessKeyId)) {
      throw new EcrError(
        'AccessDeniedException',
        `User: arn:aws:sts::${accountId}:assumed-role/platform-portal/${accessKeyId} is not authorized to perform: ecr:${operation} on resource: ${arn} because no identity-based policy allows the ecr:${operation} action`,
      );
    }
  }

  private repository(accountId: string, region: string, name: string) {
    const repository = this.repositories.get(repoKey(accountId, region, name));
    if (!repository) {
      throw new EcrError(
        'RepositoryNotFoundException',
        `The repository with name '${name}' does not exist in the registry with id '${accountId}'`,
      );
    }
    return repository;
  }

  private describeRepository(r: FakeEcrRepository) {
    return {
      repositoryArn: `arn:aws:ecr:${r.region}:${r.accountId}:repository/${r.name}`,
      registryId: r.accountId,
      repositoryName: r.name,
      repositoryUri: `${r.accountId}.dkr.ecr.${r.region}.amazonaws.com${
        r.region.startsWith('cn-') ? '.cn' : ''
      }/${r.name}`,
      createdAt: epochSeconds(r.createdAt),
      imageTagMutability: r.tagMutability,
      ...(r.tagMutabilityExclusions
        ? {
            imageTagMutabilityExclusionFilters: r.tagMutabilityExclusions.map(
              filter => ({ filterType: 'WILDCARD', filter }),
            ),
          }
        : {}),
      imageScanningConfiguration: { scanOnPush: r.scanType === 'BASIC' },
      encryptionConfiguration: { encryptionType: 'AES256' },
    };
  }

  /**
   * The API order is by digest, not by push time (AWS documents no order either), so a client that
   * reads one page and sorts it shows a random sample instead of the newest images.
   */
  private apiOrder(r: FakeEcrRepository) {
    return [...r.images].sort((a, b) => {
      if (a.digest === b.digest) return 0;
      return a.digest < b.digest ? -1 : 1;
    });
  }

  private describeImages(r: FakeEcrRepository, body: Record<string, any>) {
    if (body.imageIds) {
      throw new EcrError(
        'InvalidParameterException',
        'The fake ECR does not implement DescribeImages by imageIds',
      );
    }
    const tagStatus: string = body.filter?.tagStatus ?? 'ANY';
    if (!['TAGGED', 'UNTAGGED', 'ANY'].includes(tagStatus)) {
      throw new EcrError(
        'InvalidParameterException',
        `Invalid parameter at 'filter.tagStatus' failed to satisfy constraint: 'Member must satisfy enum value set: [TAGGED, UNTAGGED, ANY]'`,
      );
    }
    const maxResults = checkMaxResults(body.maxResults);
    const key = `DescribeImages/${r.accountId}/${r.region}/${r.name}/${tagStatus}`;
    const offset = body.nextToken ? decodeToken(body.nextToken).o : 0;
    if (body.nextToken && decodeToken(body.nextToken).k !== key) {
      throw new EcrError('InvalidParameterException', 'Invalid NextToken');
    }
    const keep = (i: FakeEcrImage) =>
      tagStatus === 'ANY' ||
      (tagStatus === 'TAGGED' ? i.tags.length > 0 : i.tags.length === 0);
    let all = this.apiOrder(r);
    if (!this.options.filterWithinPages) all = all.filter(keep);
    let page = all.slice(offset, offset + maxResults);
    if (this.options.filterWithinPages) page = page.filter(keep);
    const next = offset + maxResults;
    return {
      imageDetails: page.map(i => this.imageDetail(r, i)),
      ...(next < all.length
        ? { nextToken: encodeToken({ o: next, k: key }) }
        : {}),
    };
  }

  private imageDetail(r: FakeEcrRepository, i: FakeEcrImage) {
    const scan = i.scan;
    const counts = scan?.counts ?? {};
    const complete = scan && ['COMPLETE', 'ACTIVE'].includes(scan.status);
    return {
      registryId: r.accountId,
      repositoryName: r.name,
      imageDigest: i.digest,
      ...(i.tags.length ? { imageTags: i.tags } : {}),
      imageSizeInBytes: i.sizeBytes,
      imagePushedAt: epochSeconds(i.pushedAt),
      ...(scan
        ? {
            imageScanStatus: {
              status: scan.status,
              ...(scan.description ? { description: scan.description } : {}),
            },
          }
        : {}),
      ...(complete
        ? {
            imageScanFindingsSummary: {
              imageScanCompletedAt: epochSeconds(scan.completedAt),
              vulnerabilitySourceUpdatedAt: epochSeconds(scan.completedAt),
              findingSeverityCounts: Object.fromEntries(
                Object.entries(counts).filter(([, v]) => (v ?? 0) > 0),
              ),
            },
          }
        : {}),
      ...(i.mediaType ? { imageManifestMediaType: i.mediaType } : {}),
      ...(i.lastPulledAt
        ? { lastRecordedPullTime: epochSeconds(i.lastPulledAt) }
        : {}),
      imageStatus: 'ACTIVE',
    };
  }

  private findingsOf(i: FakeEcrImage): FakeEcrFinding[] {
    if (i.scan?.findings) return i.scan.findings;
    let findings = this.findingsCache.get(i.digest);
    if (!findings) {
      findings = generateFindings(i.digest, i.scan?.counts ?? {});
      this.findingsCache.set(i.digest, findings);
    }
    return findings;
  }

  private describeImageScanFindings(
    r: FakeEcrRepository,
    body: Record<string, any>,
  ) {
    const digest: string | undefined = body.imageId?.imageDigest;
    const tag: string | undefined = body.imageId?.imageTag;
    const imageIdText = `{imageDigest:'${digest ?? 'null'}', imageTag:'${
      tag ?? 'null'
    }'}`;
    const image = r.images.find(i =>
      digest ? i.digest === digest : tag !== undefined && i.tags.includes(tag),
    );
    if (!image) {
      throw new EcrError(
        'ImageNotFoundException',
        `The image with imageId ${imageIdText} does not exist within the repository with name '${r.name}' in the registry with id '${r.accountId}'`,
      );
    }
    const scan = image.scan;
    if (!scan) {
      throw new EcrError(
        'ScanNotFoundException',
        `Image scan does not exist for the image with '${imageIdText}' in the repository with name '${r.name}' in the registry with id '${r.accountId}'`,
      );
    }
    const maxResults = checkMaxResults(body.maxResults);
    const base = {
      registryId: r.accountId,
      repositoryName: r.name,
      imageId: { imageDigest: image.digest },
      imageScanStatus: {
        status: scan.status,
        ...(scan.description ? { description: scan.description } : {}),
      },
    };
    if (!['COMPLETE', 'ACTIVE'].includes(scan.status)) return base;
    const key = `DescribeImageScanFindings/${r.accountId}/${r.region}/${r.name}/${image.digest}`;
    const offset = body.nextToken ? decodeToken(body.nextToken).o : 0;
    if (body.nextToken && decodeToken(body.nextToken).k !== key) {
      throw new EcrError('InvalidParameterException', 'Invalid NextToken');
    }
    const all = this.findingsOf(image);
    const page = all.slice(offset, offset + maxResults);
    const counts: Partial<Record<FakeSeverity, number>> = {};
    for (const f of all) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
    const at = epochSeconds(scan.completedAt);
    return {
      ...base,
      imageScanFindings: {
        imageScanCompletedAt: at,
        vulnerabilitySourceUpdatedAt: at,
        findingSeverityCounts: counts,
        ...(r.scanType === 'ENHANCED'
          ? {
              enhancedFindings: page.map(f =>
                this.enhancedFinding(r, image, f, at),
              ),
            }
          : { findings: page.map(f => basicFinding(f)) }),
      },
      ...(offset + maxResults < all.length
        ? { nextToken: encodeToken({ o: offset + maxResults, k: key }) }
        : {}),
    };
  }

  private enhancedFinding(
    r: FakeEcrRepository,
    image: FakeEcrImage,
    f: FakeEcrFinding,
    at?: number,
  ) {
    return {
      awsAccountId: r.accountId,
      description: f.description,
      findingArn: `arn:aws:inspector2:${r.region}:${
        r.accountId
      }:finding/${createHash('md5')
        .update(image.digest + f.name)
        .digest('hex')}`,
      firstObservedAt: at,
      lastObservedAt: at,
      packageVulnerabilityDetails: {
        source: 'NVD',
        sourceUrl: f.uri,
        vulnerabilityId: f.name,
        vendorSeverity: f.severity,
        referenceUrls: f.uri ? [f.uri] : [],
        vulnerablePackages: f.packageName
          ? [
              {
                name: f.packageName,
                version: f.packageVersion,
                fixedInVersion: f.fixedInVersion ?? 'NotAvailable',
                packageManager: 'OS',
                arch: 'X86_64',
                epoch: 0,
              },
            ]
          : [],
      },
      remediation: {
        recommendation: {
          text: f.fixedInVersion
            ? `Upgrade ${f.packageName} to ${f.fixedInVersion}`
            : 'None Provided',
        },
      },
      resources: [
        {
          id: `arn:aws:ecr:${r.region}:${r.accountId}:repository/${r.name}/${image.digest}`,
          type: 'AWS_ECR_CONTAINER_IMAGE',
          details: {
            awsEcrContainerImage: {
              imageHash: image.digest,
              imageTags: image.tags,
              registry: r.accountId,
              repositoryName: r.name,
              pushedAt: epochSeconds(image.pushedAt),
            },
          },
        },
      ],
      score: 7.5,
      severity: f.severity === 'UNDEFINED' ? 'UNTRIAGED' : f.severity,
      status: 'ACTIVE',
      title: f.packageName ? `${f.name} - ${f.packageName}` : f.name,
      type: 'PACKAGE_VULNERABILITY',
      updatedAt: at,
      fixAvailable: f.fixedInVersion ? 'YES' : 'NO',
    };
  }
}

function basicFinding(f: FakeEcrFinding) {
  return {
    name: f.name,
    description: f.description,
    uri: f.uri,
    severity: f.severity,
    attributes: [
      ...(f.packageVersion
        ? [{ key: 'package_version', value: f.packageVersion }]
        : []),
      ...(f.packageName ? [{ key: 'package_name', value: f.packageName }] : []),
      { key: 'CVSS2_VECTOR', value: 'AV:N/AC:L/Au:N/C:N/I:N/A:P' },
      { key: 'CVSS2_SCORE', value: '5' },
    ],
  };
}

const delay = (ms?: number) =>
  ms ? new Promise(resolve => setTimeout(resolve, ms)) : Promise.resolve();

/**
 * msw handlers answering the SDK's default ECR endpoints, `https://api.ecr.<region>.amazonaws.com/`
 * (and `.amazonaws.com.cn`), from `fake`.
 */
export function createEcrHandlers(fake: FakeEcr): HttpHandler[] {
  return [
    http.post(
      /^https:\/\/api\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/?$/,
      async ({ request }) => {
        const hostRegion = /^https:\/\/api\.ecr\.([a-z0-9-]+)\./.exec(
          request.url,
        )?.[1];
        const answer = fake.handle({
          target: request.headers.get('x-amz-target'),
          contentType: request.headers.get('content-type'),
          authorization: request.headers.get('authorization'),
          body: await request.text(),
          hostRegion,
        });
        await delay(fake.options.latencyMs);
        return new HttpResponse(answer.body, {
          status: answer.status,
          headers: answer.headers,
        });
      },
    ),
  ];
}

/** A running fake ECR: point `containerImages.ecr.endpoint` at `url`. */
export interface FakeEcrServer {
  url: string;
  stop(): Promise<void>;
  calls: FakeEcrCall[];
}

/** Serves `fake` over plain HTTP on 127.0.0.1 (a free port unless one is given). */
export async function startFakeEcrServer(
  fake: FakeEcr,
  options: { port?: number; host?: string } = {},
): Promise<FakeEcrServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', async () => {
      let answer: FakeEcrResponse;
      if (req.method !== 'POST') {
        answer = {
          status: 404,
          headers: { 'content-type': 'text/plain' },
          body: 'fake ECR: POST / only',
        };
      } else {
        try {
          answer = fake.handle({
            target: req.headers['x-amz-target'] as string | undefined,
            contentType: req.headers['content-type'],
            authorization: req.headers.authorization,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        } catch (error) {
          // A bug in the fake: answer like an AWS internal error instead of crashing the run.
          answer = {
            status: 500,
            headers: { 'content-type': JSON_11 },
            body: JSON.stringify({
              __type: 'ServerException',
              message: String(error),
            }),
          };
        }
        await delay(fake.options.latencyMs);
      }
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    calls: fake.calls,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close(error => (error ? reject(error) : resolve()));
      }),
  };
}
