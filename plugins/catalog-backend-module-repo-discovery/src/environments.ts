/** Spellings of the usual environments, as repositories, tags and cluster names write them. */
export const ENVIRONMENT_ALIASES: Readonly<Record<string, string>> = {
  dev: 'dev',
  development: 'dev',
  sandbox: 'dev',
  stg: 'staging',
  staging: 'staging',
  prod: 'prod',
  production: 'prod',
};

/**
 * An environment value from a tag, label or annotation: the usual spellings become `dev`,
 * `staging` and `prod` (as the hand-written cluster entities say); anything else is kept
 * lower-case and catalog-safe (`qa`, `perf-eu`).
 */
export function normalizeEnvironment(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const lower = value.trim().toLocaleLowerCase('en-US');
  if (ENVIRONMENT_ALIASES[lower]) return ENVIRONMENT_ALIASES[lower];
  const safe = lower
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return safe || undefined;
}

/** The environment a name spells as one of its words (`orbital-prod` → `prod`), if any. */
export function environmentFromName(
  name: string | undefined,
): string | undefined {
  if (!name) return undefined;
  for (const word of name.toLocaleLowerCase('en-US').split(/[^a-z0-9]+/)) {
    if (ENVIRONMENT_ALIASES[word]) return ENVIRONMENT_ALIASES[word];
  }
  return undefined;
}
