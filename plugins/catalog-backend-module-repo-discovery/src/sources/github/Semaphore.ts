/** A counting semaphore with a FIFO queue: at most `limit` holders at a time. */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private head = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new TypeError(
        `Semaphore limit must be a positive integer, got ${limit}`,
      );
    }
  }

  /** Holders right now. */
  get inUse(): number {
    return this.active;
  }

  /** Runs `fn` once a slot is free, and frees the slot when it settles. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise(resolve => this.waiting.push(resolve));
  }

  private release(): void {
    if (this.head < this.waiting.length) {
      // Hand the slot straight to the next waiter; `active` stays the same.
      const next = this.waiting[this.head];
      this.head += 1;
      if (this.head > 1024 && this.head * 2 > this.waiting.length) {
        this.waiting.splice(0, this.head);
        this.head = 0;
      }
      next();
      return;
    }
    this.active -= 1;
  }
}
