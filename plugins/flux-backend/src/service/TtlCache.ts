/**
 * An in-memory cache with a time to live whose loads are coalesced: concurrent requests for the
 * same key share one upstream call. Rejected loads, and values `keep` refuses (results carrying
 * a cluster error), are not kept, so the next request asks again.
 *
 * The container-images backend has the same cache; each plugin package is published on its own,
 * so it is not shared through a package of ours.
 */
export class TtlCache<T> {
  private readonly entries = new Map<
    string,
    { expiresAt: number; value: Promise<T> }
  >();

  constructor(
    private readonly options: {
      ttlMs: number;
      /** @defaultValue 1000 */
      maxEntries?: number;
      keep?: (value: T) => boolean;
      now?: () => number;
      /** Told of every lookup: `hit` when the value (or its pending load) is reused. */
      onLookup?: (result: 'hit' | 'miss') => void;
    },
  ) {}

  private now() {
    return (this.options.now ?? Date.now)();
  }

  get(key: string, load: () => Promise<T>, refresh = false): Promise<T> {
    const existing = this.entries.get(key);
    if (existing && existing.expiresAt > this.now() && !refresh) {
      this.options.onLookup?.('hit');
      return existing.value;
    }
    this.options.onLookup?.('miss');
    const value = load();
    const entry = { expiresAt: Number.POSITIVE_INFINITY, value };
    this.entries.delete(key);
    this.entries.set(key, entry);
    const drop = () => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    };
    value.then(v => {
      if (this.options.keep && !this.options.keep(v)) drop();
      else entry.expiresAt = this.now() + this.options.ttlMs;
    }, drop);
    const max = this.options.maxEntries ?? 1000;
    while (this.entries.size > max) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    return value;
  }

  delete(predicate: (key: string) => boolean) {
    for (const key of [...this.entries.keys()]) {
      if (predicate(key)) this.entries.delete(key);
    }
  }
}
