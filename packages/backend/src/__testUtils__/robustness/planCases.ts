import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../PortalProcess';
import { NASTY_STRINGS, Rng } from './random';

/*
 * Malformed `terraform show -json` output for the Terraform plugin: parsed directly by parsePlan
 * (in a child process, see probe.ts) and served through the local plan source and the HTTP API.
 */

export interface PlanCase {
  id: string;
  bytes: Buffer;
  /**
   * `reject`: must be refused with a PlanParseError (and a 4xx from the API); `either`: odd but
   * readable (escaped NULs, a huge string, a BOM) — read, or refused with a PlanParseError.
   */
  expect: 'reject' | 'either';
}

/** The example plans: the bases the mutations start from. */
export function examplePlanFiles(): string[] {
  const root = path.join(REPO_ROOT, 'examples/terraform-plans');
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else if (d.name.endsWith('.json') && !d.name.endsWith('.meta.json')) {
        out.push(p);
      }
    }
  };
  walk(root);
  return out.sort();
}

function set(obj: any, keys: string[], value: unknown) {
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    if (!o[k] || typeof o[k] !== 'object') o[k] = {};
    o = o[k];
  }
  o[keys[keys.length - 1]] = value;
}

const WRONG: readonly unknown[] = [
  42,
  'x',
  true,
  null,
  [],
  {},
  [42],
  [null],
  ['x'],
];

/** Plan cases: every kind of breakage applied to the example plans. */
export function planCases(rng: Rng, options: { rounds: number }): PlanCase[] {
  const bases = examplePlanFiles().map(f => ({
    name: path.basename(path.dirname(path.dirname(f))),
    text: fs.readFileSync(f, 'utf8'),
  }));
  const cases: PlanCase[] = [];
  const add = (
    what: string,
    bytes: Buffer | string,
    expect: PlanCase['expect'] = 'reject',
  ) => {
    cases.push({
      id: `terraform/${what}/${cases.length}`,
      bytes: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8'),
      expect,
    });
  };
  const json = (b: { text: string }) => JSON.parse(b.text);

  // Not JSON at all.
  add('empty file', '');
  add('only whitespace', ' \n\t ');
  add(
    'html error page',
    '<!DOCTYPE html><html><body>502 Bad Gateway</body></html>',
  );
  add(
    'binary plan file (zip)',
    Buffer.concat([Buffer.from('504b0304', 'hex'), rng.bytes(1024)]),
  );
  add('gzip', Buffer.concat([Buffer.from('1f8b0800', 'hex'), rng.bytes(512)]));
  add(
    'utf-16',
    Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(bases[0].text, 'utf16le'),
    ]),
  );
  add('JSON null', 'null');
  add('JSON array', '[]');
  add('JSON string', '"plan"');
  add('JSON number', '1.2');
  add('empty object', '{}');
  add(
    'a state file, not a plan',
    JSON.stringify({
      version: 4,
      terraform_version: '1.9.8',
      serial: 1,
      lineage: 'x',
      resources: [],
    }),
  );
  add('only format_version', '{"format_version":"1.2"}', 'either');

  for (let round = 0; round < options.rounds; round++) {
    for (const b of bases) {
      const size = b.text.length;
      // Cut downloads.
      for (let k = 0; k < 3; k++) {
        add(`${b.name}/truncated`, b.text.slice(0, rng.int(1, size - 2)));
      }
      // Bytes that are not JSON, anywhere.
      for (let k = 0; k < 2; k++) {
        const at = rng.int(1, size - 2);
        // Inside a string of a section the parser skips, a raw NUL or stray byte is tolerated
        // (only brackets and string ends are checked there): read or refused, both are fine.
        add(
          `${b.name}/NUL byte`,
          `${b.text.slice(0, at)}\u0000${b.text.slice(at)}`,
          'either',
        );
        const at2 = rng.int(1, size - 2);
        add(
          `${b.name}/random bytes inserted`,
          Buffer.concat([
            Buffer.from(b.text.slice(0, at2)),
            rng.bytes(rng.int(1, 64)),
            Buffer.from(b.text.slice(at2)),
          ]),
          'either',
        );
      }
      add(`${b.name}/trailing garbage`, `${b.text}\n{"again": true}`);
      add(
        `${b.name}/mismatched bracket at the end`,
        b.text.replace(/}\s*$/, ']}'),
      );
      add(`${b.name}/missing last brace`, b.text.replace(/}\s*$/, ''));
      // Wrong versions.
      // "1" is 1.x as the parser reads it (/^1(\.\d+)*$/); every other value must be refused.
      for (const v of [
        '2.0',
        '0.1',
        '',
        'one.two',
        '1.2.x',
        1.2,
        null,
        true,
        ['1.2'],
        { v: 1 },
      ]) {
        const p = json(b);
        p.format_version = v;
        add(`${b.name}/format_version ${JSON.stringify(v)}`, JSON.stringify(p));
      }
      {
        const p = json(b);
        delete p.format_version;
        add(`${b.name}/no format_version`, JSON.stringify(p));
      }
      // Wrong types where the parser reads: the top-level sections and inside a change.
      for (const section of [
        'resource_changes',
        'resource_drift',
        'output_changes',
        'planned_values',
        'prior_state',
        'configuration',
        'terraform_version',
        'errored',
        'applyable',
      ]) {
        const p = json(b);
        p[section] = rng.pick(WRONG);
        add(
          `${b.name}/${section} ${JSON.stringify(p[section])}`,
          JSON.stringify(p),
          'either',
        );
      }
      const withChange = (what: string, mutate: (rc: any) => void) => {
        const p = json(b);
        const changes = Array.isArray(p.resource_changes)
          ? p.resource_changes
          : [];
        if (changes.length === 0) return;
        mutate(changes[rng.int(0, changes.length - 1)]);
        add(
          `${b.name}/resource_changes[] ${what}`,
          JSON.stringify(p),
          'either',
        );
      };
      withChange('null', rc => Object.keys(rc).forEach(k => delete rc[k]));
      withChange('address wrong type', rc => (rc.address = rng.pick(WRONG)));
      withChange('change wrong type', rc => (rc.change = rng.pick(WRONG)));
      withChange('actions wrong type', rc =>
        set(rc, ['change', 'actions'], rng.pick(WRONG)),
      );
      withChange('unknown action', rc =>
        set(rc, ['change', 'actions'], ['explode', 'create']),
      );
      withChange('no actions', rc => set(rc, ['change', 'actions'], []));
      withChange('before wrong type', rc =>
        set(rc, ['change', 'before'], rng.pick(WRONG)),
      );
      withChange('after_sensitive wrong type', rc =>
        set(rc, ['change', 'after_sensitive'], rng.pick(WRONG)),
      );
      withChange('after_unknown mismatched', rc =>
        set(rc, ['change', 'after_unknown'], { a: { b: [true, { c: true }] } }),
      );
      withChange('replace_paths wrong type', rc =>
        set(rc, ['change', 'replace_paths'], rng.pick(WRONG)),
      );
      withChange('importing wrong type', rc =>
        set(rc, ['change', 'importing'], rng.pick(WRONG)),
      );
      withChange('index object', rc => (rc.index = { a: [1, { b: 2 }] }));
      withChange('nasty strings', rc =>
        set(
          rc,
          ['change', 'after'],
          Object.fromEntries(
            NASTY_STRINGS.map((s, i) => [`k${i}${s.slice(0, 8)}`, s]),
          ),
        ),
      );
      withChange('huge string 3 MB', rc =>
        set(rc, ['change', 'after', 'huge'], 'h'.repeat(3 * 1024 * 1024)),
      );
      withChange('escaped NULs', rc =>
        set(rc, ['change', 'after', 'nul'], '\u0000\u0000'),
      );
      withChange('50 000 attributes', rc =>
        set(
          rc,
          ['change', 'after'],
          Object.fromEntries(
            Array.from({ length: 50_000 }, (_, i) => [`a${i}`, i]),
          ),
        ),
      );
      {
        const p = json(b);
        if (p.output_changes && typeof p.output_changes === 'object') {
          const names = Object.keys(p.output_changes);
          if (names.length) {
            p.output_changes[rng.pick(names)] = rng.pick(WRONG);
            add(
              `${b.name}/output_changes wrong value`,
              JSON.stringify(p),
              'either',
            );
          }
        }
      }
    }
  }

  // Nesting bombs: in a skipped section, in a change the parser reads, at the top.
  const small = json(bases[0]);
  for (const depth of [1_000, 100_000, 1_000_000]) {
    const bomb = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const objBomb = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const change = JSON.stringify({
      ...small,
      resource_changes: [
        {
          address: 'a.b',
          mode: 'managed',
          type: 'a',
          name: 'b',
          change: { actions: ['update'], before: {}, after: { deep: '@@' } },
        },
      ],
    });
    add(
      `nesting bomb ${depth} in planned_values`,
      JSON.stringify({ ...small, planned_values: '@@' }).replace('"@@"', bomb),
      'either',
    );
    add(
      `nesting bomb ${depth} in a change`,
      change.replace('"@@"', bomb),
      'either',
    );
    add(
      `object nesting bomb ${depth} in a change`,
      change.replace('"@@"', objBomb),
      'either',
    );
    add(`nesting bomb ${depth} at the top`, bomb);
  }
  // Unbalanced deep nesting that never closes.
  add(
    'unclosed nesting 1e6',
    `{"format_version":"1.2","planned_values":${'['.repeat(1_000_000)}`,
  );
  // Many resources in one valid plan: read, not a problem.
  add(
    '100 000 empty resource_changes',
    JSON.stringify({
      format_version: '1.2',
      resource_changes: Array.from({ length: 100_000 }, (_, i) => ({
        address: `null_resource.r[${i}]`,
        mode: 'managed',
        type: 'null_resource',
        name: 'r',
        change: { actions: ['no-op'], before: null, after: null },
      })),
    }),
    'either',
  );
  return cases;
}

/** Bytes over the limit the HTTP test configures (terraform.maxPlanBytes). */
export function oversizedPlan(limitBytes: number): Buffer {
  const filler = 'x'.repeat(1024);
  const parts = ['{"format_version":"1.2","planned_values":{"big":['];
  let size = parts[0].length;
  while (size < limitBytes + 64 * 1024) {
    parts.push(`"${filler}",`);
    size += filler.length + 3;
  }
  parts.push('"end"]}}');
  return Buffer.from(parts.join(''));
}
