import { NASTY_STRINGS, Rng } from './random';

/*
 * Malformed Flux objects, for flux-common's summariseFluxObject/computeStatus (directly, in the
 * probe) and for the Flux backend through a simulated cluster (fakeCluster.ts).
 */

export const FLUX_KINDS: Record<
  string,
  { group: string; plural: string; version: string }
> = {
  Kustomization: {
    group: 'kustomize.toolkit.fluxcd.io',
    plural: 'kustomizations',
    version: 'v1',
  },
  HelmRelease: {
    group: 'helm.toolkit.fluxcd.io',
    plural: 'helmreleases',
    version: 'v2',
  },
  GitRepository: {
    group: 'source.toolkit.fluxcd.io',
    plural: 'gitrepositories',
    version: 'v1',
  },
  OCIRepository: {
    group: 'source.toolkit.fluxcd.io',
    plural: 'ocirepositories',
    version: 'v1',
  },
  HelmRepository: {
    group: 'source.toolkit.fluxcd.io',
    plural: 'helmrepositories',
    version: 'v1',
  },
  HelmChart: {
    group: 'source.toolkit.fluxcd.io',
    plural: 'helmcharts',
    version: 'v1',
  },
  Bucket: {
    group: 'source.toolkit.fluxcd.io',
    plural: 'buckets',
    version: 'v1',
  },
  ImageRepository: {
    group: 'image.toolkit.fluxcd.io',
    plural: 'imagerepositories',
    version: 'v1',
  },
  ImagePolicy: {
    group: 'image.toolkit.fluxcd.io',
    plural: 'imagepolicies',
    version: 'v1',
  },
  ImageUpdateAutomation: {
    group: 'image.toolkit.fluxcd.io',
    plural: 'imageupdateautomations',
    version: 'v1',
  },
};

/** Whether a value is one of the Flux kinds (own keys only: "toString" is not a kind). */
export function isFlux(kind: unknown): kind is string {
  return (
    typeof kind === 'string' &&
    Object.prototype.hasOwnProperty.call(FLUX_KINDS, kind)
  );
}

export interface FluxCase {
  id: string;
  object: any;
  /** Whether summariseFluxObject may throw "Not a Flux kind" (the kind is not a Flux kind). */
  notFluxKind: boolean;
}

/** A well-formed object of a kind, the start of every mutation. */
export function wellFormed(
  kind: string,
  name: string,
  labels: Record<string, string> = {},
): any {
  const { group, version } = FLUX_KINDS[kind];
  const object: any = {
    apiVersion: `${group}/${version}`,
    kind,
    metadata: { name, namespace: 'flux-system', generation: 2, labels },
    spec: { interval: '10m', suspend: false },
    status: {
      observedGeneration: 2,
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'ReconciliationSucceeded',
          message: 'Applied',
          lastTransitionTime: '2026-11-20T10:00:00Z',
        },
      ],
      lastHandledReconcileAt: '2026-11-20T10:00:00Z',
    },
  };
  switch (kind) {
    case 'Kustomization':
      Object.assign(object.spec, {
        path: './apps',
        sourceRef: { kind: 'GitRepository', name: 'flux-system' },
        dependsOn: [{ name: 'infra' }],
      });
      Object.assign(object.status, {
        lastAppliedRevision: 'main@sha1:abc',
        lastAttemptedRevision: 'main@sha1:abc',
      });
      break;
    case 'HelmRelease':
      Object.assign(object.spec, {
        chart: {
          spec: {
            chart: 'podinfo',
            version: '6.x',
            sourceRef: { kind: 'HelmRepository', name: 'podinfo' },
          },
        },
      });
      Object.assign(object.status, {
        history: [
          {
            chartName: 'podinfo',
            chartVersion: '6.5.0',
            status: 'deployed',
            version: 3,
          },
        ],
      });
      break;
    case 'ImagePolicy':
      Object.assign(object.spec, { imageRepositoryRef: { name: 'app' } });
      Object.assign(object.status, {
        latestRef: { name: 'ghcr.io/x/app', tag: '1.2.3', digest: 'sha256:00' },
      });
      break;
    case 'ImageRepository':
      Object.assign(object.spec, { image: 'ghcr.io/x/app' });
      Object.assign(object.status, {
        lastScanResult: {
          tagCount: 3,
          latestTags: ['1.2.3'],
          scanTime: '2026-11-20T10:00:00Z',
        },
      });
      break;
    case 'ImageUpdateAutomation':
      Object.assign(object.spec, {
        sourceRef: { kind: 'GitRepository', name: 'flux-system' },
      });
      Object.assign(object.status, {
        lastPushCommit: 'abc',
        observedSourceRevision: 'main@sha1:abc',
      });
      break;
    default:
      Object.assign(object.spec, {
        url: 'https://github.com/x/y',
        chart: 'podinfo',
        sourceRef: { kind: 'HelmRepository', name: 'podinfo' },
        bucketName: 'b',
        endpoint: 's3',
      });
      Object.assign(object.status, { artifact: { revision: 'main@sha1:abc' } });
  }
  return object;
}

const WRONG: readonly unknown[] = [
  null,
  42,
  -1,
  1e308,
  'x',
  '',
  true,
  [],
  [null],
  {},
  { a: {} },
];

/** Paths into an object that the summariser reads, per kind. */
const PATHS: string[][] = [
  ['apiVersion'],
  ['kind'],
  ['metadata'],
  ['metadata', 'name'],
  ['metadata', 'namespace'],
  ['metadata', 'generation'],
  ['metadata', 'labels'],
  ['spec'],
  ['spec', 'suspend'],
  ['spec', 'interval'],
  ['spec', 'dependsOn'],
  ['spec', 'sourceRef'],
  ['spec', 'sourceRef', 'name'],
  ['spec', 'sourceRef', 'namespace'],
  ['spec', 'path'],
  ['spec', 'chart'],
  ['spec', 'chart', 'spec'],
  ['spec', 'chart', 'spec', 'chart'],
  ['spec', 'chartRef'],
  ['spec', 'imageRepositoryRef'],
  ['spec', 'image'],
  ['spec', 'url'],
  ['spec', 'bucketName'],
  ['status'],
  ['status', 'observedGeneration'],
  ['status', 'conditions'],
  ['status', 'conditions', '0'],
  ['status', 'conditions', '0', 'type'],
  ['status', 'conditions', '0', 'status'],
  ['status', 'conditions', '0', 'reason'],
  ['status', 'conditions', '0', 'message'],
  ['status', 'conditions', '0', 'observedGeneration'],
  ['status', 'history'],
  ['status', 'history', '0'],
  ['status', 'history', '0', 'chartVersion'],
  ['status', 'latestRef'],
  ['status', 'latestRef', 'tag'],
  ['status', 'latestImage'],
  ['status', 'lastScanResult'],
  ['status', 'lastScanResult', 'tagCount'],
  ['status', 'lastScanResult', 'latestTags'],
  ['status', 'artifact'],
  ['status', 'artifact', 'revision'],
  ['status', 'lastAppliedRevision'],
  ['status', 'lastHandledReconcileAt'],
];

function setPath(object: any, keys: string[], value: unknown) {
  let o = object;
  for (const k of keys.slice(0, -1)) {
    if (o[k] === null || typeof o[k] !== 'object')
      o[k] = /^\d+$/.test(k) ? [] : {};
    o = o[k];
  }
  o[keys[keys.length - 1]] = value;
}

function deep(depth: number): any {
  let v: any = {};
  for (let i = 0; i < depth; i++) v = { a: v, list: [v === null ? 0 : 1] };
  return v;
}

/** Direct cases: objects of every kind with one or more fields of the wrong type or shape. */
export function fluxCases(rng: Rng, options: { perPath: number }): FluxCase[] {
  const cases: FluxCase[] = [];
  const kinds = Object.keys(FLUX_KINDS);
  const add = (what: string, object: any) =>
    cases.push({
      id: `flux/${what}/${cases.length}`,
      object,
      notFluxKind: !isFlux(object?.kind),
    });

  for (const keys of PATHS) {
    for (let i = 0; i < options.perPath; i++) {
      const kind = rng.pick(kinds);
      const o = wellFormed(kind, `obj-${cases.length}`);
      const value = structuredClone(rng.pick(WRONG));
      setPath(o, keys, value);
      add(`${kind}/${keys.join('.')}=${JSON.stringify(value)}`, o);
    }
  }
  // Several wrong fields at once.
  for (let i = 0; i < options.perPath * 15; i++) {
    const kind = rng.pick(kinds);
    const o = wellFormed(kind, `obj-${cases.length}`);
    for (const keys of rng.sample(
      PATHS.filter(p => p[0] !== 'kind'),
      rng.int(2, 6),
    )) {
      setPath(
        o,
        keys,
        structuredClone(rng.pick([...WRONG, rng.pick(NASTY_STRINGS)])),
      );
    }
    add(`${kind}/combined`, o);
  }
  // Shapes that are barely objects.
  for (const kind of kinds) {
    add(`${kind}/only kind`, { kind });
    add(
      `${kind}/prototype keys`,
      JSON.parse(
        `{"kind":"${kind}","metadata":{"__proto__":{"name":"p"}},"status":{"__proto__":{"conditions":[1]},"constructor":{"prototype":{}}}}`,
      ),
    );
    add(`${kind}/deep spec and status`, {
      ...wellFormed(kind, 'deep'),
      spec: deep(200),
      status: deep(200),
    });
    add(`${kind}/10 000 conditions`, {
      ...wellFormed(kind, 'many'),
      status: {
        observedGeneration: 1,
        conditions: Array.from({ length: 10_000 }, (_, i) => ({
          type: i % 2 ? 'Ready' : 'Reconciling',
          status: rng.pick(['True', 'False', 'Unknown', 'Maybe']),
          reason: rng.pick(NASTY_STRINGS),
        })),
      },
    });
    add(`${kind}/huge strings`, {
      ...wellFormed(kind, 'x'.repeat(100_000)),
      status: {
        conditions: [
          { type: 'Ready', status: 'False', message: 'm'.repeat(1_000_000) },
        ],
      },
    });
  }
  for (const kind of [
    undefined,
    null,
    42,
    '',
    'kustomization',
    'Deployment',
    'ConfigMap',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    ['Kustomization'],
    { a: 1 },
  ]) {
    add(`not a flux kind ${JSON.stringify(kind)}`, {
      ...wellFormed('Kustomization', 'k'),
      kind,
    });
  }
  add('empty object', {});
  return cases;
}

/**
 * What a fuzz cluster answers for one list path. `raw` bodies are sent as they are (not JSON,
 * truncated, empty); otherwise the items are wrapped in a list.
 */
export interface ClusterScenario {
  name: string;
  what: string;
  /** Per Flux plural (or '*'), the status and body of a list; '/apis' for discovery. */
  responses: Record<string, { status: number; body: string }>;
}

const list = (kind: string, items: unknown[]) =>
  JSON.stringify({
    apiVersion: `${FLUX_KINDS[kind].group}/${FLUX_KINDS[kind].version}`,
    kind: `${kind}List`,
    metadata: {},
    items,
  });

/** Fuzz clusters for the HTTP tests: each serves one kind of trouble. */
export function clusterScenarios(
  rng: Rng,
  options: { count: number; label: string; objects: FluxCase[] },
): ClusterScenario[] {
  const scenarios: ClusterScenario[] = [];
  const kinds = Object.keys(FLUX_KINDS);
  const badBodies: Array<[string, number, string]> = [
    ['not JSON', 200, 'this is not json'],
    ['empty body', 200, ''],
    ['truncated JSON', 200, '{"apiVersion":"v1","items":[{"kind":"Kustomiza'],
    ['HTML 502', 502, '<html><body>Bad Gateway</body></html>'],
    ['500 without Status', 500, 'internal error'],
    [
      '403 Status',
      403,
      JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: 'Forbidden',
        code: 403,
        message: 'forbidden',
      }),
    ],
    [
      '401',
      401,
      JSON.stringify({ kind: 'Status', code: 401, message: 'Unauthorized' }),
    ],
    [
      '429',
      429,
      JSON.stringify({
        kind: 'Status',
        code: 429,
        message: 'Too many requests',
      }),
    ],
    ['items a string', 200, JSON.stringify({ items: 'x' })],
    ['items an object', 200, JSON.stringify({ items: { a: 1 } })],
    ['items null', 200, JSON.stringify({ items: null })],
    ['no items', 200, JSON.stringify({ kind: 'List' })],
    ['a JSON array', 200, '[]'],
    ['a JSON number', 200, '42'],
    [
      'items of nulls and scalars',
      200,
      JSON.stringify({ items: [null, 42, 'x', true, []] }),
    ],
    ['binary', 200, rng.bytes(512).toString('latin1')],
  ];
  const badDiscovery: Array<[string, string]> = [
    ['discovery not JSON', 'nope'],
    ['discovery groups a string', JSON.stringify({ groups: 'x' })],
    ['discovery groups of nulls', JSON.stringify({ groups: [null, 42] })],
    [
      'discovery versions garbage',
      JSON.stringify({
        groups: [
          {
            name: 'kustomize.toolkit.fluxcd.io',
            versions: [null, { version: 42 }, 'v1'],
          },
        ],
      }),
    ],
    [
      'discovery unknown versions only',
      JSON.stringify({
        groups: kinds.map(k => ({
          name: FLUX_KINDS[k].group,
          versions: [{ version: 'v9' }],
        })),
      }),
    ],
    [
      'discovery group name 42',
      JSON.stringify({ groups: [{ name: 42, versions: [{ version: 'v1' }] }] }),
    ],
  ];
  let i = 0;
  const name = () => `${options.label}-${String(i++).padStart(3, '0')}`;
  const byKind = new Map<string, FluxCase[]>();
  for (const c of options.objects) {
    const kind = isFlux(c.object?.kind) ? c.object.kind : '*';
    byKind.set(kind, [...(byKind.get(kind) ?? []), c]);
  }
  while (scenarios.length < options.count) {
    const round = scenarios.length;
    const responses: ClusterScenario['responses'] = {};
    let what: string;
    const pick = round % 4;
    if (pick === 0) {
      // Malformed objects of the right kind in every list.
      what = 'malformed objects';
      for (const kind of kinds) {
        const pool = byKind.get(kind) ?? [];
        responses[FLUX_KINDS[kind].plural] = {
          status: 200,
          body: list(
            kind,
            rng.sample(pool, 6).map(c => c.object),
          ),
        };
      }
    } else if (pick === 1) {
      // Objects of a kind that is not the list's (or no Flux kind at all).
      what = 'objects of the wrong kind';
      const strangers = byKind.get('*') ?? [];
      for (const kind of kinds) {
        responses[FLUX_KINDS[kind].plural] = {
          status: 200,
          body: list(kind, [
            wellFormed(kind, 'fine'),
            ...rng.sample(strangers, 2).map(c => c.object),
          ]),
        };
      }
    } else if (pick === 2) {
      const [w, status, body] = badBodies[(round >> 2) % badBodies.length];
      what = `lists: ${w}`;
      for (const kind of rng.sample(kinds, rng.int(1, kinds.length))) {
        responses[FLUX_KINDS[kind].plural] = { status, body };
      }
      responses['apps/*'] = { status, body };
    } else {
      const [w, body] = badDiscovery[(round >> 2) % badDiscovery.length];
      what = w;
      responses['/apis'] = { status: 200, body };
    }
    scenarios.push({ name: name(), what, responses });
  }
  return scenarios;
}
