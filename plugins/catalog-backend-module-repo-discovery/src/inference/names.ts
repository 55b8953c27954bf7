import { ENVIRONMENT_ALIASES } from '../environments';
import { CommonValidatorFunctions } from '@backstage/catalog-model';

/** The longest entity name the catalog accepts. */
export const MAX_NAME_LENGTH = 63;

/**
 * A catalog-valid entity name (`[a-z0-9]+(-[a-z0-9]+)*`, at most 63 characters): lower-cased,
 * every other character becomes `-`, runs of `-` collapse and the ends are trimmed. Returns ''
 * when nothing usable is left.
 */
export function toEntityName(raw: string): string {
  return raw
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, MAX_NAME_LENGTH)
    .replace(/-+$/, '');
}

/** The last segment of a '/'-separated directory path. */
export function leafOf(dir: string): string {
  const parts = dir.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? '';
}

/**
 * The name of one part of a mono-repo: `<repo>-<dir leaf>`, or the leaf alone when it already
 * starts with the repository's name (no `lumen-lumen-api`), or the repository's name when the
 * leaf is the repository's name (no `lumen-lumen`).
 */
export function partName(repoName: string, dir: string): string {
  const repo = toEntityName(repoName) || 'repo';
  const leaf = toEntityName(leafOf(dir));
  if (!leaf || leaf === repo) return repo;
  if (leaf.startsWith(`${repo}-`)) return leaf;
  return toEntityName(`${repo}-${leaf}`);
}

/**
 * Makes names unique in order: the first keeps its name, later ones get `-2`, `-3`, ... (kept
 * within 63 characters).
 */
export function uniqueNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map(name => {
    let candidate = name;
    for (let n = 2; taken.has(candidate); n++) {
      const suffix = `-${n}`;
      candidate = `${name
        .slice(0, MAX_NAME_LENGTH - suffix.length)
        .replace(/-+$/, '')}${suffix}`;
    }
    taken.add(candidate);
    return candidate;
  });
}

/** True for a value the catalog accepts as a tag. */
export function isValidTag(tag: string): boolean {
  return CommonValidatorFunctions.isValidTag(tag);
}

/** Directory names that name an environment, for telling overlays from applications. */
export const ENVIRONMENT_WORDS = new Set([
  ...Object.keys(ENVIRONMENT_ALIASES),
  'test',
  'testing',
  'qa',
  'uat',
  'preprod',
  'pre-prod',
  'preview',
  'perf',
  'demo',
  'local',
  'live',
]);

export { environmentFromName, normalizeEnvironment } from '../environments';
