import { Readable } from 'node:stream';
import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EntityPlansResponse,
  PlanDocument,
  PlanListItem,
  PlanSourceError,
  PlanSourceType,
  ResourceDetail,
  declaredPlanSources,
  terraformPlansReadPermission,
} from '@platform-portal/plugin-terraform-common';
import { PlanSource, PlanSourceReadError } from '../sources/types';
import {
  failureOf,
  noopPluginMetrics,
  PluginMetrics,
  UpstreamFailure,
} from '@platform-portal/metrics-node';
import { Cache } from './Cache';

/** What the parser returns (see src/parser). */
export interface ParsedPlanLike
  extends Omit<PlanDocument, 'id' | 'meta' | 'sizeBytes'> {
  sizeBytes: number;
  detail(address: string): ResourceDetail | undefined;
}

export type PlanParser = (
  input: Readable,
  options: { maxBytes: number },
) => Promise<ParsedPlanLike>;

/** @public */
export interface TerraformPlansServiceOptions {
  sources: PlanSource[];
  parse: PlanParser;
  catalog: CatalogService;
  permissions: PermissionsService;
  logger: LoggerService;
  /** @defaultValue 60 000 */
  listCacheTtlMs?: number;
  /**
   * How long a plan source's failure is answered from memory for the same target, so that an
   * outage (GitHub 5xx, HCP down) does not send every page view upstream. @defaultValue 15 s
   */
  listFailureTtlMs?: number;
  /** Parsed plans kept in memory. @defaultValue 8 */
  parsedPlanCacheSize?: number;
  /** @defaultValue 256 MiB */
  maxPlanBytes?: number;
  now?: () => number;
  /** Cache lookups and plan source calls (see `createPluginMetrics`). @defaultValue none */
  metrics?: PluginMetrics;
}

type Target = { type: PlanSourceType; target: string };

const SOURCE_TYPES: readonly string[] = ['github', 'hcp', 's3', 'local'];

/** A plan id: the source, the declared target and the source's key, opaque to clients. */
function encodeId(type: PlanSourceType, target: string, key: string): string {
  return Buffer.from(JSON.stringify([type, target, key])).toString('base64url');
}

function decodeId(id: string): {
  type: PlanSourceType;
  target: string;
  key: string;
} {
  try {
    const value = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      value.every(v => typeof v === 'string') &&
      SOURCE_TYPES.includes(value[0])
    ) {
      return {
        type: value[0] as PlanSourceType,
        target: value[1],
        key: value[2],
      };
    }
  } catch {
    // fall through
  }
  throw new InputError(`Malformed plan id ${JSON.stringify(id.slice(0, 80))}`);
}

/**
 * The plans an entity declares, read with the caller's own access to the entity; each source
 * fails on its own; parsed plans are immutable and kept in a small cache.
 */
export class TerraformPlansService {
  private readonly lists: Cache<PlanListItem[]>;
  private readonly parsed: Cache<ParsedPlanLike>;
  private readonly access: Cache<{ entity?: Entity; allowed: boolean }>;
  private readonly maxPlanBytes: number;
  private readonly metrics: PluginMetrics;

  constructor(private readonly options: TerraformPlansServiceOptions) {
    this.metrics = options.metrics ?? noopPluginMetrics;
    this.lists = new Cache({
      ttlMs: options.listCacheTtlMs ?? 60_000,
      failureTtlMs: options.listFailureTtlMs ?? 15_000,
      maxEntries: 500,
      now: options.now,
      onLookup: this.metrics.cache('plan-lists'),
    });
    this.parsed = new Cache({
      ttlMs: Number.POSITIVE_INFINITY,
      maxEntries: options.parsedPlanCacheSize ?? 8,
      now: options.now,
      onLookup: this.metrics.cache('parsed-plans'),
    });
    this.access = new Cache({
      ttlMs: 5_000,
      maxEntries: 5_000,
      now: options.now,
      onLookup: this.metrics.cache('access'),
    });
    this.maxPlanBytes = options.maxPlanBytes ?? 256 * 1024 * 1024;
  }

  async listPlans(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityPlansResponse> {
    const { ref, targets, invalid } = await this.authorize(
      entityRef,
      credentials,
    );
    const plans: PlanListItem[] = [];
    const errors: PlanSourceError[] = [...invalid];
    await Promise.all(
      targets.map(async ({ type, target }) => {
        const source = this.source(type);
        try {
          plans.push(
            ...(await this.lists.get(`${type}|${target}`, () =>
              this.list(source!, type, target),
            )),
          );
        } catch (error) {
          errors.push(toSourceError(type, target, error));
          this.options.logger.warn(
            `Could not list ${type} plans of ${target} for ${ref}: ${
              (error as Error).message
            }`,
          );
        }
      }),
    );
    plans.sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
    return { entityRef: ref, plans, errors };
  }

  async getPlan(
    entityRef: string,
    planId: string,
    credentials: BackstageCredentials,
  ): Promise<PlanDocument> {
    const { plan, meta } = await this.load(entityRef, planId, credentials);
    const { detail: _detail, ...document } = plan;
    return { ...document, id: planId, meta };
  }

  async getResource(
    entityRef: string,
    planId: string,
    address: string,
    credentials: BackstageCredentials,
  ): Promise<ResourceDetail> {
    if (!address) throw new InputError('Query parameter address is required');
    const { plan } = await this.load(entityRef, planId, credentials);
    const detail = plan.detail(address);
    if (!detail) {
      throw new NotFoundError(`The plan has no resource ${address}`);
    }
    return detail;
  }

  private async load(
    entityRef: string,
    planId: string,
    credentials: BackstageCredentials,
  ): Promise<{ plan: ParsedPlanLike; meta: PlanListItem }> {
    const { type, target, key } = decodeId(planId);
    const { targets } = await this.authorize(entityRef, credentials);
    // The id is the client's: only a target this entity declares may be read.
    if (!targets.some(t => t.type === type && t.target === target)) {
      throw new NotFoundError(`No such plan for ${entityRef}`);
    }
    const source = this.source(type)!;
    const plan = await this.parsed.get(planId, async () => {
      let stream: Readable;
      try {
        stream = await this.metrics.upstream(
          { provider: type, operation: 'fetchPlan' },
          () => source.fetchPlan(target, key),
          sourceFailure,
        );
      } catch (error) {
        if (error instanceof PlanSourceReadError && error.code === 'NotFound') {
          throw new NotFoundError(error.message);
        }
        if (
          error instanceof PlanSourceReadError &&
          error.code === 'Forbidden'
        ) {
          throw new NotAllowedError(error.message);
        }
        // The artifact is there but is not a plan we can read: the caller's to fix, not a 500.
        if (
          error instanceof PlanSourceReadError &&
          ['PlanTooLarge', 'InvalidArtifact'].includes(error.code)
        ) {
          throw new InputError(error.message);
        }
        throw error;
      }
      try {
        return await this.options.parse(stream, {
          maxBytes: this.maxPlanBytes,
        });
      } catch (error) {
        // A broken file is the file's problem, said plainly; never a 500.
        if ((error as Error).name === 'PlanParseError') {
          throw new InputError(
            `The plan file cannot be read: ${(error as Error).message}`,
          );
        }
        throw error;
      }
    });
    const listed = await this.lists
      .get(`${type}|${target}`, () => this.list(source, type, target))
      .catch(() => [] as PlanListItem[]);
    const meta = listed.find(p => p.id === planId) ?? {
      id: planId,
      source: type,
    };
    return { plan, meta };
  }

  /** A target's plans from its source, with their ids. */
  private async list(
    source: PlanSource,
    type: PlanSourceType,
    target: string,
  ): Promise<PlanListItem[]> {
    const found = await this.metrics.upstream(
      { provider: type, operation: 'listPlans' },
      () => source.listPlans(target),
      sourceFailure,
    );
    return found.map(({ key, ...rest }) => ({
      ...rest,
      id: encodeId(type, target, key),
      source: type,
    }));
  }

  private source(type: PlanSourceType) {
    return this.options.sources.find(s => s.type === type);
  }

  private async authorize(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<{ ref: string; targets: Target[]; invalid: PlanSourceError[] }> {
    let ref: string;
    try {
      ref = stringifyEntityRef(parseEntityRef(entityRef));
    } catch (error) {
      throw new InputError(`Invalid entity ref: ${(error as Error).message}`);
    }
    const { entity, allowed } = await this.access.get(
      `${principalOf(credentials)}|${ref}`,
      async () => {
        // Read with the caller's credentials: an entity they may not see does not exist for them.
        const found = await this.options.catalog.getEntityByRef(ref, {
          credentials,
        });
        if (!found) return { entity: undefined, allowed: false };
        const [decision] = await this.options.permissions.authorize(
          [{ permission: terraformPlansReadPermission, resourceRef: ref }],
          { credentials },
        );
        return {
          entity: found,
          allowed: decision.result === AuthorizeResult.ALLOW,
        };
      },
    );
    if (!entity) throw new NotFoundError(`No entity ${ref}`);
    if (!allowed) {
      throw new NotAllowedError(
        `You may not read the Terraform plans of ${ref}`,
      );
    }
    const declared = declaredPlanSources(entity.metadata.annotations);
    const candidates: Target[] = [
      ...declared.hcpWorkspaces.map(target => ({
        type: 'hcp' as const,
        target,
      })),
      ...(declared.githubRepository
        ? [{ type: 'github' as const, target: declared.githubRepository }]
        : []),
      ...declared.s3.map(target => ({ type: 's3' as const, target })),
      ...declared.local.map(target => ({ type: 'local' as const, target })),
    ];
    const targets: Target[] = [];
    const invalid: PlanSourceError[] = [];
    for (const candidate of candidates) {
      const source = this.source(candidate.type);
      if (!source) {
        invalid.push({
          source: candidate.type,
          target: candidate.target,
          error: {
            name: 'NotConfigured',
            message: `The portal has no ${candidate.type} plan source configured`,
          },
        });
        continue;
      }
      try {
        source.validateTarget(candidate.target);
        targets.push(candidate);
      } catch (error) {
        invalid.push(toSourceError(candidate.type, candidate.target, error));
      }
    }
    return { ref, targets, invalid };
  }
}

function principalOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  return `${p.type}:${p.userEntityRef ?? p.subject ?? 'unknown'}`;
}

/**
 * The source's code (`RateLimited`, `Unauthorized`, `NotFound`, …) and HTTP status; nothing for
 * a source the portal has no configuration for, which calls nobody.
 */
function sourceFailure(error: unknown): UpstreamFailure | undefined {
  if (error instanceof PlanSourceReadError) {
    if (error.code === 'NotConfigured') return undefined;
    return { name: error.code, status: error.statusCode };
  }
  return failureOf(error);
}

function toSourceError(
  source: PlanSourceType,
  target: string,
  error: unknown,
): PlanSourceError {
  if (error instanceof PlanSourceReadError) {
    return {
      source,
      target,
      error: {
        name: error.code,
        message: error.message,
        statusCode: error.statusCode,
      },
    };
  }
  const e = error as Error;
  return {
    source,
    target,
    error: { name: e?.name ?? 'Error', message: e?.message ?? String(error) },
  };
}
