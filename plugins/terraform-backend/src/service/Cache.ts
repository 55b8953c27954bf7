/**
 * A bounded in-memory cache whose loads are coalesced (concurrent requests for a key share one
 * load). Failed loads are kept for `failureTtlMs` only (not at all by default), so a failing
 * upstream is asked again soon but not by every request. `ttlMs: Infinity` for immutable values.
 */
export class Cache<T> {
  private readonly entries = new Map<
    string,
    { expiresAt: number; value: Promise<T> }
  >();

  constructor(
    private readonly options: {
      ttlMs: number;
      /** How long a failed load answers for its key. @defaultValue 0 */
      failureTtlMs?: number;
      maxEntries: number;
      now?: () => number;
      /** Told of every lookup: `hit` when the value (or its pending load) is reused. */
      onLookup?: (result: 'hit' | 'miss') => void;
    },
  ) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = (this.options.now ?? Date.now)();
    const existing = this.entries.get(key);
    if (existing && existing.expiresAt > now) {
      this.options.onLookup?.('hit');
      // Most recently used last, so eviction takes the least recently used.
      this.entries.delete(key);
      this.entries.set(key, existing);
      return existing.value;
    }
    this.options.onLookup?.('miss');
    const entry = { expiresAt: Number.POSITIVE_INFINITY, value: load() };
    this.entries.delete(key);
    this.entries.set(key, entry);
    entry.value.then(
      () => {
        entry.expiresAt = (this.options.now ?? Date.now)() + this.options.ttlMs;
      },
      () => {
        const failureTtlMs = this.options.failureTtlMs ?? 0;
        if (failureTtlMs > 0) {
          entry.expiresAt = (this.options.now ?? Date.now)() + failureTtlMs;
        } else if (this.entries.get(key) === entry) {
          this.entries.delete(key);
        }
      },
    );
    while (this.entries.size > this.options.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    return entry.value;
  }
}
