import fs from 'node:fs';
import { examplePlanFiles } from './planCases';

type Json = any;

function leaves(value: Json, out: unknown[]) {
  if (Array.isArray(value)) value.forEach(v => leaves(v, out));
  else if (value && typeof value === 'object')
    Object.values(value).forEach(v => leaves(v, out));
  else if (value !== null && value !== undefined) out.push(value);
}

/** Walks a value beside its `*_sensitive` shape, sorting leaves into sensitive and not. */
function split(
  value: Json,
  sensitive: Json,
  secret: unknown[],
  plain: unknown[],
) {
  if (sensitive === true) {
    leaves(value, secret);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) =>
      split(
        v,
        Array.isArray(sensitive) ? sensitive[i] : undefined,
        secret,
        plain,
      ),
    );
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      split(
        v,
        sensitive && typeof sensitive === 'object' ? sensitive[k] : undefined,
        secret,
        plain,
      );
    }
  } else if (value !== null && value !== undefined) {
    plain.push(value);
  }
}

/**
 * The sensitive values in the example plans (examples/terraform-plans): string leaves of
 * `before`/`after` marked by `before_sensitive`/`after_sensitive`, and of sensitive outputs, at
 * least 8 characters long and never shown in a non-sensitive place of the same plan (a user name
 * inside a sensitive block may also be a plain attribute elsewhere).
 */
export function terraformSensitiveValues(): {
  values: string[];
  plans: number;
} {
  const found = new Set<string>();
  const files = examplePlanFiles();
  for (const file of files) {
    const plan = JSON.parse(fs.readFileSync(file, 'utf8'));
    const secret: unknown[] = [];
    const plain: unknown[] = [];
    for (const rc of [
      ...(plan.resource_changes ?? []),
      ...(plan.resource_drift ?? []),
    ]) {
      const c = rc.change ?? {};
      split(c.before, c.before_sensitive, secret, plain);
      split(c.after, c.after_sensitive, secret, plain);
    }
    for (const oc of Object.values<any>(plan.output_changes ?? {})) {
      const sensitive =
        oc.before_sensitive === true || oc.after_sensitive === true;
      split(oc.before, sensitive || oc.before_sensitive, secret, plain);
      split(oc.after, sensitive || oc.after_sensitive, secret, plain);
    }
    const shown = new Set(plain.map(String));
    for (const v of secret) {
      if (typeof v === 'string' && v.length >= 8 && !shown.has(v)) found.add(v);
    }
  }
  return { values: [...found].sort(), plans: files.length };
}

/** Where any of `secrets` occurs in `text` (names only, never the value). */
export function secretsIn(
  text: string,
  secrets: Record<string, string>,
): string[] {
  return Object.entries(secrets)
    .filter(([, value]) => value && text.includes(value))
    .map(([name]) => name);
}
