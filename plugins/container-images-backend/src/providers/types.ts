import {
  ScanFinding,
  ScanSummary,
} from '@platform-portal/plugin-container-images-common';

/** A repository reference an entity declares, parsed by the provider that owns it. */
export interface ParsedRepositoryRef {
  /** The reference exactly as declared (the cache and error key). */
  ref: string;
  provider: 'ecr' | 'oci';
  /** Repository name inside the registry, e.g. `shop/orders-service`. */
  name: string;
  /** Registry host, e.g. `104729384756.dkr.ecr.eu-central-1.amazonaws.com` or `127.0.0.1:5000`. */
  registry: string;
  accountId?: string;
  region?: string;
}

/** An image as the registry reports it, before the portal classifies tags or judges rules. */
export interface RawImage {
  digest: string;
  /** Never empty: untagged images are left out by the provider. */
  tags: string[];
  pushedAt?: Date;
  sizeBytes?: number;
  lastPulledAt?: Date;
  mediaType?: string;
  scan?: ScanSummary;
}

/** A repository as the registry reports it. */
export interface RawRepository {
  parsed: ParsedRepositoryRef;
  consoleUrl?: string;
  tagMutability?: string;
  tagMutabilityExclusions?: string[];
  /** The lifecycle policy JSON text; null when none is set; undefined when there is no such notion. */
  lifecyclePolicyText?: string | null;
  /** Every tagged image, across every page, in any order. */
  images: RawImage[];
  /** Upstream calls this read took (for the benchmark and metrics). */
  calls: number;
}

/**
 * An error a provider reports for one repository. `name` is the upstream error code when there is
 * one (`RepositoryNotFoundException`, `AccessDeniedException`, `ThrottlingException`,
 * `NAME_UNKNOWN`, `UNAUTHORIZED`, ...).
 */
export class RepositoryReadError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly statusCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RepositoryReadError';
  }
}

/** One registry technology: Amazon ECR, or any OCI Distribution registry. */
export interface ImageRegistryProvider {
  readonly type: 'ecr' | 'oci';
  /**
   * Parses a declared reference. Throws `InputError` with a clear message for a malformed one, or
   * for one this provider may not call (an OCI host that is not configured: no SSRF).
   */
  parse(ref: string): ParsedRepositoryRef;
  /** All tagged images across every page. Throws `RepositoryReadError` for upstream errors. */
  listImages(ref: ParsedRepositoryRef): Promise<RawRepository>;
  /** The scan and every finding of one image (all pages). */
  getFindings(
    ref: ParsedRepositoryRef,
    digest: string,
  ): Promise<{ scan: ScanSummary; findings: ScanFinding[] }>;
}
