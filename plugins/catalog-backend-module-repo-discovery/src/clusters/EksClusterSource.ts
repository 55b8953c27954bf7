import {
  Cluster,
  DescribeClusterCommand,
  EKSClient,
  ListClustersCommand,
} from '@aws-sdk/client-eks';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { environmentFromName, normalizeEnvironment } from './names';
import { ClusterSource, DiscoveredCluster } from './types';

/** Where {@link EksClusterSource.fromConfig} reads its accounts. */
export const EKS_CONFIG_PATH = 'catalog.providers.platformClusters.eks';

/** One AWS account to discover EKS clusters in. */
export interface EksAccountConfig {
  accountId: string;
  regions: string[];
  /** Role the Kubernetes plugin assumes to reach these clusters (`kubernetes.io/aws-assume-role`). */
  roleArn?: string;
  /** External id of that role (`kubernetes.io/aws-external-id`). */
  externalId?: string;
  /** Only clusters carrying all these tags; a value of `*` only asks for the tag to exist. */
  tagFilter?: Record<string, string>;
  /** The tag naming the cluster's environment; matched case-insensitively. */
  environmentTag: string;
}

/** An account/region (or one cluster of it) that could not be read in the last run. */
export interface EksDiscoveryError {
  accountId: string;
  region: string;
  /** Set when only this cluster's DescribeCluster failed. */
  clusterName?: string;
  /** The AWS error code, e.g. `AccessDeniedException`, `ThrottlingException`. */
  code: string;
  message: string;
  /** Clusters kept from the last successful run of this account/region (or cluster). */
  retainedClusters: number;
}

/** The result of one discovery run. */
export interface EksDiscoveryResult {
  clusters: DiscoveredCluster[];
  errors: EksDiscoveryError[];
}

/** Options of {@link EksClusterSource}. */
export interface EksClusterSourceOptions {
  logger: LoggerService;
  /** Defaults to `DefaultAwsCredentialsManager.fromConfig(config)` (the `aws` config block). */
  credentialsManager?: AwsCredentialsManager;
  /** DescribeCluster calls in flight per account/region. @defaultValue 5 */
  concurrency?: number;
  /** Attempts per AWS call, retries included (the SDK's own retry strategy). @defaultValue 3 */
  maxAttempts?: number;
}

const DEFAULT_CONCURRENCY = 5;
const SCOPE_CONCURRENCY = 4;
const MAX_PAGES = 1000;

/** Runs `fn` over `items` with at most `limit` calls in flight; results keep the input order. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from(
    { length: Math.max(1, Math.min(limit, items.length)) },
    async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await fn(items[index]);
      }
    },
  );
  await Promise.all(workers);
  return results;
}

function describeError(error: unknown): { code: string; message: string } {
  if (error && typeof error === 'object') {
    const e = error as { name?: unknown; message?: unknown; Code?: unknown };
    const code =
      (typeof e.name === 'string' && e.name !== 'Error' && e.name) ||
      (typeof e.Code === 'string' && e.Code) ||
      'Error';
    return {
      code,
      message: typeof e.message === 'string' ? e.message : String(error),
    };
  }
  return { code: 'Error', message: String(error) };
}

function lookupTag(
  tags: Record<string, string>,
  key: string,
): string | undefined {
  if (key in tags) return tags[key];
  const lower = key.toLocaleLowerCase('en-US');
  const found = Object.keys(tags).find(
    k => k.toLocaleLowerCase('en-US') === lower,
  );
  return found === undefined ? undefined : tags[found];
}

function matchesTagFilter(
  tags: Record<string, string>,
  filter?: Record<string, string>,
) {
  if (!filter) return true;
  return Object.entries(filter).every(([key, want]) =>
    want === '*' ? key in tags : tags[key] === want,
  );
}

function readAccounts(config: Config): EksAccountConfig[] {
  return (config.getOptionalConfigArray(EKS_CONFIG_PATH) ?? []).map(
    (block, index) => {
      const accountId = block.getString('accountId');
      if (!/^\d{12}$/.test(accountId)) {
        throw new InputError(
          `${EKS_CONFIG_PATH}[${index}].accountId must be a 12-digit AWS account id (quote it in YAML), got '${accountId}'`,
        );
      }
      const regions = block.getStringArray('regions');
      if (regions.length === 0) {
        throw new InputError(
          `${EKS_CONFIG_PATH}[${index}].regions must name at least one region`,
        );
      }
      const tagFilterBlock = block.getOptionalConfig('tagFilter');
      const tagFilter = tagFilterBlock
        ? Object.fromEntries(
            tagFilterBlock.keys().map(k => [k, tagFilterBlock.getString(k)]),
          )
        : undefined;
      return {
        accountId,
        regions: [...new Set(regions)],
        roleArn: block.getOptionalString('roleArn'),
        externalId: block.getOptionalString('externalId'),
        tagFilter,
        environmentTag:
          block.getOptionalString('environmentTag') ?? 'environment',
      };
    },
  );
}

interface Scope {
  account: EksAccountConfig;
  region: string;
  key: string;
}

/**
 * The EKS clusters of a set of AWS accounts and regions (`catalog.providers.platformClusters.eks`),
 * with the credentials of the `aws` integration config. Each account/region is read on its own:
 * one that fails (access denied, throttled after the SDK's retries, no credentials) is logged and
 * reported in {@link EksClusterSource.lastErrors}, and does not take the others with it. Its
 * clusters from the last successful run are kept, so a transient failure does not delete them.
 */
export class EksClusterSource implements ClusterSource {
  readonly id = 'eks';
  private readonly accounts: EksAccountConfig[];
  private readonly logger: LoggerService;
  private readonly credentialsManager: AwsCredentialsManager;
  private readonly concurrency: number;
  private readonly maxAttempts?: number;
  /** Last successful result per account/region, by cluster name. */
  private readonly lastGood = new Map<string, Map<string, DiscoveredCluster>>();
  private errors: EksDiscoveryError[] = [];

  /** Reads the accounts from {@link EKS_CONFIG_PATH} and credentials from the `aws` block. */
  static fromConfig(
    config: Config,
    options: EksClusterSourceOptions,
  ): EksClusterSource {
    return new EksClusterSource(readAccounts(config), {
      ...options,
      credentialsManager:
        options.credentialsManager ??
        DefaultAwsCredentialsManager.fromConfig(config),
    });
  }

  constructor(
    accounts: EksAccountConfig[],
    options: EksClusterSourceOptions & {
      credentialsManager: AwsCredentialsManager;
    },
  ) {
    this.accounts = accounts;
    this.logger = options.logger;
    this.credentialsManager = options.credentialsManager;
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.maxAttempts = options.maxAttempts;
  }

  /** What failed in the last run; empty when everything was read. */
  get lastErrors(): readonly EksDiscoveryError[] {
    return this.errors;
  }

  async listClusters(): Promise<DiscoveredCluster[]> {
    return (await this.discover()).clusters;
  }

  /** One discovery run: the clusters, and what could not be read (also kept in lastErrors). */
  async discover(): Promise<EksDiscoveryResult> {
    const scopes = new Map<string, Scope>();
    for (const account of this.accounts) {
      for (const region of account.regions) {
        const key = `${account.accountId}/${region}`;
        if (scopes.has(key)) {
          this.logger.warn(
            `EKS account ${account.accountId} region ${region} is configured twice`,
          );
          continue;
        }
        scopes.set(key, { account, region, key });
      }
    }
    const results = await mapLimit(
      [...scopes.values()],
      SCOPE_CONCURRENCY,
      scope => this.discoverScope(scope),
    );
    const clusters = results.flatMap(r => r.clusters);
    const errors = results.flatMap(r => r.errors);
    this.errors = errors;
    this.logger.info(
      `EKS discovery found ${clusters.length} clusters in ${
        scopes.size
      } account/regions${errors.length ? `, ${errors.length} failures` : ''}`,
    );
    return { clusters, errors };
  }

  private fail(
    scope: Scope,
    error: unknown,
    retained: number,
    clusterName?: string,
  ): EksDiscoveryError {
    const { code, message } = describeError(error);
    const what = clusterName ? `cluster ${clusterName}` : 'clusters';
    this.logger.warn(
      `Could not read EKS ${what} of account ${scope.account.accountId} in ${
        scope.region
      }: ${code}: ${message}${
        retained ? ` (keeping ${retained} clusters from the last run)` : ''
      }`,
      {
        accountId: scope.account.accountId,
        region: scope.region,
        ...(clusterName ? { clusterName } : {}),
        errorCode: code,
      },
    );
    return {
      accountId: scope.account.accountId,
      region: scope.region,
      ...(clusterName ? { clusterName } : {}),
      code,
      message,
      retainedClusters: retained,
    };
  }

  private async discoverScope(scope: Scope): Promise<EksDiscoveryResult> {
    const previous = this.lastGood.get(scope.key);
    let client: EKSClient | undefined;
    let names: string[];
    try {
      const { sdkCredentialProvider } =
        await this.credentialsManager.getCredentialProvider({
          accountId: scope.account.accountId,
        });
      client = new EKSClient({
        region: scope.region,
        credentials: sdkCredentialProvider,
        customUserAgent: 'platform-portal-cluster-discovery',
        ...(this.maxAttempts ? { maxAttempts: this.maxAttempts } : {}),
      });
      names = await this.listNames(client);
    } catch (error) {
      client?.destroy();
      const retained = previous ? [...previous.values()] : [];
      return {
        clusters: retained,
        errors: [this.fail(scope, error, retained.length)],
      };
    }

    const errors: EksDiscoveryError[] = [];
    const current = new Map<string, DiscoveredCluster>();
    const found = await mapLimit(names, this.concurrency, async name => {
      try {
        const { cluster } = await client!.send(
          new DescribeClusterCommand({ name }),
        );
        return cluster ? { name, cluster } : undefined;
      } catch (error) {
        if (describeError(error).code === 'ResourceNotFoundException') {
          return undefined; // deleted between ListClusters and DescribeCluster
        }
        const kept = previous?.get(name);
        errors.push(this.fail(scope, error, kept ? 1 : 0, name));
        if (kept) current.set(name, kept);
        return undefined;
      }
    });
    client.destroy();

    for (const item of found) {
      if (!item) continue;
      const discovered = this.toDiscovered(scope, item.cluster, item.name);
      if (discovered) current.set(item.name, discovered);
    }
    this.lastGood.set(scope.key, current);
    const clusters = [...current.values()].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    return { clusters, errors };
  }

  private async listNames(client: EKSClient): Promise<string[]> {
    const names: string[] = [];
    const seenTokens = new Set<string>();
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const response = await client.send(
        new ListClustersCommand({
          maxResults: 100,
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      names.push(...(response.clusters ?? []));
      nextToken = response.nextToken || undefined;
      if (!nextToken || seenTokens.has(nextToken)) break;
      seenTokens.add(nextToken);
    }
    return [...new Set(names)];
  }

  private toDiscovered(
    scope: Scope,
    cluster: Cluster,
    listedName: string,
  ): DiscoveredCluster | undefined {
    const { account, region } = scope;
    const tags = cluster.tags ?? {};
    if (!matchesTagFilter(tags, account.tagFilter)) return undefined;
    const name = cluster.name ?? listedName;
    const result: DiscoveredCluster = {
      name,
      sources: ['eks'],
      authProvider: 'aws',
      aws: {
        accountId: account.accountId,
        region,
        eksName: name,
        ...(cluster.arn ? { arn: cluster.arn } : {}),
        ...(account.roleArn ? { assumeRole: account.roleArn } : {}),
        ...(account.externalId ? { externalId: account.externalId } : {}),
      },
      tags,
    };
    if (cluster.endpoint) result.apiServer = cluster.endpoint;
    if (cluster.certificateAuthority?.data)
      result.caData = cluster.certificateAuthority.data;
    if (cluster.version) result.kubernetesVersion = cluster.version;
    const environment =
      normalizeEnvironment(lookupTag(tags, account.environmentTag)) ??
      environmentFromName(name);
    if (environment) result.environment = environment;
    return result;
  }
}
