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

export { environmentFromName, normalizeEnvironment } from '../environments';

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
