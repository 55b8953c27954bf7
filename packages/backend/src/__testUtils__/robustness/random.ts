import crypto from 'node:crypto';

/**
 * The seed every generator starts from. Set ROBUSTNESS_SEED to explore other inputs; the same
 * seed always gives the same cases (byte for byte), so a failure is reproduced by re-running with
 * the seed the report names.
 */
export const DEFAULT_SEED = 20261201;

export function robustnessSeed(): number {
  const raw = process.env.ROBUSTNESS_SEED;
  if (raw === undefined || raw === '') return DEFAULT_SEED;
  const seed = Number(raw);
  if (!Number.isInteger(seed)) {
    throw new Error(`ROBUSTNESS_SEED must be an integer, got ${raw}`);
  }
  return seed;
}

/** FULL=1 (or true) runs the larger sets; CI runs the quick ones. */
export function fullRun(): boolean {
  return ['1', 'true', 'yes'].includes(
    (process.env.FULL ?? '').toLocaleLowerCase('en-US'),
  );
}

/**
 * A small deterministic PRNG (mulberry32): no Math.random anywhere in the generators, so a run is
 * a pure function of its seed.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    // eslint-disable-next-line no-bitwise
    this.state = seed >>> 0;
  }

  /** A new generator whose sequence depends only on this seed and the label. */
  fork(label: string): Rng {
    const digest = crypto
      .createHash('sha256')
      .update(`${this.state}:${label}`)
      .digest();
    return new Rng(digest.readUInt32LE(0));
  }

  /** In [0, 1). */
  next(): number {
    /* eslint-disable no-bitwise */
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    /* eslint-enable no-bitwise */
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** A few distinct items, in a stable order. */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, Math.min(n, copy.length));
  }

  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = Math.floor(this.next() * 256);
    return out;
  }

  string(
    length: number,
    alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.',
  ): string {
    let s = '';
    for (let i = 0; i < length; i++)
      s += alphabet[this.int(0, alphabet.length - 1)];
    return s;
  }
}

/** Hostile string values, shared by the generators. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '../',
  '../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '/etc/passwd',
  'C:\\Windows\\system32',
  '\u0000',
  'a\u0000b',
  '\u202e\u0041\u0042',
  '\ud800',
  '😀'.repeat(3),
  'Ω≈ç√∫',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  '"; DROP TABLE final_entities; --',
  '%',
  '%25',
  '%%',
  '_',
  '*',
  '${{ secrets.GITHUB_TOKEN }}',
  '${PATH}',
  '{{ 7*7 }}',
  '__proto__',
  'constructor',
  'prototype',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e309',
  '-0',
  '9007199254740993',
  '0x10',
  'true',
  '[]',
  '{}',
  '\n\r\t',
  'a'.repeat(64),
  'x'.repeat(10_000),
];

/** A stable digest of any JSON-able value or buffer, to prove the generators are deterministic. */
export function digestOf(value: unknown): string {
  const hash = crypto.createHash('sha256');
  const feed = (v: unknown) => {
    if (Buffer.isBuffer(v)) hash.update(v);
    else hash.update(JSON.stringify(v) ?? 'undefined');
  };
  if (Array.isArray(value)) value.forEach(feed);
  else feed(value);
  return hash.digest('hex');
}
