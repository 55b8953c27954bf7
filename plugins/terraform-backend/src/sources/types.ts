import { Readable } from 'node:stream';
import {
  PlanListItem,
  PlanSourceType,
} from '@platform-portal/plugin-terraform-common';

/**
 * A plan a source found, before the service gives it an id: everything of {@link PlanListItem}
 * but the id, plus the source-local `key` that {@link PlanSource.fetchPlan} takes back.
 */
export type FoundPlan = Omit<PlanListItem, 'id' | 'source'> & {
  /** Opaque to the service; the source checks on fetch that it belongs to the target. */
  key: string;
};

/**
 * An error a source reports for one target (`code`: `NotFound`, `Unauthorized`, `Forbidden`,
 * `RateLimited`, `NotConfigured`, `InvalidTarget`, or the upstream's code).
 */
export class PlanSourceReadError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly statusCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PlanSourceReadError';
  }
}

/**
 * One place plans come from. A target is what an entity's annotation declares (a workspace
 * `<org>/<name>`, a repository `<owner>/<repo>`, a `<bucket>/<prefix>`, a local directory). A
 * source only ever calls hosts from configuration: a target can name a workspace, never a URL.
 */
export interface PlanSource {
  readonly type: PlanSourceType;
  /**
   * Checks a declared target; throws `InputError` when it is malformed or not allowed by
   * configuration (an S3 bucket that is not configured, a path escaping the local directory).
   */
  validateTarget(target: string): void;
  /** The plans of a target, newest first (a bounded number: the latest per environment / PR). */
  listPlans(target: string): Promise<FoundPlan[]>;
  /**
   * The `terraform show -json` output of one plan. Throws `PlanSourceReadError` `NotFound` when
   * the key does not belong to the target.
   */
  fetchPlan(target: string, key: string): Promise<Readable>;
}
