import { FoundPlan } from '../types';

/**
 * How plan files are laid out, in an S3 prefix and in the local plans directory alike:
 *
 * ```
 * <prefix or directory>/<environment>/<YYYY-MM-DDTHH-MM-SSZ>[-pr-<n>][-<branch>].json
 * ```
 *
 * - `<environment>`: `dev`, `production`, … (letters, digits, `.`, `_`, `-`).
 * - the time the plan was made, in UTC, with `-` for `:` (keys and file names stay portable);
 * - `-pr-<n>` for a plan made on pull request `n`;
 * - `-<branch>` the branch, with `/` written as `_` (the file name cannot hold a `/`; the
 *   metadata — S3 object metadata or a local sidecar — carries the exact name).
 *
 * Each file is the output of `terraform show -json <planfile>` (or `tofu show -json`). Anything
 * else under the prefix (deeper keys, other names, `*.meta.json` sidecars) is not a plan.
 *
 * Examples: `dev/2025-11-18T09-12-44Z-pr-214-feature_datacube-pg16.json`,
 * `production/2025-11-14T10-41-02Z-main.json`.
 */
export const PLAN_LAYOUT =
  '<environment>/<YYYY-MM-DDTHH-MM-SSZ>[-pr-<n>][-<branch>].json';

/** At most this many plans are listed per target: the latest per environment and PR/branch. */
export const MAX_PLANS_PER_TARGET = 50;

const ENVIRONMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const FILE_NAME =
  /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})Z(?:-pr-(\d{1,9}))?(?:-([^/\\]{1,200}))?\.json$/;

/** What a plan's path (relative to the prefix or target directory) says about it. */
export interface PlanFileName {
  /** The path relative to the prefix or directory: `<environment>/<file>`. */
  relativePath: string;
  environment: string;
  /** ISO 8601, from the file name. */
  createdAt: string;
  pullRequest?: number;
  /** As written in the file name (`/` appears as `_`). */
  branch?: string;
}

/** Whether a file name is a sidecar of metadata rather than a plan. */
export function isSidecar(fileName: string): boolean {
  return fileName.endsWith('.meta.json');
}

/** The sidecar of a plan file: `x.json` → `x.meta.json`. */
export function sidecarOf(fileName: string): string {
  return fileName.replace(/\.json$/, '.meta.json');
}

export function isEnvironmentName(name: string): boolean {
  return ENVIRONMENT.test(name);
}

/**
 * Parses `<environment>/<file>` against {@link PLAN_LAYOUT}; `undefined` for anything that is not
 * a plan file (so deeper paths, sidecars and stray files are skipped, never guessed at).
 */
export function parsePlanPath(relativePath: string): PlanFileName | undefined {
  const parts = relativePath.split('/');
  if (parts.length !== 2) return undefined;
  const [environment, fileName] = parts;
  if (!isEnvironmentName(environment) || isSidecar(fileName)) return undefined;
  const match = FILE_NAME.exec(fileName);
  if (!match) return undefined;
  const [, date, hh, mm, ss, pr, branch] = match;
  const createdAt = `${date}T${hh}:${mm}:${ss}Z`;
  // A well-formed but impossible time (month 13) is not a plan file either.
  const time = Date.parse(createdAt);
  if (
    Number.isNaN(time) ||
    new Date(time).toISOString() !== `${createdAt.slice(0, -1)}.000Z`
  ) {
    return undefined;
  }
  return {
    relativePath,
    environment,
    createdAt,
    ...(pr !== undefined ? { pullRequest: Number(pr) } : {}),
    ...(branch !== undefined ? { branch } : {}),
  };
}

/**
 * The latest plan of each (environment, pull request or branch), newest first, at most `limit`:
 * a list of what each environment and each open PR would do now, not the history of every run.
 */
export function selectLatest<T extends PlanFileName>(
  plans: T[],
  limit = MAX_PLANS_PER_TARGET,
): T[] {
  const latest = new Map<string, T>();
  for (const plan of plans) {
    const group = `${plan.environment}\u0000${
      plan.pullRequest !== undefined
        ? `pr:${plan.pullRequest}`
        : `branch:${plan.branch ?? ''}`
    }`;
    const seen = latest.get(group);
    if (!seen || newerFirst(plan, seen) < 0) latest.set(group, plan);
  }
  return [...latest.values()].sort(newerFirst).slice(0, limit);
}

function newerFirst(a: PlanFileName, b: PlanFileName): number {
  return (
    b.createdAt.localeCompare(a.createdAt) ||
    b.relativePath.localeCompare(a.relativePath)
  );
}

/** The plan as listed, before any metadata: what the path alone says. */
export function foundPlanFromPath(
  key: string,
  parsed: PlanFileName,
): FoundPlan {
  return {
    key,
    environment: parsed.environment,
    createdAt: parsed.createdAt,
    ...(parsed.branch !== undefined ? { branch: parsed.branch } : {}),
    ...(parsed.pullRequest !== undefined
      ? { pullRequest: { number: parsed.pullRequest } }
      : {}),
  };
}

/** Only http(s) links are passed on: a `javascript:` URL in metadata must not become a link. */
export function safeUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:'
      ? url.toString()
      : undefined;
  } catch {
    return undefined;
  }
}

/** Rejects `..`, `.`, empty segments, backslashes and control characters in a relative path. */
export function isSafeRelativePath(value: string): boolean {
  if (!value || value.startsWith('/') || value.includes('\\')) return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return false;
  }
  return value
    .split('/')
    .every(segment => segment !== '' && segment !== '.' && segment !== '..');
}
