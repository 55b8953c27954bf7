/**
 * The container images API: what the backend serves for an entity and the frontend shows.
 * Times are ISO 8601 strings, sizes bytes.
 */

/** How a tag is used, by the rules the portal's templates enforce. */
export type TagClass =
  /** `X.Y.Z`: a release, immutable once pushed. */
  | 'stable'
  /** `X.Y.Z-SNAPSHOT`: a development build, replaced on every push. */
  | 'snapshot'
  /** A tag that moves by design: `develop`, `latest`, `main`, ... */
  | 'moving'
  | 'other';

/** @public */
export interface ImageTag {
  name: string;
  class: TagClass;
}

/** Severities as Amazon ECR (basic and enhanced scanning) reports them. */
export type Severity =
  | 'CRITICAL'
  | 'HIGH'
  | 'MEDIUM'
  | 'LOW'
  | 'INFORMATIONAL'
  | 'UNDEFINED';

export const SEVERITIES: readonly Severity[] = [
  'CRITICAL',
  'HIGH',
  'MEDIUM',
  'LOW',
  'INFORMATIONAL',
  'UNDEFINED',
];

/** The vulnerability scan of one image. */
export interface ScanSummary {
  /**
   * ECR's `imageScanStatus.status` (`COMPLETE`, `IN_PROGRESS`, `PENDING`, `FAILED`,
   * `UNSUPPORTED_IMAGE`, `ACTIVE`, `SCAN_ELIGIBILITY_EXPIRED`, `FINDINGS_UNAVAILABLE`), or
   * `NOT_SCANNED` when the registry has no scan for it.
   */
  status: string;
  description?: string;
  completedAt?: string;
  /** Findings per severity; severities without findings are left out. */
  findingCounts: Partial<Record<Severity, number>>;
}

/** Something that breaks the image rules: stable tags are immutable. */
export interface Violation {
  kind: /** A stable tag now points at another digest than when the portal first saw it. */
  | 'stable-tag-overwritten'
    /** The repository lets stable tags be overwritten (tag mutability). */
    | 'mutable-stable-tags';
  message: string;
  tag?: string;
  /** For `stable-tag-overwritten`: the digest first seen, and when. */
  previousDigest?: string;
  previousSeenAt?: string;
}

/** One image (a manifest or index) with at least one tag. */
export interface ContainerImage {
  digest: string;
  tags: ImageTag[];
  pushedAt?: string;
  sizeBytes?: number;
  lastPulledAt?: string;
  mediaType?: string;
  /** ECR: the scan; undefined where the registry has none (plain OCI registries). */
  scan?: ScanSummary;
  violations: Violation[];
}

/** A lifecycle policy rule, summarised for people. */
export interface LifecycleRule {
  priority: number;
  description?: string;
  /** e.g. `untagged images, more than 14 days since pushed → expire`. */
  summary: string;
}

/** The latest image of a class. */
export interface LatestImage {
  tag: string;
  digest: string;
  pushedAt?: string;
  scan?: ScanSummary;
}

/** One repository with all its tagged images, newest first. */
export interface RepositoryImages {
  /** The reference the entity declares (ECR name or ARN, or an OCI repository). */
  ref: string;
  provider: 'ecr' | 'oci';
  /** The repository name inside its registry, e.g. `shop/orders-service`. */
  name: string;
  /** The registry host, e.g. `104729384756.dkr.ecr.eu-central-1.amazonaws.com`. */
  registry: string;
  accountId?: string;
  region?: string;
  /** A link to the repository in its console, where there is one. */
  consoleUrl?: string;
  /** ECR's `imageTagMutability` (`MUTABLE`, `IMMUTABLE`, `IMMUTABLE_WITH_EXCLUSION`, `MUTABLE_WITH_EXCLUSION`). */
  tagMutability?: string;
  /** ECR's tag mutability exclusion filters (wildcards). */
  tagMutabilityExclusions?: string[];
  /** undefined: the registry has no such notion; null: none set. */
  lifecyclePolicy?: { rules: LifecycleRule[]; text: string } | null;
  /**
   * Tagged images, newest first: all of them, or the first `limit` when the request sets one
   * (`limit=0` for a summary, as entity cards ask).
   */
  images: ContainerImage[];
  /** How many tagged images the repository has, whatever `limit` left out. */
  totalImages: number;
  latestStable?: LatestImage;
  latestSnapshot?: LatestImage;
  /** Images per tag class (an image with two classes counts in both). */
  countsByClass: Record<TagClass, number>;
  /** Repository-level violations; per-image ones are on the images. */
  violations: Violation[];
  /** When these data were read from the registry. */
  fetchedAt: string;
}

/** A repository that could not be read; the others are still served. */
export interface RepositoryError {
  ref: string;
  provider: 'ecr' | 'oci' | 'unknown';
  error: {
    /** e.g. `RepositoryNotFoundException`, `AccessDeniedException`, `ThrottlingException`. */
    name: string;
    message: string;
    statusCode?: number;
  };
}

/** GET /entity/:kind/:namespace/:name/images[?limit=N][&refresh=true] */
export interface EntityImagesResponse {
  entityRef: string;
  repositories: RepositoryImages[];
  errors: RepositoryError[];
}

/** One finding of an image scan. */
export interface ScanFinding {
  name: string;
  severity: Severity;
  description?: string;
  uri?: string;
  /** Package and version, when the scanner says. */
  packageName?: string;
  packageVersion?: string;
  fixedInVersion?: string;
}

/** GET /entity/:kind/:namespace/:name/findings?repository=&digest= */
export interface ImageFindingsResponse {
  ref: string;
  digest: string;
  scan: ScanSummary;
  findings: ScanFinding[];
}
