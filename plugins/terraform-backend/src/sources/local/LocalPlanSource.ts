import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { FoundPlan, PlanSource, PlanSourceReadError } from '../types';
import {
  MAX_PLANS_PER_TARGET,
  PlanFileName,
  foundPlanFromPath,
  isEnvironmentName,
  isSafeRelativePath,
  parsePlanPath,
  safeUrl,
  selectLatest,
  sidecarOf,
} from '../s3/layout';

/**
 * The optional sidecar of a plan, `<name>.meta.json` beside `<name>.json`: what a CI job knew
 * when it made the plan. Every field is optional; a field of the wrong type is ignored.
 */
export interface LocalPlanSidecar {
  /** The exact branch (the file name cannot hold a `/`). */
  branch?: string;
  pullRequest?: { number: number; url?: string; title?: string };
  run?: {
    id: string;
    url?: string;
    status?: string;
    triggeredBy?: string;
    commit?: string;
  };
  /** ISO 8601; more precise than the file name's. */
  createdAt?: string;
}

const MAX_SIDECAR_BYTES = 64 * 1024;

/**
 * Plans in a local directory (`terraform.local.directory`, relative to the working directory),
 * the embedded default: `platform-portal.io/terraform-plans-local: <dir>` names a directory in
 * it, laid out like an S3 prefix —
 * `<dir>/<environment>/<YYYY-MM-DDTHH-MM-SSZ>[-pr-<n>][-<branch>].json` — with an optional
 * sidecar `<name>.meta.json` per plan ({@link LocalPlanSidecar}).
 *
 * Nothing outside the configured directory is ever read: a target or key with `..`, an absolute
 * path, or a symbolic link that leads out (checked on the real path) is refused.
 */
export class LocalPlanSource implements PlanSource {
  readonly type = 'local' as const;

  static fromConfig(
    config: Config,
    options: { logger: LoggerService; workingDirectory?: string },
  ): LocalPlanSource {
    const directory = config.getOptionalString('terraform.local.directory');
    return new LocalPlanSource({
      directory: directory
        ? path.resolve(options.workingDirectory ?? process.cwd(), directory)
        : undefined,
      logger: options.logger,
    });
  }

  constructor(
    private readonly options: { directory?: string; logger: LoggerService },
  ) {}

  validateTarget(target: string): void {
    this.targetPath(target);
  }

  async listPlans(target: string): Promise<FoundPlan[]> {
    const dir = await this.realTargetDir(target);
    const found: Array<PlanFileName & { real: string }> = [];
    for (const env of await readdirOrEmpty(dir)) {
      if (!isEnvironmentName(env.name) || !(await isDirectory(env, dir))) {
        continue;
      }
      for (const file of await readdirOrEmpty(path.join(dir, env.name))) {
        const parsed = parsePlanPath(`${env.name}/${file.name}`);
        if (!parsed) continue;
        const real = await this.realInside(
          path.join(dir, env.name, file.name),
          dir,
        );
        if (!real) {
          this.options.logger.warn(
            `Skipping ${target}/${parsed.relativePath}: it leads outside the plans directory`,
          );
          continue;
        }
        if ((await fs.stat(real)).isFile()) found.push({ ...parsed, real });
      }
    }
    const latest = selectLatest(found, MAX_PLANS_PER_TARGET);
    return Promise.all(
      latest.map(async parsed =>
        withSidecar(
          foundPlanFromPath(parsed.relativePath, parsed),
          await this.readSidecar(dir, parsed.relativePath, target),
        ),
      ),
    );
  }

  async fetchPlan(target: string, key: string): Promise<Readable> {
    const dir = await this.realTargetDir(target);
    // The key comes back from the client inside the plan id: only a plan file of this target.
    const notFound = () =>
      new PlanSourceReadError(
        `No plan ${JSON.stringify(key)} in ${target}`,
        'NotFound',
        404,
      );
    if (!isSafeRelativePath(key) || !parsePlanPath(key)) throw notFound();
    const real = await this.realInside(path.join(dir, key), dir);
    if (!real) throw notFound();
    const stat = await fs.stat(real).catch(() => undefined);
    if (!stat?.isFile()) throw notFound();
    // The resolved path is opened, so a link swapped in after the check is not followed.
    return createReadStream(real);
  }

  /** `<directory>/<target>`, for a target that is a plain relative path. */
  private targetPath(target: string): { base: string; dir: string } {
    const base = this.options.directory;
    if (!base) {
      throw new PlanSourceReadError(
        'No local plans directory is configured (terraform.local.directory)',
        'NotConfigured',
      );
    }
    const cleaned = target.trim().replace(/\/+$/, '');
    if (path.isAbsolute(cleaned) || !isSafeRelativePath(cleaned)) {
      throw new InputError(
        `Invalid local plans directory ${JSON.stringify(
          target,
        )}: a relative path inside terraform.local.directory, without ".."`,
      );
    }
    return { base, dir: path.join(base, cleaned) };
  }

  /** The real path of the target directory, checked to be inside the real base directory. */
  private async realTargetDir(target: string): Promise<string> {
    const { base, dir } = this.targetPath(target);
    let realBase: string;
    try {
      realBase = await fs.realpath(base);
    } catch (error) {
      throw new PlanSourceReadError(
        `The local plans directory ${base} does not exist`,
        'NotFound',
        404,
        { cause: error },
      );
    }
    const real = await this.realInside(dir, realBase).catch(() => undefined);
    if (!real || !(await fs.stat(real)).isDirectory()) {
      throw new PlanSourceReadError(
        `No directory ${target} in the local plans directory`,
        'NotFound',
        404,
      );
    }
    return real;
  }

  /** The real path of `file` when it exists and stays inside `root` (itself a real path). */
  private async realInside(
    file: string,
    root: string,
  ): Promise<string | undefined> {
    let real: string;
    try {
      real = await fs.realpath(file);
    } catch {
      return undefined;
    }
    const relative = path.relative(root, real);
    return relative === '' ||
      (!relative.startsWith('..') && !path.isAbsolute(relative))
      ? real
      : undefined;
  }

  private async readSidecar(
    dir: string,
    relativePath: string,
    target: string,
  ): Promise<LocalPlanSidecar | undefined> {
    const real = await this.realInside(
      path.join(dir, sidecarOf(relativePath)),
      dir,
    );
    if (!real) return undefined;
    try {
      const stat = await fs.stat(real);
      if (!stat.isFile() || stat.size > MAX_SIDECAR_BYTES) return undefined;
      return JSON.parse(await fs.readFile(real, 'utf8'));
    } catch (error) {
      this.options.logger.warn(
        `Ignoring the sidecar of ${target}/${relativePath}: ${
          (error as Error).message
        }`,
      );
      return undefined;
    }
  }
}

/** Merges a sidecar into the plan, field by field, taking only values of the right type. */
function withSidecar(plan: FoundPlan, sidecar: unknown): FoundPlan {
  if (!sidecar || typeof sidecar !== 'object' || Array.isArray(sidecar)) {
    return plan;
  }
  const s = sidecar as Record<string, unknown>;
  const str = (v: unknown) =>
    typeof v === 'string' && v.trim() ? v.trim() : undefined;
  const obj = (v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  const result: FoundPlan = { ...plan };

  const branch = str(s.branch);
  if (branch) result.branch = branch;

  const pr = obj(s.pullRequest);
  if (pr && Number.isInteger(pr.number) && (pr.number as number) > 0) {
    const url = safeUrl(pr.url);
    const title = str(pr.title);
    result.pullRequest = {
      number: pr.number as number,
      ...(url ? { url } : {}),
      ...(title ? { title } : {}),
    };
  }

  const run = obj(s.run);
  const runId =
    run &&
    (str(run.id) ?? (typeof run.id === 'number' ? String(run.id) : undefined));
  if (run && runId) {
    const url = safeUrl(run.url);
    result.run = {
      id: runId,
      ...(url ? { url } : {}),
      ...(str(run.status) ? { status: str(run.status) } : {}),
      ...(str(run.triggeredBy) ? { triggeredBy: str(run.triggeredBy) } : {}),
      ...(str(run.commit) ? { commit: str(run.commit) } : {}),
    };
  }

  const createdAt = str(s.createdAt);
  if (createdAt && !Number.isNaN(Date.parse(createdAt))) {
    // The same form as the file name's, so plans of all sources sort together.
    result.createdAt = new Date(createdAt)
      .toISOString()
      .replace(/\.000Z$/, 'Z');
  }

  const url = result.run?.url ?? result.pullRequest?.url;
  if (url) result.url = url;
  return result;
}

async function readdirOrEmpty(dir: string) {
  try {
    return await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

async function isDirectory(
  entry: { name: string; isDirectory(): boolean; isSymbolicLink(): boolean },
  parent: string,
): Promise<boolean> {
  if (entry.isDirectory()) return true;
  if (!entry.isSymbolicLink()) return false;
  // A linked environment directory is followed; each file in it is checked on its real path.
  return fs
    .stat(path.join(parent, entry.name))
    .then(s => s.isDirectory())
    .catch(() => false);
}
