import { InputError } from '@backstage/errors';
import { ParsedRepositoryRef } from '../types';

/** Where repositories declared by name (not ARN) live. */
export interface EcrDefaults {
  accountId?: string;
  region?: string;
}

/** A parsed ECR reference always knows its account and region. */
export type ParsedEcrRef = ParsedRepositoryRef & {
  provider: 'ecr';
  accountId: string;
  region: string;
};

/** ECR's own rule for repository names (CreateRepository), 2 to 256 characters. */
const REPOSITORY_NAME =
  /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const ARN =
  /^arn:(?<partition>[^:]*):(?<service>[^:]*):(?<region>[^:]*):(?<account>[^:]*):(?<resource>.*)$/;
/** `<account>.dkr.ecr.<region>.amazonaws.com[.cn]/<name>[:tag|@digest]`: an image URI. */
const IMAGE_URI =
  /^(?<account>\d{12})\.dkr\.ecr\.(?<region>[a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/(?<name>[^:@]+)/;

const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const;
type Partition = (typeof PARTITIONS)[number];

/** The partition a region belongs to. */
export function partitionOf(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The registry host of an account and region: `<account>.dkr.ecr.<region>.amazonaws.com[.cn]`. */
export function ecrRegistryHost(accountId: string, region: string): string {
  const suffix =
    partitionOf(region) === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `${accountId}.dkr.ecr.${region}.${suffix}`;
}

/** The repository ARN, as IAM policies and error messages name it. */
export function ecrRepositoryArn(ref: ParsedEcrRef): string {
  return `arn:${partitionOf(ref.region)}:ecr:${ref.region}:${
    ref.accountId
  }:repository/${ref.name}`;
}

/** Where people look at the repository in the AWS console of its partition. */
export function ecrConsoleUrl(ref: ParsedEcrRef): string {
  const path = `ecr/repositories/private/${ref.accountId}/${ref.name}?region=${ref.region}`;
  switch (partitionOf(ref.region)) {
    case 'aws-cn':
      return `https://${ref.region}.console.amazonaws.cn/${path}`;
    case 'aws-us-gov':
      return `https://console.amazonaws-us-gov.com/${path}`;
    default:
      return `https://${ref.region}.console.aws.amazon.com/${path}`;
  }
}

function checkName(ref: string, name: string): void {
  if (name.length < 2 || name.length > 256 || !REPOSITORY_NAME.test(name)) {
    throw new InputError(
      `'${ref}' does not name a valid ECR repository: '${name}' must be 2 to 256 lowercase letters, digits, '.', '_' or '-', with '/' between path parts (e.g. shop/orders-service)`,
    );
  }
}

function checkRegion(ref: string, region: string, partition: string): void {
  if (!REGION.test(region)) {
    throw new InputError(
      `'${ref}' has no valid AWS region ('${region}'), expected e.g. eu-central-1`,
    );
  }
  if (partitionOf(region) !== partition) {
    throw new InputError(
      `'${ref}': region ${region} is not in partition ${partition} (arn:${partitionOf(
        region,
      )}:ecr:${region}:...)`,
    );
  }
}

function parseArn(ref: string): ParsedEcrRef {
  const m = ARN.exec(ref);
  const g = m?.groups;
  if (!g) {
    throw new InputError(
      `'${ref}' is not an ARN; expected arn:aws:ecr:<region>:<account>:repository/<name>`,
    );
  }
  if (!(PARTITIONS as readonly string[]).includes(g.partition)) {
    throw new InputError(
      `'${ref}' has an unknown partition '${
        g.partition
      }'; expected one of ${PARTITIONS.join(', ')}`,
    );
  }
  if (g.service !== 'ecr') {
    throw new InputError(
      `'${ref}' is not an ECR repository ARN (service '${g.service}'); expected arn:${g.partition}:ecr:<region>:<account>:repository/<name>`,
    );
  }
  checkRegion(ref, g.region, g.partition);
  if (!ACCOUNT_ID.test(g.account)) {
    throw new InputError(
      `'${ref}' has no valid AWS account id ('${g.account}'); it must be 12 digits`,
    );
  }
  if (!g.resource.startsWith('repository/')) {
    throw new InputError(
      `'${ref}' is not an ECR repository ARN; the resource must be repository/<name>`,
    );
  }
  const name = g.resource.slice('repository/'.length);
  checkName(ref, name);
  return {
    ref,
    provider: 'ecr',
    name,
    registry: ecrRegistryHost(g.account, g.region),
    accountId: g.account,
    region: g.region,
  };
}

/**
 * Parses an ECR repository reference as an entity declares it: an ARN
 * (`arn:aws:ecr:<region>:<account>:repository/<name>`, also `aws-cn` and `aws-us-gov`) or a
 * plain repository name in the configured default account and region. Throws `InputError` with
 * what is wrong, or what to configure.
 */
export function parseEcrRef(ref: string, defaults: EcrDefaults): ParsedEcrRef {
  const trimmed = ref.trim();
  if (trimmed.startsWith('arn:')) {
    return parseArn(trimmed);
  }
  const uri = IMAGE_URI.exec(trimmed)?.groups;
  if (uri) {
    // An image URI is a common slip; say exactly what to write instead.
    throw new InputError(
      `'${ref}' is an image URI, not a repository; declare arn:${partitionOf(
        uri.region,
      )}:ecr:${uri.region}:${uri.account}:repository/${uri.name}`,
    );
  }
  checkName(ref, trimmed);
  const { accountId, region } = defaults;
  if (!accountId || !region) {
    throw new InputError(
      `'${ref}' is a plain repository name, so containerImages.ecr.defaultAccountId and containerImages.ecr.defaultRegion must be configured; or declare the ARN arn:aws:ecr:<region>:<account>:repository/${trimmed}`,
    );
  }
  return {
    ref,
    provider: 'ecr',
    name: trimmed,
    registry: ecrRegistryHost(accountId, region),
    accountId,
    region,
  };
}
