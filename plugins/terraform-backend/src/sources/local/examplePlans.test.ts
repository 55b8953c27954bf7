/**
 * The example plans the embedded portal shows (`examples/terraform-plans`), and the catalog
 * annotations that point at them: valid `terraform show -json` output, laid out as the local
 * source reads it, and holding sensitive values in clear text — as real plan files do — so the
 * backend's masking is exercised by what people click on.
 */
import fs from 'node:fs';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { isSidecar, parsePlanPath } from '../s3/layout';
import { LocalPlanSource } from './LocalPlanSource';

const REPO = path.resolve(__dirname, '../../../../..');
const EXAMPLES = path.join(REPO, 'examples/terraform-plans');
const CATALOG = path.join(REPO, 'examples/catalog');

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap(e =>
      e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
    );
}

const components = fs
  .readdirSync(EXAMPLES, { withFileTypes: true })
  .filter(e => e.isDirectory())
  .map(e => e.name);
const files = walk(EXAMPLES)
  .map(f => path.relative(EXAMPLES, f))
  .filter(f => f.endsWith('.json'));
const planFiles = files.filter(f => !isSidecar(f));
const documents = planFiles.map(
  f => [f, fs.readFileSync(path.join(EXAMPLES, f), 'utf8')] as [string, string],
);

type Json = any;
type Change = {
  address: string;
  previous_address?: string;
  change: Json;
  action_reason?: string;
};

/** Leaves marked `true` in a sensitivity tree, with the raw value at the same path. */
function sensitiveValues(value: Json, sensitive: Json): Json[] {
  if (sensitive === true) {
    // A whole object or list may be sensitive: every leaf of it is.
    if (value === null || value === undefined) return [];
    return typeof value === 'object'
      ? Object.values(value).flatMap(v => sensitiveValues(v, true))
      : [value];
  }
  if (!sensitive || typeof sensitive !== 'object' || value === null) return [];
  return Object.keys(sensitive).flatMap(k =>
    sensitiveValues(value?.[k], sensitive[k]),
  );
}

/** The raw sensitive values of a plan: resources, drift and outputs. */
function rawSensitiveValues(plan: Json): Json[] {
  const changes: Json[] = [
    ...(plan.resource_changes ?? []).map((c: Change) => c.change),
    ...(plan.resource_drift ?? []).map((c: Change) => c.change),
    ...Object.values(plan.output_changes ?? {}),
  ];
  return changes.flatMap(c => [
    ...sensitiveValues(c.before, c.before_sensitive),
    ...sensitiveValues(c.after, c.after_sensitive),
  ]);
}

describe('the example Terraform plans', () => {
  it('exist for a few infrastructure components, each with plans', () => {
    expect(components.length).toBeGreaterThanOrEqual(2);
    for (const component of components) {
      expect(planFiles.some(f => f.startsWith(`${component}/`))).toBe(true);
    }
  });

  it.each(planFiles)('%s is laid out as the plan sources read it', file => {
    const [component, ...rest] = file.split(path.sep);
    expect(components).toContain(component);
    expect(parsePlanPath(rest.join('/'))).toBeDefined();
  });

  it.each(documents)(
    '%s is terraform show -json output (format 1.x), of modest size',
    (_, text) => {
      expect(Buffer.byteLength(text)).toBeLessThan(200 * 1024);
      const plan = JSON.parse(text);
      expect(plan.format_version).toMatch(/^1\.\d+$/);
      expect(plan.terraform_version).toMatch(/^\d+\.\d+\.\d+/);
      expect(Array.isArray(plan.resource_changes)).toBe(true);
      for (const c of plan.resource_changes as Change[]) {
        expect(c.change.actions.length).toBeGreaterThan(0);
        expect(c.address).toEqual(expect.any(String));
      }
    },
  );

  it.each(documents)(
    '%s holds a sensitive value in clear text, for the backend to mask',
    (_, text) => {
      const raw = rawSensitiveValues(JSON.parse(text)).filter(
        v => typeof v === 'string' && v.length >= 8,
      );
      expect(raw.length).toBeGreaterThan(0);
      for (const value of raw) expect(text).toContain(JSON.stringify(value));
    },
  );

  it.each(files.filter(isSidecar))('%s is the sidecar of a plan', file => {
    expect(planFiles).toContain(file.replace(/\.meta\.json$/, '.json'));
    const meta = JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
    const { pullRequest, ...rest } = meta;
    expect(rest).toEqual({
      branch: expect.any(String),
      run: {
        id: expect.any(String),
        url: expect.stringMatching(/^https:\/\//),
        status: expect.any(String),
        triggeredBy: expect.any(String),
        commit: expect.stringMatching(/^[0-9a-f]{40}$/),
      },
      createdAt: expect.stringMatching(
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/,
      ),
    });
    const prs = pullRequest ? [pullRequest] : [];
    expect(prs).toEqual(
      prs.map(() => ({
        number: expect.any(Number),
        url: expect.stringMatching(/^https:\/\//),
        title: expect.any(String),
      })),
    );
    expect(/-pr-\d+/.test(file)).toBe(!!meta.pullRequest);
  });

  it('together show every kind of change the plan page has to present', () => {
    const plans = documents.map(([, text]) => JSON.parse(text));
    const changes: Change[] = plans.flatMap(p => p.resource_changes);
    const actions = new Set(changes.map(c => c.change.actions.join(',')));
    for (const expected of [
      'create',
      'update',
      'delete',
      'delete,create',
      'create,delete',
      'read',
      'no-op',
      'forget',
    ]) {
      expect(actions).toContain(expected);
    }
    expect(changes.some(c => c.change.importing)).toBe(true);
    expect(changes.some(c => c.previous_address)).toBe(true);
    expect(
      changes.some(
        c =>
          c.action_reason === 'replace_because_cannot_update' &&
          c.change.replace_paths?.length,
      ),
    ).toBe(true);
    expect(changes.some(c => /\["[^"]+"\]/.test(c.address))).toBe(true);
    expect(changes.some(c => /\[\d+\]/.test(c.address))).toBe(true);
    expect(
      changes.some(c =>
        /^module\.[^.]+(\[[^\]]+\])?\.module\./.test(c.address),
      ),
    ).toBe(true);
    expect(
      changes.some(c =>
        Object.values(c.change.after_unknown ?? {}).includes(true),
      ),
    ).toBe(true);
    expect(plans.some(p => p.resource_drift?.length)).toBe(true);
    const outputs: Json[] = plans.flatMap(p =>
      Object.values(p.output_changes ?? {}),
    );
    expect(outputs.some(o => o.after_sensitive === true)).toBe(true);
    expect(outputs.some(o => o.after_unknown === true)).toBe(true);
    // At least one plan made on a pull request, with its sidecar.
    expect(
      planFiles.some(
        f =>
          /-pr-\d+/.test(f) &&
          files.includes(f.replace(/\.json$/, '.meta.json')),
      ),
    ).toBe(true);
  });

  it('are listed by the local source, with the sidecar facts', async () => {
    const source = LocalPlanSource.fromConfig(
      new ConfigReader({ terraform: { local: { directory: EXAMPLES } } }),
      { logger: mockServices.logger.mock() },
    );
    for (const component of components) {
      const listed = await source.listPlans(component);
      expect(listed.length).toBe(
        planFiles.filter(f => f.startsWith(`${component}/`)).length,
      );
    }
    const [pr] = (
      await source.listPlans('piksel-infra-shared-resources')
    ).filter(p => p.pullRequest);
    expect(pr).toEqual(
      expect.objectContaining({
        environment: 'dev',
        branch: 'feature/datacube-pg16',
        pullRequest: expect.objectContaining({ number: 214 }),
      }),
    );
  });

  it('are what the example catalog annotations point at', () => {
    const annotated = walk(CATALOG)
      .filter(f => /\.ya?ml$/.test(f))
      .flatMap(f =>
        [
          ...fs
            .readFileSync(f, 'utf8')
            .matchAll(/platform-portal\.io\/terraform-plans-local:\s*(.+)/g),
        ].flatMap(m => m[1].split(',').map(s => s.trim())),
      );
    expect(annotated.length).toBeGreaterThan(0);
    for (const dir of annotated) expect(components).toContain(dir);
  });
});
