import { createHash } from 'node:crypto';

const MAX_NAME_LENGTH = 63;

function shortHash(value: string) {
  return createHash('sha256').update(value).digest('hex').slice(0, 8);
}

/**
 * The catalog name of a cluster, also the key clusters from different sources are merged on:
 * lower-case, `[a-z0-9-]`, at most 63 characters (longer names keep a hash of the rest, so two
 * long names stay apart).
 */
export function clusterEntityName(name: string): string {
  const base = name
    .trim()
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!base) return `cluster-${shortHash(name)}`;
  if (base.length <= MAX_NAME_LENGTH) return base;
  const head = base.slice(0, MAX_NAME_LENGTH - 9).replace(/-+$/, '');
  return `${head}-${shortHash(base)}`;
}

const ENVIRONMENT_ALIASES: Record<string, string> = {
  dev: 'dev',
  development: 'dev',
  sandbox: 'dev',
  stg: 'staging',
  staging: 'staging',
  prod: 'prod',
  production: 'prod',
};

/**
 * The environment of a cluster from a tag or a source's value: the usual spellings become `dev`,
 * `staging` and `prod` (as the hand-written cluster entities say), anything else is kept
 * lower-case and catalog-safe (`qa`, `perf-eu`).
 */
export function normalizeEnvironment(
  value: string | undefined,
): string | undefined {
  if (!value) return undefined;
  const lower = value.trim().toLocaleLowerCase('en-US');
  if (ENVIRONMENT_ALIASES[lower]) return ENVIRONMENT_ALIASES[lower];
  const safe = lower
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_NAME_LENGTH)
    .replace(/-+$/, '');
  return safe || undefined;
}

/**
 * The environment a cluster's name states, as a whole word: `orbital-prod`, `piksel-production`,
 * `stg-eu-1`, `dev_cluster`; not `product-api` or `devtools`. The first such word wins.
 */
export function environmentFromName(
  name: string | undefined,
): string | undefined {
  if (!name) return undefined;
  for (const word of name.toLocaleLowerCase('en-US').split(/[^a-z0-9]+/)) {
    if (ENVIRONMENT_ALIASES[word]) return ENVIRONMENT_ALIASES[word];
  }
  return undefined;
}

/** The region of an EKS API server URL (`https://<id>.gr7.<region>.eks.amazonaws.com`). */
export function regionFromEksEndpoint(
  url: string | undefined,
): string | undefined {
  if (!url) return undefined;
  try {
    const match =
      /\.([a-z]{2}(?:-[a-z]+)+-\d+)\.eks\.amazonaws\.com(?:\.cn)?$/.exec(
        new URL(url).hostname.toLocaleLowerCase('en-US'),
      );
    return match?.[1];
  } catch {
    return undefined;
  }
}
