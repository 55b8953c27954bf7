/** What the client remembers of one successful GET, to ask GitHub "has it changed?" next time. */
export interface EtagCacheEntry {
  /** The `ETag` GitHub sent, verbatim (weak `W/"..."` or strong `"..."`). */
  etag: string;
  /**
   * What the caller made of the body (parsed and usually trimmed down: a tree is kept as paths
   * and sizes, not as GitHub's JSON), reused as-is when GitHub answers 304 Not Modified.
   */
  value: unknown;
  /** The `Link` header of the response, so pagination works from a 304 as well. */
  link?: string;
  /** Approximate size in bytes (of the body as received), for the cache's memory bound. */
  size: number;
}

/** Where ETags and their bodies are kept between sweeps; keyed by request (URL and Accept). */
export interface EtagCache {
  get(key: string): EtagCacheEntry | undefined;
  set(key: string, entry: EtagCacheEntry): void;
  delete(key: string): void;
}

/** Options of {@link InMemoryEtagCache}. */
export interface InMemoryEtagCacheOptions {
  /** Upper bound of the summed entry sizes; the least recently used entries go first. */
  maxBytes?: number;
  /** Upper bound of the number of entries. */
  maxEntries?: number;
}

const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
const DEFAULT_MAX_ENTRIES = 500_000;

/**
 * An in-process LRU {@link EtagCache}, bounded by entries and approximate bytes. O(1) per
 * operation (a Map in recency order), so 10 000 repositories with a few files each are cheap.
 */
export class InMemoryEtagCache implements EtagCache {
  private readonly entries = new Map<string, EtagCacheEntry>();
  private readonly maxBytes: number;
  private readonly maxEntries: number;
  private bytes = 0;

  constructor(options: InMemoryEtagCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  }

  /** Number of entries held. */
  get size(): number {
    return this.entries.size;
  }

  /** Approximate bytes held. */
  get totalBytes(): number {
    return this.bytes;
  }

  get(key: string): EtagCacheEntry | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      // Refresh recency.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: EtagCacheEntry): void {
    this.delete(key);
    if (entry.size > this.maxBytes) return;
    this.entries.set(key, entry);
    this.bytes += entry.size;
    while (
      this.entries.size > this.maxEntries ||
      (this.bytes > this.maxBytes && this.entries.size > 0)
    ) {
      const oldest = this.entries.keys().next().value as string;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.bytes -= entry.size;
    }
  }
}
