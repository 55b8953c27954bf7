import { execFileSync } from 'child_process';
import { allFixtures } from './__fixtures__/flux';
import { FLUX_RESOURCES } from './types';

/*
 * @kubernetes-models/flux-cd is ESM-only (its exports have only an `import` condition), which
 * Jest's CommonJS runtime cannot resolve. So the schemas are checked by a child Node process
 * importing the package natively: fixtures in on stdin, results out as JSON.
 */
const SCRIPT = `
let input = '';
for await (const chunk of process.stdin) input += chunk;
const { objects, resources } = JSON.parse(input);
const load = async apiVersion => import('@kubernetes-models/flux-cd/' + apiVersion);
const results = {};
for (const [name, object] of Object.entries(objects)) {
  try {
    const Model = (await load(object.apiVersion))[object.kind];
    if (!Model) throw new Error('no model for ' + object.apiVersion + ' ' + object.kind);
    new Model(object).validate();
    results[name] = 'ok';
  } catch (e) {
    results[name] = String(e && e.message || e);
  }
}
const served = {};
for (const { kind, group, versions } of resources) {
  served[kind] = [];
  for (const version of versions) {
    try {
      const m = await load(group + '/' + version);
      served[kind].push(typeof m[kind] === 'function' ? version : '!' + version);
    } catch (e) {
      served[kind].push('!' + version);
    }
  }
}
process.stdout.write(JSON.stringify({ results, served }));
`;

function validate(objects: Record<string, unknown>) {
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', SCRIPT],
    {
      cwd: __dirname,
      input: JSON.stringify({
        objects,
        resources: Object.values(FLUX_RESOURCES),
      }),
      encoding: 'utf8',
    },
  );
  return JSON.parse(out) as {
    results: Record<string, string>;
    served: Record<string, string[]>;
  };
}

describe('fixtures', () => {
  // A fixture that drifted from the CRD, to prove the validation bites.
  const broken = {
    ...allFixtures.kustomizationHealthy,
    spec: { interval: 600, sourceRef: { name: 'flux-system' } },
  };
  const brokenCondition = {
    ...allFixtures.helmReleaseHealthy,
    status: {
      conditions: [{ type: 'Ready', status: 'Yes' }],
      history: [{ chartName: 'podinfo' }],
    },
  };
  const { results, served } = validate({
    ...allFixtures,
    broken,
    brokenCondition,
  });

  it.each(Object.keys(allFixtures))('%s validates against its CRD', name => {
    expect(results[name]).toBe('ok');
  });

  it('rejects objects that drift from the CRD', () => {
    expect(results.broken).not.toBe('ok');
    expect(results.brokenCondition).not.toBe('ok');
  });

  it('every API version in FLUX_RESOURCES has a schema for its kind', () => {
    for (const [kind, versions] of Object.entries(served)) {
      expect({ kind, versions }).toEqual({
        kind,
        versions: FLUX_RESOURCES[kind as keyof typeof FLUX_RESOURCES].versions,
      });
    }
  });
});
