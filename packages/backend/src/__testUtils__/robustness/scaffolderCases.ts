import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../PortalProcess';
import { HttpCase } from './http';
import { NASTY_STRINGS, Rng } from './random';

/*
 * Template parameters that the templates' own JSON schemas refuse, sent to
 * `POST /api/scaffolder/v2/tasks` (which must answer 400 and create no task) and
 * `POST /api/scaffolder/v2/dry-run`; plus unknown or malformed template refs and bodies.
 */

export interface TemplateInfo {
  ref: string;
  entity: any;
  /** The parameter steps, as JSON schemas. */
  steps: any[];
}

export function templates(): TemplateInfo[] {
  const dir = path.join(REPO_ROOT, 'templates');
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter(
      d =>
        d.isDirectory() &&
        fs.existsSync(path.join(dir, d.name, 'template.yaml')),
    )
    .map(d => {
      const entity = parse(
        fs.readFileSync(path.join(dir, d.name, 'template.yaml'), 'utf8'),
      );
      return {
        ref: `template:default/${entity.metadata.name}`,
        entity,
        steps: [entity.spec.parameters ?? []].flat(),
      };
    })
    .sort((a, b) => a.ref.localeCompare(b.ref));
}

const WRONG_BY_TYPE: Record<string, unknown[]> = {
  string: [42, true, null, [], ['a'], { a: 1 }],
  array: ['dev', 42, { 0: 'dev' }, null],
  object: ['x', 42, ['a'], null],
  boolean: ['true', 1, null],
  number: ['1', null, []],
  integer: ['1', 1.5, null],
};

const TRAVERSAL = [
  '../x',
  '../../etc/passwd',
  'a/../../b',
  '..',
  '.',
  '..%2Fx',
  'a/b',
  '/abs',
  'x\\..\\y',
];

/** A value that the property's schema refuses, with what is wrong. */
function refusedValues(prop: any, rng: Rng): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  if (prop.type && WRONG_BY_TYPE[prop.type]) {
    for (const v of rng.sample(WRONG_BY_TYPE[prop.type], 2))
      out.push([`type ${JSON.stringify(v)}`, v]);
  }
  if (prop.type === 'string') {
    if (prop.pattern) {
      const re = new RegExp(prop.pattern, 'u');
      const candidates = [
        ...TRAVERSAL,
        ...NASTY_STRINGS,
        'UPPER-CASE',
        'a b',
        'x'.repeat(200),
      ].filter(s => !re.test(s));
      for (const v of rng.sample(candidates, 4))
        out.push([`pattern ${JSON.stringify(v).slice(0, 24)}`, v]);
    }
    if (typeof prop.maxLength === 'number') {
      out.push([`maxLength+1`, 'a'.repeat(prop.maxLength + 1)]);
      out.push([`1 MB string`, 'a'.repeat(1024 * 1024)]);
    }
    if (typeof prop.minLength === 'number' && prop.minLength > 0) {
      out.push([`minLength-1`, 'a'.repeat(prop.minLength - 1)]);
    }
    if (Array.isArray(prop.enum))
      out.push(['not in enum', `${prop.enum[0]}-nope`]);
  }
  if (prop.type === 'array') {
    if (typeof prop.minItems === 'number' && prop.minItems > 0)
      out.push(['minItems', []]);
    if (prop.uniqueItems && prop.items?.enum) {
      out.push(['duplicate items', [prop.items.enum[0], prop.items.enum[0]]]);
    }
    if (prop.items?.enum) out.push(['item not in enum', ['nope']]);
  }
  return out;
}

/** Some value for a property, not necessarily valid (other fields are not under test). */
function filler(prop: any): unknown {
  if (prop.default !== undefined) return prop.default;
  if (Array.isArray(prop.enum)) return prop.enum[0];
  switch (prop.type) {
    case 'array':
      return prop.items?.enum ? [prop.items.enum[0]] : [];
    case 'object':
      return {};
    case 'boolean':
      return false;
    case 'number':
    case 'integer':
      return 1;
    default:
      return 'robustness-value';
  }
}

/** Values of every required field of every step, each filled with something. */
function baseValues(template: TemplateInfo): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const step of template.steps) {
    for (const [name, prop] of Object.entries<any>(step.properties ?? {})) {
      values[name] = filler(prop);
    }
  }
  return values;
}

export interface ScaffolderCases {
  tasks: HttpCase[];
  dryRuns: HttpCase[];
}

export function scaffolderCases(
  rng: Rng,
  options: { exampleComponentRef: string; repeat: number },
): ScaffolderCases {
  const tasks: HttpCase[] = [];
  const dryRuns: HttpCase[] = [];
  const json = { 'Content-Type': 'application/json' };
  const task = (id: string, body: unknown, raw?: string) =>
    tasks.push({
      id: `scaffolder/tasks/${id}/${tasks.length}`,
      category: 'scaffolder',
      method: 'POST',
      path: '/api/scaffolder/v2/tasks',
      headers: json,
      body: raw ?? JSON.stringify(body),
    });
  const dryRun = (id: string, body: unknown) =>
    dryRuns.push({
      id: `scaffolder/dry-run/${id}/${dryRuns.length}`,
      category: 'scaffolder',
      method: 'POST',
      path: '/api/scaffolder/v2/dry-run',
      headers: json,
      body: JSON.stringify(body),
    });

  for (let r = 0; r < options.repeat; r++) {
    for (const t of templates()) {
      const base = baseValues(t);
      const name = t.ref.split('/')[1];
      for (const step of t.steps) {
        for (const field of step.required ?? []) {
          const values = { ...base };
          delete values[field];
          task(`${name}/missing ${field}`, { templateRef: t.ref, values });
        }
        for (const [field, prop] of Object.entries<any>(
          step.properties ?? {},
        )) {
          for (const [what, value] of refusedValues(prop, rng)) {
            const values = { ...base, [field]: value };
            task(`${name}/${field} ${what}`, { templateRef: t.ref, values });
            if (rng.chance(0.35)) {
              dryRun(`${name}/${field} ${what}`, {
                template: t.entity,
                values,
                directoryContents: [],
              });
            }
          }
          // Nested objects (a cluster per environment): their own fields too.
          for (const [sub, subProp] of Object.entries<any>(
            prop.properties ?? {},
          )) {
            for (const [what, value] of refusedValues(subProp, rng).slice(
              0,
              2,
            )) {
              const values = {
                ...base,
                [field]: { ...(base[field] as object), [sub]: value },
              };
              task(`${name}/${field}.${sub} ${what}`, {
                templateRef: t.ref,
                values,
              });
            }
          }
        }
      }
      // Values that are not an object at all.
      for (const values of ['x', 42, ['a'], null, true]) {
        task(`${name}/values ${JSON.stringify(values)}`, {
          templateRef: t.ref,
          values,
        });
      }
      task(`${name}/secrets not strings`, {
        templateRef: t.ref,
        values: { ...base, name: '../x' },
        secrets: { a: 42 },
      });
      task(`${name}/secrets a string`, {
        templateRef: t.ref,
        values: { ...base, name: '../x' },
        secrets: 'x',
      });
    }
  }

  const anyTemplate = templates()[0];
  const invalidValues = {
    ...baseValues(anyTemplate),
    name: '../../etc/passwd',
  };
  for (const ref of [
    'template:default/does-not-exist',
    'template:default/../../x',
    'template:nope/node-service',
    options.exampleComponentRef,
    'template:default/',
    'template:',
    '',
    'a:b:c:d',
    'x'.repeat(10_000),
    42,
    null,
    ['template:default/node-service'],
    { kind: 'template' },
  ]) {
    task(`templateRef ${JSON.stringify(ref)?.slice(0, 40)}`, {
      templateRef: ref,
      values: invalidValues,
    });
  }
  for (const [what, raw] of [
    ['not JSON', '{"templateRef": '],
    ['an array', '[]'],
    ['null', 'null'],
    ['no templateRef', JSON.stringify({ values: invalidValues })],
  ] as const) {
    task(`body ${what}`, undefined, raw);
  }

  // Dry runs of malformed templates (each would fail before running any step).
  const t = anyTemplate.entity;
  for (const [what, template] of [
    ['not an object', 'x'],
    ['empty object', {}],
    ['wrong apiVersion', { ...t, apiVersion: 'scaffolder.backstage.io/v9' }],
    ['steps a string', { ...t, spec: { ...t.spec, steps: 'x' } }],
    ['parameters a string', { ...t, spec: { ...t.spec, parameters: 'x' } }],
    ['no metadata', { ...t, metadata: undefined }],
  ] as const) {
    dryRun(`template ${what}`, {
      template,
      values: invalidValues,
      directoryContents: [],
    });
  }
  for (const [what, body] of [
    ['values a string', { template: t, values: 'x', directoryContents: [] }],
    ['values null', { template: t, values: null, directoryContents: [] }],
    ['no directoryContents', { template: t, values: invalidValues }],
    [
      'directoryContents not a list',
      { template: t, values: invalidValues, directoryContents: 'x' },
    ],
    [
      'directory path traversal',
      {
        template: t,
        values: invalidValues,
        directoryContents: [
          { path: '../../../../tmp/escape', base64Content: 'eA==' },
        ],
      },
    ],
    [
      'base64 garbage',
      {
        template: t,
        values: invalidValues,
        directoryContents: [{ path: 'a', base64Content: '%%%' }],
      },
    ],
    [
      'secrets not strings',
      {
        template: t,
        values: invalidValues,
        secrets: { a: 1 },
        directoryContents: [],
      },
    ],
  ] as const) {
    dryRun(what, body);
  }
  return { tasks, dryRuns };
}

/**
 * Dry runs of templates whose own schema is broken (an invalid regular expression in a pattern):
 * the values cannot be checked at all. Reported separately: a broken template is the template
 * author's error, and the API must still say so with a 4xx.
 */
export function brokenTemplateDryRuns(): HttpCase[] {
  const t = templates()[0].entity;
  const steps = [t.spec.parameters ?? []].flat();
  const broken = structuredClone(steps);
  const first = broken[0];
  const field = Object.keys(first.properties ?? {})[0];
  first.properties[field].pattern = '([unclosed';
  return [
    {
      id: 'scaffolder/dry-run/template with an invalid pattern',
      category: 'scaffolder',
      method: 'POST',
      path: '/api/scaffolder/v2/dry-run',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        template: { ...t, spec: { ...t.spec, parameters: broken } },
        values: { [field]: 'x' },
        directoryContents: [],
      }),
    },
  ];
}
