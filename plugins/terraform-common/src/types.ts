/**
 * The Terraform plans API: what the backend serves for an entity and the frontend shows. Times
 * are ISO 8601 strings. Sensitive values never appear: the backend replaces them with
 * {@link SENSITIVE} before anything leaves it.
 */

/** What replaces a sensitive value, everywhere. */
export const SENSITIVE = '(sensitive value)';

/**
 * What a change does, normalised from Terraform's `change.actions` (and `importing`,
 * `previous_address`):
 * `["create"]` create, `["update"]` update, `["delete"]` delete, `["delete","create"]` and
 * `["create","delete"]` replace (see {@link ResourceChange.replaceOrder}), `["read"]` read,
 * `["no-op"]` no-op (which may still be an import or a move), `["forget"]` forget (Terraform ≥ 1.7).
 */
export type ChangeAction =
  | 'create'
  | 'update'
  | 'delete'
  | 'replace'
  | 'read'
  | 'no-op'
  | 'forget';

/** Counts of a plan, as people read them: the bar of a plan row. */
export interface PlanCounts {
  add: number;
  change: number;
  replace: number;
  destroy: number;
  read: number;
  forget: number;
  /** Resources imported (alongside their action, usually no-op or update). */
  import: number;
  /** Resources moved (`previous_address`), alongside their action. */
  move: number;
  noOp: number;
  /** Resources changed outside Terraform (`resource_drift`). */
  drift: number;
}

/** One changed leaf of a resource's attributes, with sensitive values masked. */
export interface AttributeChange {
  /** Path like `tags.Name`, `ingress[0].cidr_blocks[1]`. */
  path: string;
  /** The value before; {@link SENSITIVE} when sensitive; absent when the attribute is new. */
  before?: unknown;
  /** The value after; {@link SENSITIVE} when sensitive; absent when unknown or removed. */
  after?: unknown;
  /** `(known after apply)`. */
  afterUnknown?: boolean;
  sensitive?: boolean;
  /** In `replace_paths`: this change forces the replacement. */
  forcesReplacement?: boolean;
}

/** One resource change (of `resource_changes` or `resource_drift`), without its attributes. */
export interface ResourceChange {
  address: string;
  /** The address before a `moved` block (a move). */
  previousAddress?: string;
  /** `module.network.module.subnets`; absent for the root module. */
  moduleAddress?: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** `count` or `for_each` key. */
  index?: string | number;
  providerName: string;
  action: ChangeAction;
  /** For a replace: `delete-first` (`["delete","create"]`) or `create-first`. */
  replaceOrder?: 'delete-first' | 'create-first';
  /** Terraform's `action_reason`, e.g. `replace_because_cannot_update`. */
  actionReason?: string;
  /** Being imported, with the import id when Terraform gives it. */
  importing?: { id?: string };
  /** How many leaves changed (the detail is {@link ResourceDetail}). */
  changedAttributes: number;
}

/** One resource with its attribute diff: GET …/plans/:planId/resources?address= */
export interface ResourceDetail extends ResourceChange {
  attributes: AttributeChange[];
  /** Drift of this resource, when `resource_drift` has it. */
  drift?: AttributeChange[];
}

/** One output change. */
export interface OutputChange {
  name: string;
  action: ChangeAction;
  sensitive: boolean;
  before?: unknown;
  after?: unknown;
  afterUnknown?: boolean;
}

/** A parsed plan: GET …/plans/:planId */
export interface PlanDocument {
  id: string;
  /** Where it came from (the same as its list entry). */
  meta: PlanListItem;
  formatVersion: string;
  terraformVersion?: string;
  /** `opentofu` when the file says so (`terraform_version` of OpenTofu, or its fields). */
  tool: 'terraform' | 'opentofu';
  counts: PlanCounts;
  resources: ResourceChange[];
  drift: ResourceChange[];
  outputs: OutputChange[];
  /** `errored: true` in the file: the plan failed part-way. */
  errored?: boolean;
  /** Whether applying it would change anything (`applyable`), when the file says. */
  applyable?: boolean;
  /** The plan file's size, for people wondering why a page is slow. */
  sizeBytes: number;
}

export type PlanSourceType = 'github' | 'hcp' | 's3' | 'local';

/** One plan an entity has: GET …/plans */
export interface PlanListItem {
  /** Opaque; only valid for the entity it was listed for. */
  id: string;
  source: PlanSourceType;
  /** `dev`, `production`, …: from the artifact name, the workspace or the object key. */
  environment?: string;
  /** HCP Terraform `<organization>/<workspace>`. */
  workspace?: string;
  /** The branch the plan was made on. */
  branch?: string;
  /** The pull request, for plans made on one. */
  pullRequest?: { number: number; url?: string; title?: string };
  /** The run that made it: a GitHub Actions run or an HCP Terraform run. */
  run?: {
    id: string;
    url?: string;
    /** e.g. `planned`, `applied`, `errored`, `success`, `failure`, `in_progress`. */
    status?: string;
    triggeredBy?: string;
    commit?: string;
  };
  createdAt?: string;
  /** Counts when the source knows them without downloading the plan (HCP does). */
  counts?: PlanCounts;
  /** A link for people: the run, the pull request or the object. */
  url?: string;
}

/** A plan source that could not be read; the others are still served. */
export interface PlanSourceError {
  source: PlanSourceType;
  /** What the entity declared: the workspace, the repository, the bucket/prefix, the directory. */
  target: string;
  error: { name: string; message: string; statusCode?: number };
}

export interface EntityPlansResponse {
  entityRef: string;
  /** Newest first. */
  plans: PlanListItem[];
  errors: PlanSourceError[];
}
