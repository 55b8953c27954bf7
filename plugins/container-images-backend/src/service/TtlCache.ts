/**
 * A small in-memory cache with a time to live whose loads are coalesced: concurrent requests
 * for the same key share one upstream call. Failed loads are not kept, so the next request
 * tries again.
 */
export class TtlCache<T> {
  private readonly entries = new Map<
    string,
    { expiresAt: number; value: Promise<T> }
  >();

  constructor(
    private readonly options: {
      ttlMs: number;
      /** Entries kept at most; the oldest go first. @defaultValue 2000 */
      maxEntries?: number;
      now?: () => number;
      /** Told of every lookup: `hit` when the value (or its pending load) is reused. */
      onLookup?: (result: 'hit' | 'miss') => void;
    },
  ) {}

  private now() {
    return (this.options.now ?? Date.now)();
  }

  /** The cached value, or `load()`'s, which is then cached (while pending too). */
  get(key: string, load: () => Promise<T>, refresh = false): Promise<T> {
    const existing = this.entries.get(key);
    if (existing && existing.expiresAt > this.now() && !refresh) {
      this.options.onLookup?.('hit');
      return existing.value;
    }
    this.options.onLookup?.('miss');
    const value = load();
    // Until it settles the entry coalesces; a rejection removes it (if it is still ours).
    const entry = { expiresAt: Number.POSITIVE_INFINITY, value };
    this.entries.delete(key);
    this.entries.set(key, entry);
    value.then(
      () => {
        entry.expiresAt = this.now() + this.options.ttlMs;
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    const max = this.options.maxEntries ?? 2000;
    while (this.entries.size > max) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return value;
  }
}
