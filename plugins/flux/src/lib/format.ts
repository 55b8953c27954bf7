const STEPS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** `3 days ago`; `now` passed in so that the rows of a list agree on one instant. */
export function relativeTime(iso?: string, now: number = Date.now()): string {
  if (!iso) return '–';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '–';
  const seconds = Math.round((then - now) / 1000);
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, size] of STEPS) {
    if (Math.abs(seconds) >= size) {
      return format.format(Math.trunc(seconds / size), unit);
    }
  }
  return 'just now';
}

/** The absolute time, for tooltips: `2025-03-14 09:26:53 UTC`. */
export function absoluteTime(iso?: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `1 cluster`, `3 clusters`. */
export function plural(count: number, singular: string, pluralForm?: string) {
  return `${count} ${count === 1 ? singular : pluralForm ?? `${singular}s`}`;
}

/** `sha256:0123456789ab…` → `0123456789ab`: enough to tell images apart, like `docker images`. */
export function shortDigest(digest: string): string {
  const hex = digest.includes(':')
    ? digest.slice(digest.indexOf(':') + 1)
    : digest;
  return hex.slice(0, 12);
}

/**
 * An image repository without its registry host, which is long and the same for every image of
 * an account: `123456789012.dkr.ecr.eu-central-1.amazonaws.com/shop/orders` → `shop/orders`.
 */
export function repositoryPath(repository: string): string {
  const slash = repository.indexOf('/');
  if (slash === -1) return repository;
  const first = repository.slice(0, slash);
  // Docker's rule: the first segment is a registry when it looks like a host.
  const isHost =
    first.includes('.') || first.includes(':') || first === 'localhost';
  return isHost ? repository.slice(slash + 1) : repository;
}

/** The latest of some times, for "when did anything last happen". */
export function latestTime(
  ...times: Array<string | undefined>
): string | undefined {
  let best: string | undefined;
  let bestValue = -Infinity;
  for (const t of times) {
    if (!t) continue;
    const value = Date.parse(t);
    if (!Number.isNaN(value) && value > bestValue) {
      best = t;
      bestValue = value;
    }
  }
  return best;
}
