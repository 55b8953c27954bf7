import { stringify } from 'yaml';
import { HttpCase } from './http';
import { NASTY_STRINGS, Rng } from './random';

/*
 * Malformed catalog input, two ways in:
 *
 * - entity objects sent to `POST /api/catalog/validate-entity` (the API behind catalog-import's
 *   validation): each must be refused with a 400 that names the problem;
 * - catalog files behind `type: file` locations: each file first holds a valid entity (phase 1),
 *   then is broken (phase 2) and its location refreshed. Backstage shows a processing error on an
 *   entity only once the entity has been stored, so breaking a stored file is how an error becomes
 *   visible through the API — and it is the real-life case: someone pushes a broken
 *   catalog-info.yaml. A file the location cannot read or parse puts the error on the location
 *   entity and keeps the entity of phase 1; an entity that parses but is invalid keeps its ref and
 *   gets the error on itself.
 */

export const VALIDATE_LOCATION =
  'url:https://github.com/orbital-data/robustness/blob/main/catalog-info.yaml';

type Json = any;

function base(kind: string, name: string): Json {
  const metadata = { name, namespace: 'default', description: 'robustness' };
  switch (kind) {
    case 'API':
      return {
        apiVersion: 'backstage.io/v1alpha1',
        kind,
        metadata,
        spec: {
          type: 'openapi',
          lifecycle: 'production',
          owner: 'group:default/platform-team',
          definition: 'openapi: 3.0.0',
        },
      };
    case 'Resource':
      return {
        apiVersion: 'backstage.io/v1alpha1',
        kind,
        metadata,
        spec: { type: 'database', owner: 'group:default/platform-team' },
      };
    case 'System':
      return {
        apiVersion: 'backstage.io/v1alpha1',
        kind,
        metadata,
        spec: { owner: 'group:default/platform-team' },
      };
    case 'Group':
      return {
        apiVersion: 'backstage.io/v1alpha1',
        kind,
        metadata,
        spec: { type: 'team', children: [] },
      };
    case 'User':
      return {
        apiVersion: 'backstage.io/v1alpha1',
        kind,
        metadata,
        spec: { memberOf: ['platform-team'] },
      };
    default:
      return {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata,
        spec: {
          type: 'service',
          lifecycle: 'experimental',
          owner: 'group:default/platform-team',
        },
      };
  }
}

function nested(depth: number, array: boolean): Json {
  let value: Json = 'bottom';
  for (let i = 0; i < depth; i++) value = array ? [value] : { a: value };
  return value;
}

/** One way to break an entity: a name and the mutation. */
interface EntityMutation {
  what: string;
  /** Whether Backstage must refuse it (false: odd but valid, e.g. a long description). */
  invalid: boolean;
  /** Whether the entity keeps its kind, namespace and name (so its ref). */
  keepsRef: boolean;
  apply(e: Json, rng: Rng): void;
}

const INVALID_NAMES = [
  '',
  ' ',
  'has space',
  'a'.repeat(64),
  '-leading',
  'trailing-',
  '../etc',
  'a/b',
  'ünïcödé',
  'a\u0000b',
  '😀',
  'x'.repeat(10_000),
  'a:b',
];

function mutations(): EntityMutation[] {
  const m: EntityMutation[] = [];
  const wrong = (
    what: string,
    apply: (e: Json, v: unknown) => void,
    values: readonly unknown[],
    keepsRef = true,
  ) => {
    for (const v of values) {
      m.push({
        what: `${what}=${JSON.stringify(v)?.slice(0, 20)}`,
        invalid: true,
        keepsRef,
        apply: e => apply(e, structuredClone(v)),
      });
    }
  };
  wrong(
    'apiVersion',
    (e, v) => {
      e.apiVersion = v;
    },
    [
      'backstage.io/v2',
      'v1',
      'backstage.io/v1alpha1 ',
      'BACKSTAGE.IO/V1ALPHA1',
      'a/b/c',
    ],
  );
  wrong(
    'spec',
    (e, v) => {
      e.spec = v;
    },
    [null, [], 'a string', 42],
  );
  wrong(
    'spec.owner',
    (e, v) => {
      e.spec.owner = v;
    },
    [42, '', [], {}, null],
  );
  wrong(
    'spec.lifecycle',
    (e, v) => {
      e.spec.lifecycle = v;
      e.kind = 'Component';
    },
    [42, '', ['production'], {}],
  );
  wrong(
    'spec.type',
    (e, v) => {
      e.spec.type = v;
    },
    [42, '', {}],
  );
  wrong(
    'spec.dependsOn',
    (e, v) => {
      e.kind = 'Component';
      e.spec.lifecycle ??= 'experimental';
      e.spec.type ??= 'service';
      e.spec.owner ??= 'group:default/platform-team';
      e.spec.dependsOn = v;
    },
    ['component:x', [42], [{}], [null], 42],
  );
  wrong(
    'spec.system',
    (e, v) => {
      e.spec.system = v;
    },
    [42, [], {}],
  );
  wrong(
    'metadata.labels',
    (e, v) => {
      e.metadata.labels = v;
    },
    [
      { a: 42 },
      { a: null },
      { a: {} },
      { 'bad key': 'v' },
      { 'a/b/c': 'v' },
      { '/x': 'v' },
      { a: 'v'.repeat(64) },
      { a: 'has space' },
      'labels',
      ['a'],
    ],
  );
  wrong(
    'metadata.annotations',
    (e, v) => {
      e.metadata.annotations = v;
    },
    [
      { a: 42 },
      { a: { b: 'c' } },
      { 'bad key': 'v' },
      { ['x'.repeat(300)]: 'v' },
      'annotations',
    ],
  );
  wrong(
    'metadata.tags',
    (e, v) => {
      e.metadata.tags = v;
    },
    ['tag', [42], ['UPPER'], ['has space'], [{}], ['a'.repeat(64)], [null]],
  );
  wrong(
    'metadata.links',
    (e, v) => {
      e.metadata.links = v;
    },
    [
      'https://x',
      [{}],
      [{ url: 42 }],
      [{ url: 'https://x', title: 42 }],
      [null],
    ],
  );
  wrong(
    'metadata.title',
    (e, v) => {
      e.metadata.title = v;
    },
    [42, {}, [], true],
  );
  wrong(
    'metadata.description',
    (e, v) => {
      e.metadata.description = v;
    },
    [42, {}, ['a']],
  );
  wrong(
    'root field',
    (e, v) => {
      e.unknownRootField = v;
    },
    ['x', 42],
  );
  wrong(
    'metadata.uid',
    (e, v) => {
      e.metadata.uid = v;
    },
    [42, {}],
  );
  wrong(
    'relations',
    (e, v) => {
      e.relations = v;
    },
    ['x', [42], [{ type: 42, targetRef: 'a' }]],
  );
  wrong(
    'status',
    (e, v) => {
      e.status = v;
    },
    ['x', { items: 'x' }, { items: [42] }],
  );
  // Kinds the built-in processors do not know: refused (validate-entity), or not allowed by the
  // catalog rules (a file location).
  wrong(
    'kind',
    (e, v) => {
      e.kind = v;
    },
    ['Componnt', 'component ', 'Secret', 'x'.repeat(300)],
    false,
  );
  wrong(
    'metadata.name',
    (e, v) => {
      e.metadata.name = v;
    },
    INVALID_NAMES,
    false,
  );
  wrong(
    'metadata.namespace',
    (e, v) => {
      e.metadata.namespace = v;
    },
    ['Has Upper', '', 'a'.repeat(64), '../x', 'a_b'],
    false,
  );
  // Broken envelopes: no ref can be made, so nothing of the entity is stored at all.
  wrong(
    'envelope',
    (e, v) => {
      Object.assign(e, v);
    },
    [
      { apiVersion: undefined },
      { apiVersion: 42 },
      { apiVersion: '' },
      { kind: undefined },
      { kind: 42 },
      { kind: '' },
      { metadata: undefined },
      { metadata: null },
      { metadata: 'x' },
      { metadata: [] },
      { metadata: { namespace: 'default' } },
      { metadata: { name: 42 } },
      { metadata: { name: null } },
      { metadata: { name: ['a'] } },
    ],
    false,
  );
  // Odd but valid: huge values and deep nesting inside the free-form spec. Accepted or refused,
  // but answered.
  for (const [what, value] of [
    ['description 256 kB', 'd'.repeat(256 * 1024)],
    ['description with NUL and RTL', 'a\u0000b\u202ec'],
    ['spec.x nested objects 64', nested(64, false)],
    ['spec.x nested objects 1024', nested(1024, false)],
    ['spec.x nested arrays 2048', nested(2048, true)],
    [
      'spec.x 5000 keys',
      Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i])),
    ],
  ] as const) {
    m.push({
      what,
      invalid: false,
      keepsRef: true,
      apply: e => {
        if (what.startsWith('description')) e.metadata.description = value;
        else e.spec.x = value;
      },
    });
  }
  return m;
}

export const ENTITY_MUTATIONS = mutations();

/** Entities for `POST /api/catalog/validate-entity`, plus malformed request bodies. */
export function validateEntityCases(rng: Rng, perMutation: number): HttpCase[] {
  const kinds = ['Component', 'API', 'Resource', 'System', 'Group', 'User'];
  const cases: HttpCase[] = [];
  let n = 0;
  for (const mutation of ENTITY_MUTATIONS) {
    for (let i = 0; i < perMutation; i++) {
      // spec.* rules are the kind's: the Component's spec is the one every mutation breaks.
      const kind = mutation.what.startsWith('spec.')
        ? 'Component'
        : rng.pick(kinds);
      const entity = base(kind, `robustness-v-${n}`);
      mutation.apply(entity, rng);
      cases.push({
        id: `catalog/validate/${mutation.what}/${n++}`,
        category: 'catalog',
        method: 'POST',
        path: '/api/catalog/validate-entity',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ location: VALIDATE_LOCATION, entity }),
        // validate-entity spreads metadata.annotations into an object before validating, so a
        // string there becomes {"0": "a", …} and passes: upstream's behaviour, not refused.
        expect:
          mutation.invalid &&
          !mutation.what.startsWith('metadata.annotations="')
            ? 'client-error'
            : 'not-server-error',
      });
    }
  }
  // Random combinations of several mutations of invalid kind.
  const invalid = ENTITY_MUTATIONS.filter(x => x.invalid);
  for (let i = 0; i < perMutation * 20; i++) {
    const entity = base('Component', `robustness-v-${n}`);
    const picked = rng.sample(invalid, rng.int(2, 4));
    for (const p of picked) {
      try {
        p.apply(entity, rng);
      } catch {
        // An earlier mutation replaced the parent (spec: "a string"): this one does not apply.
      }
    }
    cases.push({
      id: `catalog/validate/combined/${picked
        .map(p => p.what)
        .join('+')}/${n++}`,
      category: 'catalog',
      method: 'POST',
      path: '/api/catalog/validate-entity',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ location: VALIDATE_LOCATION, entity }),
    });
  }
  // Malformed requests around a valid entity.
  const valid = base('Component', 'robustness-valid');
  const bodies: Array<[string, string | Buffer, string?]> = [
    ['not JSON', '{"entity": '],
    ['a JSON string', '"entity"'],
    ['an array', '[]'],
    ['null', 'null'],
    ['no entity', JSON.stringify({ location: VALIDATE_LOCATION })],
    ['no location', JSON.stringify({ entity: valid })],
    ['location 42', JSON.stringify({ entity: valid, location: 42 })],
    [
      'file location',
      JSON.stringify({ entity: valid, location: 'file:/etc/passwd' }),
    ],
    [
      'location without type',
      JSON.stringify({ entity: valid, location: 'no-colon' }),
    ],
    [
      'entity a string',
      JSON.stringify({ entity: 'x', location: VALIDATE_LOCATION }),
    ],
    [
      'entity null',
      JSON.stringify({ entity: null, location: VALIDATE_LOCATION }),
    ],
    ['binary body', rng.bytes(2048)],
    ['form body', 'entity=x&location=y', 'application/x-www-form-urlencoded'],
    ['NUL in JSON', '{"entity":\u0000}'],
  ];
  for (const [what, body, type] of bodies) {
    cases.push({
      id: `catalog/validate/request/${what}`,
      category: 'catalog',
      method: 'POST',
      path: '/api/catalog/validate-entity',
      headers: { 'Content-Type': type ?? 'application/json' },
      body,
    });
  }
  return cases;
}

// --- catalog files ------------------------------------------------------------------------------

/** Where phase 2 must show the problem. */
export type FileExpectation =
  /** On the file's Location entity; the entity of phase 1 is kept as it was. */
  | 'location-error'
  /** On the entity itself (same ref), which keeps its phase-1 content. */
  | 'entity-error'
  /** A conflict with an entity of another location: logged, and the other entity is unchanged. */
  | 'conflict'
  /** Valid but odd: either accepted (the marker arrives) or reported, never lost silently. */
  | 'accepted-or-error';

export interface CatalogFileCase {
  id: string;
  /** The file name in the cases directory. */
  file: string;
  /** The entity phase 1 stores: `component:default/<name>`. */
  name: string;
  valid: string;
  broken: Buffer;
  expect: FileExpectation;
  /** For `conflict`: the ref of the example entity it collides with. */
  conflictsWith?: string;
}

export const BROKEN_MARKER = 'platform-portal.io/robustness-phase';

function validDoc(name: string): Json {
  const e = base('Component', name);
  e.metadata.annotations = { [BROKEN_MARKER]: 'valid' };
  return e;
}

const yamlOf = (docs: Json[]) => docs.map(d => stringify(d)).join('---\n');

/** YAML texts that do not parse, made from the valid document. */
const SYNTAX_ERRORS: Array<[string, (valid: string, rng: Rng) => string]> = [
  [
    'unclosed double quote',
    v => v.replace('description: robustness', 'description: "robustness'),
  ],
  [
    'unclosed single quote',
    v => v.replace('lifecycle: experimental', "lifecycle: 'experimental"),
  ],
  ['tab indentation', v => v.replace('\n  name:', '\n\tname:')],
  ['bad indentation', (v, rng) => insertLine(v, rng, '   stray: indentation')],
  ['unclosed flow sequence', v => `${v}tags: [a, b\n`],
  ['unclosed flow mapping', v => `${v}extra: { a: 1\n`],
  ['duplicate key', v => `${v}kind: Component\n`],
  ['undefined alias', v => `${v}extra: *nope\n`],
  ['colon garbage', (v, rng) => insertLine(v, rng, ': : :')],
  // Cut anywhere, then a quoted string that never ends: whatever the cut, the file cannot parse
  // (a bare cut may still parse, as an entity of another name).
  [
    'truncated, then an unterminated string',
    (v, rng) => `${v.slice(0, rng.int(10, v.length - 10))}\n"unterminated`,
  ],
  ['bad second document', v => `${v}---\n- - - : [\n`],
  [
    'mapping in a scalar',
    v => v.replace('description: robustness', 'description: a: b: c'),
  ],
];

function insertLine(text: string, rng: Rng, line: string): string {
  const lines = text.split('\n');
  const at = rng.int(1, Math.max(1, lines.length - 2));
  return [...lines.slice(0, at), line, ...lines.slice(at)].join('\n');
}

/** The catalog file cases; `count` is a target, rounded to whole groups. */
export function catalogFileCases(
  rng: Rng,
  options: { count: number; exampleComponentRef: string },
): CatalogFileCase[] {
  const cases: CatalogFileCase[] = [];
  let n = 0;
  const next = (
    what: string,
    broken: (valid: string, name: string) => string | Buffer,
    expect: FileExpectation,
    extra: Partial<CatalogFileCase> = {},
  ) => {
    const name = `robustness-file-${String(n).padStart(4, '0')}`;
    const valid = yamlOf([validDoc(name)]);
    const out = broken(valid, name);
    cases.push({
      id: `catalog/file/${what}/${n}`,
      file: `${name}.yaml`,
      name,
      valid,
      broken: Buffer.isBuffer(out) ? out : Buffer.from(out, 'utf8'),
      expect,
      ...extra,
    });
    n++;
  };

  const rounds = Math.max(1, Math.round(options.count / 100));
  for (let round = 0; round < rounds; round++) {
    // The file cannot be read as entities: the error is the location's.
    for (const [what, breakIt] of SYNTAX_ERRORS) {
      next(`yaml/${what}`, valid => breakIt(valid, rng), 'location-error');
    }
    next('not an object/scalar', () => 'just a string\n', 'location-error');
    next('not an object/list', () => '- a\n- b\n', 'location-error');
    next('not an object/number', () => '42\n', 'location-error');
    next(
      'binary/random bytes',
      () => rng.bytes(rng.int(64, 4096)),
      'location-error',
    );
    next(
      'binary/png',
      () =>
        Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), rng.bytes(512)]),
      'location-error',
    );
    next(
      'binary/gzip',
      () => Buffer.concat([Buffer.from('1f8b0800', 'hex'), rng.bytes(256)]),
      'location-error',
    );
    next(
      'binary/NUL bytes',
      valid => Buffer.from(valid.replace(/: /g, ':\u0000 ')),
      'location-error',
    );
    next(
      'utf-16 with BOM',
      valid =>
        Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          Buffer.from(`${valid}extra: [\n`, 'utf16le'),
        ]),
      'location-error',
    );
    next(
      'BOM then broken YAML',
      valid => `\ufeff${valid}extra: [\n`,
      'location-error',
    );
    for (const [what, mutate] of [
      ['no kind', (d: Json) => delete d.kind],
      ['kind 42', (d: Json) => (d.kind = 42)],
      ['no apiVersion', (d: Json) => delete d.apiVersion],
      ['apiVersion list', (d: Json) => (d.apiVersion = ['x'])],
      ['no metadata', (d: Json) => delete d.metadata],
      ['metadata a string', (d: Json) => (d.metadata = 'x')],
      ['no metadata.name', (d: Json) => delete d.metadata.name],
      ['metadata.name 42', (d: Json) => (d.metadata.name = 42)],
      ['annotations a list', (d: Json) => (d.metadata.annotations = ['a'])],
      ['kind not allowed: Template', (d: Json) => (d.kind = 'Template')],
      ['kind not allowed: Componnt', (d: Json) => (d.kind = 'Componnt')],
      ['kind not allowed: Secret', (d: Json) => (d.kind = 'Secret')],
    ] as const) {
      next(
        `envelope/${what}`,
        (_valid, name) => {
          const d = validDoc(name);
          mutate(d);
          return yamlOf([d]);
        },
        'location-error',
      );
    }
    // A good document followed by a broken one: the location fails as a whole and keeps both
    // what it had.
    next(
      'second document broken',
      (valid, name) => {
        const d = validDoc(`${name}-second`);
        delete d.metadata.name;
        return `${valid}---\n${stringify(d)}`;
      },
      'location-error',
    );
    next(
      'deep YAML nesting (flow)',
      valid => `${valid}extra: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`,
      'accepted-or-error',
    );
    next(
      'deep YAML nesting (block)',
      valid => {
        let block = 'extra:\n';
        for (let i = 1; i <= 300; i++) block += `${'  '.repeat(i)}k${i}:\n`;
        return `${valid}${block}${'  '.repeat(301)}v\n`;
        // It parses: the entity gets a root field it may not have, so the error is its own.
      },
      'entity-error',
    );

    // The file parses and the entity keeps its ref, but the entity is invalid: its own error.
    for (const mutation of ENTITY_MUTATIONS.filter(
      x =>
        x.invalid && x.keepsRef && !x.what.startsWith('metadata.annotations'),
    )) {
      if (!rng.chance(0.5)) continue;
      next(
        `entity/${mutation.what}`,
        (_valid, name) => {
          const d = validDoc(name);
          mutation.apply(d, rng);
          d.metadata.annotations = {
            ...d.metadata.annotations,
            [BROKEN_MARKER]: 'broken',
          };
          return yamlOf([d]);
        },
        'entity-error',
      );
    }
    // Odd but valid.
    for (const [what, mutate] of [
      [
        'huge description 2 MB',
        (d: Json) =>
          (d.metadata.description = rng.string(64).repeat(32 * 1024)),
      ],
      [
        'huge annotation 256 kB',
        (d: Json) => (d.metadata.annotations.big = 'b'.repeat(256 * 1024)),
      ],
      ['spec nested 200', (d: Json) => (d.spec.x = nested(200, false))],
      [
        'spec 2000 keys',
        (d: Json) =>
          (d.spec.x = Object.fromEntries(
            Array.from({ length: 2000 }, (_, i) => [
              `k${i}`,
              NASTY_STRINGS[i % NASTY_STRINGS.length],
            ]),
          )),
      ],
      ['UTF-8 BOM', () => undefined],
      ['YAML 9.9 directive', () => undefined],
    ] as const) {
      next(
        `odd/${what}`,
        (_valid, name) => {
          const d = validDoc(name);
          mutate(d);
          d.metadata.annotations[BROKEN_MARKER] = 'broken';
          const text = yamlOf([d]);
          if (what === 'UTF-8 BOM') return `\ufeff${text}`;
          if (what === 'YAML 9.9 directive') return `%YAML 9.9\n---\n${text}`;
          return text;
        },
        'accepted-or-error',
      );
    }
    // Another location's entity: a conflict, which must not take the entity over.
    next(
      'duplicate of an example entity',
      (_valid, _name) => {
        const [kind, rest] = options.exampleComponentRef.split(':');
        const [namespace, name] = rest.split('/');
        const d = base(kind === 'component' ? 'Component' : kind, name);
        d.metadata.namespace = namespace;
        d.metadata.description = 'an impostor from the robustness tests';
        d.spec.owner = 'group:default/guests';
        return yamlOf([d]);
      },
      'conflict',
      { conflictsWith: options.exampleComponentRef },
    );
    next(
      'the same entity twice in one file',
      valid => {
        const d = validDoc(/name: (\S+)/.exec(valid)![1]);
        d.metadata.annotations[BROKEN_MARKER] = 'broken';
        return yamlOf([d, d]);
      },
      'accepted-or-error',
    );
  }
  return cases;
}
