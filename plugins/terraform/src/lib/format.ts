const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Bytes for people, in binary steps: `48.3 MB`. */
export function humanBytes(bytes?: number): string {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '–';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

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

/** `1 resource`, `3 resources`. */
export function plural(count: number, singular: string, pluralForm?: string) {
  return `${count} ${count === 1 ? singular : pluralForm ?? `${singular}s`}`;
}

/**
 * An address split where its module part ends, so that the resource part can stand out:
 * `module.network.aws_subnet.a` → `['module.network.', 'aws_subnet.a']`.
 */
export function splitAddress(
  address: string,
  moduleAddress?: string,
): [string, string] {
  if (moduleAddress && address.startsWith(`${moduleAddress}.`)) {
    return [
      address.slice(0, moduleAddress.length + 1),
      address.slice(moduleAddress.length + 1),
    ];
  }
  return ['', address];
}

/** Terraform's `replace_because_cannot_update` → `replace because cannot update`. */
export function humanReason(reason: string): string {
  return reason.replace(/_/g, ' ');
}
