import { TagClass } from './types';

/** `X.Y.Z`: plain semver, the only form a release may have. */
export const STABLE_TAG = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
/** `X.Y.Z-SNAPSHOT`. */
export const SNAPSHOT_TAG =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)-SNAPSHOT$/;

/** Tags that move by design unless configured otherwise. */
export const DEFAULT_MOVING_TAGS: readonly string[] = [
  'develop',
  'latest',
  'main',
  'master',
  'dev',
  'staging',
  'production',
  'prod',
  'stable',
  'edge',
  'nightly',
];

/** Classifies a tag: stable, snapshot, moving (from `movingTags`) or other. */
export function classifyTag(
  tag: string,
  movingTags: readonly string[] = DEFAULT_MOVING_TAGS,
): TagClass {
  if (STABLE_TAG.test(tag)) return 'stable';
  if (SNAPSHOT_TAG.test(tag)) return 'snapshot';
  if (movingTags.includes(tag)) return 'moving';
  return 'other';
}

/** Compares two `X.Y.Z` (or `X.Y.Z-SNAPSHOT`) versions numerically; other tags sort last. */
export function compareVersionTags(a: string, b: string): number {
  const parse = (t: string) => {
    const m = /^(\d+)\.(\d+)\.(\d+)/.exec(t);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
  };
  const pa = parse(a);
  const pb = parse(b);
  if (pa && !pb) return -1;
  if (!pa && pb) return 1;
  if (!pa || !pb) return a.localeCompare(b);
  for (let i = 0; i < 3; i++) {
    if (pa[i] !== pb[i]) return pa[i] - pb[i];
  }
  return 0;
}
