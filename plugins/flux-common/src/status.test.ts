import * as f from './__fixtures__/flux';
import { computeStatus, summariseFluxObject } from './status';

describe('computeStatus', () => {
  it.each([
    ['kustomizationHealthy', 'ready', 'ReconciliationSucceeded', false],
    ['kustomizationBuildFailed', 'failed', 'BuildFailed', false],
    ['kustomizationFailed', 'failed', 'BuildFailed', false],
    [
      'kustomizationDependencyNotReady',
      'progressing',
      'DependencyNotReady',
      false,
    ],
    ['kustomizationProgressing', 'progressing', 'Progressing', false],
    ['kustomizationSuspended', 'suspended', 'Suspended', false],
    ['kustomizationV1beta2', 'ready', 'ReconciliationSucceeded', false],
    ['helmReleaseHealthy', 'ready', 'UpgradeSucceeded', false],
    ['helmReleaseStalled', 'stalled', 'InvalidChartReference', false],
    ['helmReleaseNoStatus', 'progressing', 'NotObserved', true],
    ['helmReleaseV2beta1', 'ready', 'ReconciliationSucceeded', false],
    ['gitRepositoryStale', 'progressing', 'NotObserved', true],
    ['ociRepositoryV1beta2', 'ready', 'Succeeded', false],
    ['imageUpdateAutomation', 'ready', 'Succeeded', false],
  ] as const)('%s → %s (%s)', (name, state, reason, stale) => {
    const status = computeStatus(f.allFixtures[name]);
    expect(status).toMatchObject({ state, reason, stale });
  });

  it('takes message and since from the deciding condition', () => {
    expect(computeStatus(f.kustomizationBuildFailed)).toEqual({
      state: 'failed',
      reason: 'BuildFailed',
      message: expect.stringContaining('kustomize build failed'),
      since: '2025-06-02T10:01:12Z',
      generation: 2,
      observedGeneration: 2,
      stale: false,
    });
    expect(computeStatus(f.helmReleaseStalled).since).toBe(
      '2025-06-02T10:20:00Z',
    );
    const stale = computeStatus(f.gitRepositoryStale);
    expect(stale).toMatchObject({ generation: 5, observedGeneration: 4 });
    expect(stale.since).toBeUndefined();
  });

  it('reports Reconciling with a retry reason as progressing while Ready is Unknown', () => {
    const status = computeStatus({
      ...f.kustomizationProgressing,
      status: {
        observedGeneration: 4,
        conditions: [
          {
            type: 'Reconciling',
            status: 'True',
            reason: 'ProgressingWithRetry',
            message: 'retrying',
            lastTransitionTime: '2025-06-02T10:00:00Z',
          },
          { type: 'Ready', status: 'Unknown', reason: 'Progressing' },
        ],
      },
    });
    expect(status).toMatchObject({
      state: 'progressing',
      reason: 'ProgressingWithRetry',
      since: '2025-06-02T10:00:00Z',
    });
  });

  it('Stalled wins over Reconciling; suspended wins over everything', () => {
    const conditions = [
      { type: 'Reconciling', status: 'True', reason: 'Progressing' },
      { type: 'Stalled', status: 'True', reason: 'InvalidPath' },
      { type: 'Ready', status: 'False', reason: 'InvalidPath' },
    ];
    const object = {
      ...f.kustomizationHealthy,
      status: { observedGeneration: 3, conditions },
    };
    expect(computeStatus(object).state).toBe('stalled');
    expect(
      computeStatus({ ...object, spec: { ...object.spec, suspend: true } }),
    ).toMatchObject({ state: 'suspended', stale: false });
    // a suspended object whose spec changed is still reported stale
    expect(
      computeStatus({
        ...f.gitRepositoryStale,
        spec: { ...f.gitRepositoryStale.spec, suspend: true },
      }),
    ).toMatchObject({ state: 'suspended', stale: true });
  });

  it('handles Ready=Unknown, no Ready condition, empty status and malformed conditions', () => {
    const base = f.helmReleaseHealthy;
    const withConditions = (conditions: unknown[]) =>
      computeStatus({ ...base, status: { observedGeneration: 2, conditions } });
    expect(
      withConditions([
        { type: 'Ready', status: 'Unknown', reason: 'Progressing' },
      ]),
    ).toMatchObject({ state: 'progressing', reason: 'Progressing' });
    expect(
      withConditions([
        { type: 'Released', status: 'True', reason: 'InstallSucceeded' },
      ]),
    ).toMatchObject({ state: 'unknown', stale: false });
    expect(
      withConditions([{ type: 'Ready', status: 'maybe' }, 'junk']),
    ).toMatchObject({
      state: 'unknown',
    });
    expect(computeStatus({ ...base, status: {} })).toMatchObject({
      state: 'progressing',
      reason: 'NotObserved',
      stale: true,
    });
    expect(computeStatus({})).toMatchObject({
      state: 'progressing',
      stale: true,
    });
  });
});

describe('summariseFluxObject', () => {
  it('summarises a v1 Kustomization', () => {
    expect(summariseFluxObject(f.kustomizationHealthy, 'prod')).toEqual({
      cluster: 'prod',
      kind: 'Kustomization',
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      namespace: 'flux-system',
      name: 'apps',
      status: expect.objectContaining({ state: 'ready' }),
      conditions: expect.arrayContaining([
        expect.objectContaining({ type: 'Healthy', status: 'True' }),
      ]),
      sourceRef: {
        kind: 'GitRepository',
        name: 'flux-system',
        namespace: 'flux-system',
      },
      path: './apps/production',
      interval: '10m0s',
      suspended: false,
      lastAppliedRevision: 'main@sha1:5c2d3e4f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d',
      lastAttemptedRevision:
        'main@sha1:5c2d3e4f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d',
      lastHandledReconcileAt: '2025-06-02T09:14:03.218Z',
      dependsOn: [{ name: 'infrastructure', namespace: 'flux-system' }],
    });
  });

  it('keeps applied and attempted revisions apart when an apply failed', () => {
    const s = summariseFluxObject(f.kustomizationBuildFailed, 'prod');
    expect(s.lastAppliedRevision).toMatch(/^main@sha1:1f2e/);
    expect(s.lastAttemptedRevision).toMatch(/^main@sha1:5c2d/);
    expect(
      summariseFluxObject(f.kustomizationDependencyNotReady, 'prod').dependsOn,
    ).toEqual([
      { name: 'infrastructure', namespace: 'flux-system' },
      { name: 'monitoring', namespace: 'observability' },
    ]);
  });

  it('reads v1beta2 Kustomization revisions', () => {
    const s = summariseFluxObject(f.kustomizationV1beta2, 'legacy');
    expect(s).toMatchObject({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1beta2',
      lastAppliedRevision: 'main/5c2d3e4f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d',
      status: { state: 'ready' },
    });
  });

  it('reads a v2 HelmRelease history', () => {
    const s = summariseFluxObject(f.helmReleaseHealthy, 'prod');
    expect(s.sourceRef).toEqual({
      kind: 'HelmRepository',
      name: 'podinfo',
      namespace: 'flux-system',
    });
    expect(s.chart).toEqual({ name: 'podinfo', version: '6.x' });
    expect(s.lastAppliedRevision).toBe('6.5.4');
    expect(s.lastAttemptedRevision).toBe('6.5.4');
    expect(s.dependsOn).toEqual([
      { name: 'cert-manager', namespace: 'cert-manager' },
    ]);
    expect(s.history).toEqual([
      {
        chartName: 'podinfo',
        chartVersion: '6.5.4',
        appVersion: '6.5.4',
        status: 'deployed',
        version: 2,
        digest:
          'sha256:a7d3bd2f0b1cd8e4e8f9c3b0d6a1e2f5c7b9d0e3f4a5b6c7d8e9f0a1b2c3d4e5',
        firstDeployed: '2025-05-20T12:00:03Z',
        lastDeployed: '2025-06-02T08:00:11Z',
      },
      expect.objectContaining({ chartVersion: '6.5.3', status: 'superseded' }),
    ]);
  });

  it('reads a chartRef HelmRelease and one without status', () => {
    expect(summariseFluxObject(f.helmReleaseStalled, 'prod')).toMatchObject({
      sourceRef: {
        kind: 'OCIRepository',
        name: 'jupyterhub',
        namespace: 'flux-system',
      },
      history: [],
      status: { state: 'stalled' },
    });
    const s = summariseFluxObject(f.helmReleaseNoStatus, 'prod');
    expect(s.lastAppliedRevision).toBeUndefined();
    expect(s.conditions).toEqual([]);
    expect(s.status.state).toBe('progressing');
  });

  it('reads a v2beta1 HelmRelease (no history)', () => {
    expect(summariseFluxObject(f.helmReleaseV2beta1, 'legacy')).toMatchObject({
      lastAppliedRevision: '4.8.3',
      lastAttemptedRevision: '4.8.3',
      chart: { name: 'ingress-nginx', version: '>=4.8.0 <5.0.0' },
      history: [
        {
          chartName: 'ingress-nginx',
          chartVersion: '4.8.3',
          status: 'deployed',
          version: 3,
        },
      ],
    });
  });

  it('reads sources: artifact revision and URL', () => {
    expect(summariseFluxObject(f.gitRepositoryStale, 'c')).toMatchObject({
      lastAppliedRevision: 'main@sha1:5c2d3e4f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d',
      url: 'ssh://git@github.com/piksel/platform',
      interval: '1m0s',
      dependsOn: [],
    });
    expect(
      summariseFluxObject(f.ociRepositoryV1beta2, 'c').lastAppliedRevision,
    ).toMatch(/^3\.3\.7@sha256:/);
    expect(summariseFluxObject(f.helmChart, 'c')).toMatchObject({
      lastAppliedRevision: '6.5.4',
      chart: { name: 'podinfo', version: '6.x' },
      sourceRef: {
        kind: 'HelmRepository',
        name: 'podinfo',
        namespace: 'flux-system',
      },
    });
    expect(summariseFluxObject(f.bucket, 'c').url).toBe(
      's3.amazonaws.com/piksel-manifests',
    );
    expect(
      summariseFluxObject(f.helmRepository, 'c').lastAppliedRevision,
    ).toMatch(/^sha256:d4a1/);
  });

  it('reads image automation objects', () => {
    expect(summariseFluxObject(f.imagePolicy, 'c')).toMatchObject({
      sourceRef: { name: 'podinfo', namespace: 'flux-system' },
      latestRef: { name: 'ghcr.io/stefanprodan/podinfo', tag: '6.5.4' },
      latestImage: expect.stringMatching(
        /^ghcr\.io\/stefanprodan\/podinfo:6\.5\.4@sha256:a1b2/,
      ),
    });
    // v1beta2 wrote status.latestImage
    expect(
      summariseFluxObject(
        {
          ...f.imagePolicy,
          apiVersion: 'image.toolkit.fluxcd.io/v1beta2',
          status: {
            ...f.imagePolicy.status,
            latestRef: undefined,
            latestImage: 'ghcr.io/x/y:1.0.0',
          },
        },
        'c',
      ).latestImage,
    ).toBe('ghcr.io/x/y:1.0.0');
    expect(summariseFluxObject(f.imageRepository, 'c')).toMatchObject({
      url: 'ghcr.io/stefanprodan/podinfo',
      lastScanResult: {
        tagCount: 42,
        scanTime: '2025-06-02T10:00:00Z',
        latestTags: ['6.5.4', '6.5.3', '6.5.2', '6.5.1', '6.5.0'],
      },
    });
    expect(summariseFluxObject(f.imageUpdateAutomation, 'c')).toMatchObject({
      sourceRef: { kind: 'GitRepository', name: 'flux-system' },
      lastAppliedRevision: '5c2d3e4f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d',
      lastAttemptedRevision:
        'main@sha1:5c2d3e4f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d',
    });
  });

  it('summarises every fixture and rejects non-Flux kinds', () => {
    for (const object of Object.values(f.allFixtures)) {
      expect(summariseFluxObject(object, 'c').kind).toBe(object.kind);
    }
    expect(() => summariseFluxObject({ kind: 'Deployment' }, 'c')).toThrow(
      'Not a Flux kind: Deployment',
    );
  });
});
