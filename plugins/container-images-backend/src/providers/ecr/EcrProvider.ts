import {
  DescribeImageScanFindingsCommand,
  DescribeImageScanFindingsCommandOutput,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  ECRClientConfig,
  EnhancedImageScanFinding,
  GetLifecyclePolicyCommand,
  ImageDetail,
  ImageScanFinding,
} from '@aws-sdk/client-ecr';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import {
  ScanFinding,
  ScanSummary,
  SEVERITIES,
  Severity,
} from '@platform-portal/plugin-container-images-common';
import {
  ImageRegistryProvider,
  ParsedRepositoryRef,
  RawImage,
  RawRepository,
  RepositoryReadError,
} from '../types';
import {
  ecrConsoleUrl,
  EcrDefaults,
  ecrRepositoryArn,
  ParsedEcrRef,
  parseEcrRef,
} from './parseEcrRef';

const CONFIG_PATH = 'containerImages.ecr';
const DEFAULT_MAX_ATTEMPTS = 5;
/** ECR's largest page for DescribeImages and DescribeImageScanFindings. */
const PAGE_SIZE = 1000;
/** 1000 pages of 1000 is far beyond ECR's image quota; a server looping on tokens stops here. */
const MAX_PAGES = 1000;

type RetryStrategy = NonNullable<ECRClientConfig['retryStrategy']>;

/** Options of {@link EcrProvider}. */
export interface EcrProviderOptions {
  /** Defaults to `DefaultAwsCredentialsManager.fromConfig(config)` (the `aws` config block). */
  credentialsManager?: AwsCredentialsManager;
  logger?: LoggerService;
  /**
   * Tests only: the retry strategy for the configured attempts. Production leaves it out and gets
   * the SDK's standard retry (`retryMode: 'standard'`), whose throttling backoff waits seconds.
   */
  retryStrategy?: (maxAttempts: number) => RetryStrategy;
}

interface EcrSettings extends EcrDefaults {
  maxAttempts: number;
  endpoint?: string;
}

type Operation =
  | 'DescribeRepositories'
  | 'GetLifecyclePolicy'
  | 'DescribeImages'
  | 'DescribeImageScanFindings';

interface AwsErrorLike {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

function readSettings(config: Config): EcrSettings {
  const ecr = config.getOptionalConfig(CONFIG_PATH);
  const accountId = ecr?.getOptionalString('defaultAccountId');
  const region = ecr?.getOptionalString('defaultRegion');
  if (accountId !== undefined && !/^\d{12}$/.test(accountId)) {
    throw new InputError(
      `${CONFIG_PATH}.defaultAccountId must be a 12-digit AWS account id (quote it in YAML), got '${accountId}'`,
    );
  }
  if (region !== undefined && !/^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/.test(region)) {
    throw new InputError(
      `${CONFIG_PATH}.defaultRegion must be an AWS region such as eu-central-1, got '${region}'`,
    );
  }
  const maxAttempts =
    ecr?.getOptionalNumber('maxAttempts') ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new InputError(
      `${CONFIG_PATH}.maxAttempts must be a whole number of at least 1 (the first attempt included), got ${maxAttempts}`,
    );
  }
  return {
    accountId,
    region,
    maxAttempts,
    endpoint: ecr?.getOptionalString('endpoint'),
  };
}

const toIso = (d?: Date) =>
  d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined;

function toSeverity(value?: string): Severity {
  const upper = (value ?? '').toUpperCase();
  // Inspector (enhanced scanning) says UNTRIAGED where basic scanning says UNDEFINED.
  return (SEVERITIES as readonly string[]).includes(upper)
    ? (upper as Severity)
    : 'UNDEFINED';
}

function toCounts(
  counts?: Record<string, number | undefined>,
): ScanSummary['findingCounts'] {
  const result: ScanSummary['findingCounts'] = {};
  for (const [severity, n] of Object.entries(counts ?? {})) {
    if (!n) continue;
    const s = toSeverity(severity);
    result[s] = (result[s] ?? 0) + n;
  }
  return result;
}

function scanOf(image: ImageDetail): ScanSummary {
  const status = image.imageScanStatus?.status;
  if (!status) return { status: 'NOT_SCANNED', findingCounts: {} };
  return {
    status,
    description: image.imageScanStatus?.description,
    completedAt: toIso(image.imageScanFindingsSummary?.imageScanCompletedAt),
    findingCounts: toCounts(
      image.imageScanFindingsSummary?.findingSeverityCounts,
    ),
  };
}

function toRawImage(image: ImageDetail): RawImage | undefined {
  const tags = image.imageTags ?? [];
  // The TAGGED filter already leaves untagged images out; this guards against a server that
  // does not (an image without tags has nothing to classify).
  if (!image.imageDigest || tags.length === 0) return undefined;
  return {
    digest: image.imageDigest,
    tags,
    pushedAt: image.imagePushedAt,
    sizeBytes: image.imageSizeInBytes,
    lastPulledAt: image.lastRecordedPullTime,
    mediaType: image.imageManifestMediaType,
    scan: scanOf(image),
  };
}

function basicFinding(f: ImageScanFinding): ScanFinding {
  const attribute = (key: string) =>
    f.attributes?.find(a => a.key === key)?.value;
  return {
    name: f.name ?? 'unnamed finding',
    severity: toSeverity(f.severity),
    description: f.description,
    uri: f.uri,
    packageName: attribute('package_name'),
    packageVersion: attribute('package_version'),
  };
}

/** One finding per vulnerable package, so each row says what to upgrade (usually just one). */
function enhancedFindings(f: EnhancedImageScanFinding): ScanFinding[] {
  const details = f.packageVulnerabilityDetails;
  const base = {
    name: details?.vulnerabilityId ?? f.title ?? 'unnamed finding',
    severity: toSeverity(f.severity),
    description: f.description ?? f.title,
    uri: details?.sourceUrl ?? details?.referenceUrls?.[0],
  };
  const packages = details?.vulnerablePackages ?? [];
  if (packages.length === 0) return [base];
  return packages.map(p => ({
    ...base,
    packageName: p.name,
    packageVersion: p.version,
    fixedInVersion:
      p.fixedInVersion && p.fixedInVersion !== 'NotAvailable'
        ? p.fixedInVersion
        : undefined,
  }));
}

/**
 * Amazon ECR through the AWS SDK v3: for each repository DescribeRepositories (tag mutability and
 * its exclusions), GetLifecyclePolicy, and every page of DescribeImages with the TAGGED filter.
 * Credentials come from `@backstage/integration-aws-node` for the repository's account (the
 * manager assumes roles as configured); one client per account and region is kept. Throttling
 * is retried by the SDK with backoff, up to `containerImages.ecr.maxAttempts` attempts.
 */
export class EcrProvider implements ImageRegistryProvider {
  readonly type = 'ecr' as const;
  private readonly clients = new Map<string, Promise<ECRClient>>();
  /** Errors thrown while getting credentials, to tell them from ECR's own answers. */
  private readonly credentialErrors = new WeakSet<object>();

  static fromConfig(
    config: Config,
    options: EcrProviderOptions = {},
  ): EcrProvider {
    return new EcrProvider(readSettings(config), {
      ...options,
      credentialsManager:
        options.credentialsManager ??
        DefaultAwsCredentialsManager.fromConfig(config),
    });
  }

  private constructor(
    private readonly settings: EcrSettings,
    private readonly options: EcrProviderOptions & {
      credentialsManager: AwsCredentialsManager;
    },
  ) {}

  parse(ref: string): ParsedEcrRef {
    return parseEcrRef(ref, this.settings);
  }

  async listImages(ref: ParsedRepositoryRef): Promise<RawRepository> {
    const parsed = this.asEcrRef(ref);
    const client = await this.client(parsed);
    let calls = 0;
    const send = async <T>(run: () => Promise<T>) => {
      try {
        const output = await run();
        calls += attemptsOf(output);
        return output;
      } catch (error) {
        calls += attemptsOf(error);
        throw error;
      }
    };
    const common = {
      registryId: parsed.accountId,
      repositoryName: parsed.name,
    };

    // The repository first: a missing or forbidden one then fails on one call, not three.
    const repository = await this.call(parsed, 'DescribeRepositories', () =>
      send(() =>
        client.send(
          new DescribeRepositoriesCommand({
            registryId: parsed.accountId,
            repositoryNames: [parsed.name],
          }),
        ),
      ),
    ).then(out => out.repositories?.[0]);

    const [lifecyclePolicyText, images] = await Promise.all([
      this.call(parsed, 'GetLifecyclePolicy', () =>
        send(() => client.send(new GetLifecyclePolicyCommand(common))),
      ).then(
        out => out.lifecyclePolicyText ?? null,
        (error: RepositoryReadError) => {
          if (error.code === 'LifecyclePolicyNotFoundException') return null;
          if (error.code === 'AccessDeniedException') {
            // Images matter more than the policy: show them and say why the policy is missing.
            this.options.logger?.warn(error.message, {
              accountId: parsed.accountId,
              region: parsed.region,
              repository: parsed.name,
            });
            return undefined;
          }
          throw error;
        },
      ),
      this.allImages(parsed, client, send),
    ]);

    const exclusions = repository?.imageTagMutabilityExclusionFilters
      ?.map(f => f.filter)
      .filter((f): f is string => Boolean(f));
    return {
      parsed,
      consoleUrl: ecrConsoleUrl(parsed),
      tagMutability: repository?.imageTagMutability,
      tagMutabilityExclusions: exclusions?.length ? exclusions : undefined,
      lifecyclePolicyText,
      images,
      calls,
    };
  }

  async getFindings(
    ref: ParsedRepositoryRef,
    digest: string,
  ): Promise<{ scan: ScanSummary; findings: ScanFinding[] }> {
    const parsed = this.asEcrRef(ref);
    const client = await this.client(parsed);
    const findings: ScanFinding[] = [];
    let first: DescribeImageScanFindingsCommandOutput | undefined;
    let nextToken: string | undefined;
    const seen = new Set<string>();
    try {
      do {
        const token = nextToken;
        const page = await this.call(parsed, 'DescribeImageScanFindings', () =>
          client.send(
            new DescribeImageScanFindingsCommand({
              registryId: parsed.accountId,
              repositoryName: parsed.name,
              imageId: { imageDigest: digest },
              maxResults: PAGE_SIZE,
              nextToken: token,
            }),
          ),
        );
        first ??= page;
        findings.push(
          ...(page.imageScanFindings?.findings ?? []).map(basicFinding),
          ...(page.imageScanFindings?.enhancedFindings ?? []).flatMap(
            enhancedFindings,
          ),
        );
        nextToken = this.nextPage(parsed, page.nextToken, seen);
      } while (nextToken);
    } catch (error) {
      if (
        error instanceof RepositoryReadError &&
        error.code === 'ScanNotFoundException'
      ) {
        return {
          scan: { status: 'NOT_SCANNED', findingCounts: {} },
          findings: [],
        };
      }
      throw error;
    }
    const status = first?.imageScanStatus?.status;
    return {
      scan: {
        status: status ?? 'NOT_SCANNED',
        description: first?.imageScanStatus?.description,
        completedAt: toIso(first?.imageScanFindings?.imageScanCompletedAt),
        findingCounts: toCounts(
          first?.imageScanFindings?.findingSeverityCounts,
        ),
      },
      findings,
    };
  }

  private async allImages(
    parsed: ParsedEcrRef,
    client: ECRClient,
    send: <T>(run: () => Promise<T>) => Promise<T>,
  ): Promise<RawImage[]> {
    // Every page, not the first: the API order is not push order, so one page is a random sample.
    const images: RawImage[] = [];
    const seen = new Set<string>();
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const page = await this.call(parsed, 'DescribeImages', () =>
        send(() =>
          client.send(
            new DescribeImagesCommand({
              registryId: parsed.accountId,
              repositoryName: parsed.name,
              filter: { tagStatus: 'TAGGED' },
              maxResults: PAGE_SIZE,
              nextToken: token,
            }),
          ),
        ),
      );
      for (const detail of page.imageDetails ?? []) {
        const image = toRawImage(detail);
        if (image) images.push(image);
      }
      nextToken = this.nextPage(parsed, page.nextToken, seen);
    } while (nextToken);
    return images;
  }

  /** The next token, refusing a server that repeats one or never stops. */
  private nextPage(
    parsed: ParsedEcrRef,
    token: string | undefined,
    seen: Set<string>,
  ): string | undefined {
    if (!token) return undefined;
    if (seen.has(token) || seen.size >= MAX_PAGES) {
      throw new RepositoryReadError(
        `PaginationError: ECR kept returning pages for ${ecrRepositoryArn(
          parsed,
        )} (a repeated nextToken or more than ${MAX_PAGES} pages); stopped reading`,
        'PaginationError',
      );
    }
    seen.add(token);
    return token;
  }

  private asEcrRef(ref: ParsedRepositoryRef): ParsedEcrRef {
    if (ref.provider === 'ecr' && ref.accountId && ref.region) {
      return ref as ParsedEcrRef;
    }
    return this.parse(ref.ref);
  }

  private client(parsed: ParsedEcrRef): Promise<ECRClient> {
    const key = `${parsed.accountId}/${parsed.region}`;
    let client = this.clients.get(key);
    if (!client) {
      client = this.createClient(parsed);
      this.clients.set(key, client);
      // A failure to get credentials is not kept: the next read asks again.
      client.catch(() => this.clients.delete(key));
    }
    return client;
  }

  private async createClient(parsed: ParsedEcrRef): Promise<ECRClient> {
    let sdkCredentialProvider;
    try {
      ({ sdkCredentialProvider } =
        await this.options.credentialsManager.getCredentialProvider({
          accountId: parsed.accountId,
        }));
    } catch (error) {
      throw new RepositoryReadError(
        `CredentialsError: the portal has no AWS credentials for account ${
          parsed.accountId
        } (configure it under aws.accounts or aws.accountDefaults): ${messageOf(
          error,
        )}`,
        'CredentialsError',
        undefined,
        { cause: error },
      );
    }
    const { maxAttempts, endpoint } = this.settings;
    return new ECRClient({
      region: parsed.region,
      credentials: async identityProperties => {
        try {
          return await sdkCredentialProvider(identityProperties);
        } catch (error) {
          if (error && typeof error === 'object') {
            this.credentialErrors.add(error);
          }
          throw error;
        }
      },
      maxAttempts,
      retryMode: 'standard',
      ...(this.options.retryStrategy
        ? { retryStrategy: this.options.retryStrategy(maxAttempts) }
        : {}),
      ...(endpoint ? { endpoint } : {}),
    });
  }

  /** Runs one ECR call, turning its failure into a {@link RepositoryReadError} people can act on. */
  private async call<T>(
    parsed: ParsedEcrRef,
    operation: Operation,
    run: () => Promise<T>,
  ): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof RepositoryReadError) throw error;
      throw this.toReadError(parsed, operation, error);
    }
  }

  private toReadError(
    parsed: ParsedEcrRef,
    operation: Operation,
    error: unknown,
  ): RepositoryReadError {
    const e = (error ?? {}) as AwsErrorLike;
    const code =
      (e.name && e.name !== 'Error' && e.name) ||
      (typeof e.code === 'string' && e.code) ||
      'Error';
    const status = e.$metadata?.httpStatusCode;
    const arn = ecrRepositoryArn(parsed);
    const aws = messageOf(error);
    let message: string;
    if (
      typeof error === 'object' &&
      error &&
      this.credentialErrors.has(error)
    ) {
      message = `${code}: could not get AWS credentials for account ${parsed.accountId} (is the role assumable by the portal?): ${aws}`;
    } else {
      switch (code) {
        case 'AccessDeniedException':
          message = `AccessDeniedException: the portal's role may not call ecr:${operation} on ${arn}; allow it in the role's policy or the repository policy (AWS: ${aws})`;
          break;
        case 'RepositoryNotFoundException':
          message = `RepositoryNotFoundException: there is no repository '${parsed.name}' in account ${parsed.accountId}, region ${parsed.region}; check the annotation (AWS: ${aws})`;
          break;
        case 'ThrottlingException':
          message = `ThrottlingException: ECR throttled ecr:${operation} on ${arn} ${attemptsOf(
            error,
          )} times in a row; try again in a moment`;
          break;
        case 'ImageNotFoundException':
          message = `ImageNotFoundException: the image is no longer in ${arn} (AWS: ${aws})`;
          break;
        default:
          message = `${code}: ecr:${operation} on ${arn} failed: ${aws}`;
      }
    }
    return new RepositoryReadError(message, code, status, { cause: error });
  }
}

function attemptsOf(value: unknown): number {
  const attempts = (value as AwsErrorLike | undefined)?.$metadata?.attempts;
  return typeof attempts === 'number' && attempts > 0 ? attempts : 1;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
