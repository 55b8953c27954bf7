import { execFileSync } from 'child_process';
import {
  bucket,
  FixtureState,
  gitRepository,
  helmChart,
  helmRelease,
  helmRepository,
  imagePolicy,
  imageRepository,
  imageUpdateAutomation,
  kustomization,
  manyFluxObjects,
  ociRepository,
} from './fluxObjects';

/*
 * The generated objects must be what the Flux CRDs allow, or the backend would be tested against
 * shapes no cluster returns. @kubernetes-models/flux-cd is ESM-only, so a child Node process
 * validates them (as in flux-common's fixtures test).
 */
const SCRIPT = `
let input = '';
for await (const chunk of process.stdin) input += chunk;
const objects = JSON.parse(input);
const results = {};
for (const [name, object] of Object.entries(objects)) {
  try {
    const Model = (await import('@kubernetes-models/flux-cd/' + object.apiVersion))[object.kind];
    if (!Model) throw new Error('no model for ' + object.apiVersion + ' ' + object.kind);
    new Model(object).validate();
    results[name] = 'ok';
  } catch (e) {
    results[name] = String((e && e.message) || e);
  }
}
process.stdout.write(JSON.stringify(results));
`;

const STATES: FixtureState[] = [
  'ready',
  'failed',
  'stalled',
  'progressing',
  'suspended',
  'stale',
  'dependencyNotReady',
];

const objects: Record<string, unknown> = {};
for (const state of STATES) {
  const o = {
    name: `x-${state}`,
    state,
    labels: { 'backstage.io/kubernetes-id': 'x' },
  };
  Object.assign(objects, {
    [`kustomization ${state}`]: kustomization(o),
    [`helmRelease ${state}`]: helmRelease(o),
    [`gitRepository ${state}`]: gitRepository(o),
    [`ociRepository ${state}`]: ociRepository(o),
    [`helmRepository ${state}`]: helmRepository(o),
    [`helmChart ${state}`]: helmChart(o),
    [`bucket ${state}`]: bucket(o),
    [`imageRepository ${state}`]: imageRepository(o),
    [`imagePolicy ${state}`]: imagePolicy(o),
    [`imageUpdateAutomation ${state}`]: imageUpdateAutomation(o),
  });
}
objects['kustomization v1beta2'] = kustomization({
  name: 'old',
  version: 'v1beta2',
});
objects['helmRelease v2beta2'] = helmRelease({
  name: 'old',
  version: 'v2beta2',
});
objects['helmRelease v2beta1'] = helmRelease({
  name: 'old',
  version: 'v2beta1',
});
manyFluxObjects(20).forEach((o, i) => {
  objects[`benchmark object ${i}`] = o;
});
const broken = {
  ...kustomization({ name: 'broken' }),
  spec: { interval: 600, sourceRef: { name: 'flux-system' } },
};

const results: Record<string, string> = JSON.parse(
  execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT], {
    cwd: __dirname,
    input: JSON.stringify({ ...objects, broken }),
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  }),
);

describe('generated Flux objects', () => {
  it.each(Object.keys(objects))('%s validates against its CRD', name => {
    expect(results[name]).toBe('ok');
  });

  it('the validation rejects an object that drifts from the CRD', () => {
    expect(results.broken).not.toBe('ok');
  });
});
