import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  applierOf,
  commitOf,
  commitUrl,
  describeContainer,
  parseImage,
  runningDigests,
  workloadHealth,
} from './deployments';
import { deployment, pod } from '../__testUtils__/fluxObjects';

const SHA = '4f2a9c1d0e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49';
const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('parseImage', () => {
  it.each([
    [
      'registry.local:5000/shop/orders:1.4.2',
      { repository: 'registry.local:5000/shop/orders', tag: '1.4.2' },
    ],
    [
      'registry.local:5000/shop/orders',
      { repository: 'registry.local:5000/shop/orders' },
    ],
    [
      `ghcr.io/org/app:1.0.0@${DIGEST}`,
      { repository: 'ghcr.io/org/app', tag: '1.0.0', digest: DIGEST },
    ],
    [`nginx@${DIGEST}`, { repository: 'nginx', digest: DIGEST }],
  ])('%s', (image, expected) => {
    expect(parseImage(image)).toEqual(expected);
  });
});

describe('workloadHealth', () => {
  const base = deployment({ name: 'a', namespace: 'n', image: 'x:1.0.0' });
  it('is healthy when every replica is updated and ready', () => {
    expect(workloadHealth(base)).toEqual({
      state: 'healthy',
      replicas: 2,
      readyReplicas: 2,
      updatedReplicas: 2,
    });
  });
  it('is progressing during a rollout', () => {
    const rolling = {
      ...base,
      status: { ...base.status, updatedReplicas: 1, readyReplicas: 2 },
    };
    expect(workloadHealth(rolling)).toMatchObject({
      state: 'progressing',
      message: 'Rolling out: 1 of 2 replicas updated',
    });
  });
  it('is progressing until the controller observes a new spec', () => {
    const pending = { ...base, metadata: { ...base.metadata, generation: 5 } };
    expect(workloadHealth(pending).state).toBe('progressing');
  });
  it('is degraded when replicas are missing or the rollout deadline passed', () => {
    expect(
      workloadHealth(
        deployment({ name: 'a', namespace: 'n', image: 'x', readyReplicas: 0 }),
      ),
    ).toMatchObject({
      state: 'degraded',
      message: 'Deployment does not have minimum availability.',
    });
    const stuck = {
      ...base,
      status: {
        ...base.status,
        conditions: [
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: 'ReplicaSet "a-1" has timed out progressing.',
          },
        ],
      },
    };
    expect(workloadHealth(stuck)).toMatchObject({
      state: 'degraded',
      message: 'ReplicaSet "a-1" has timed out progressing.',
    });
  });
  it('reads DaemonSets from their scheduling counts', () => {
    const ds = deployment({
      name: 'a',
      namespace: 'n',
      image: 'x',
      kind: 'DaemonSet',
      replicas: 3,
      readyReplicas: 3,
    });
    expect(workloadHealth(ds)).toMatchObject({
      state: 'healthy',
      replicas: 3,
      readyReplicas: 3,
    });
  });
  it('is unknown without a status', () => {
    expect(workloadHealth({ ...base, status: undefined }).state).toBe(
      'unknown',
    );
  });
});

describe('runningDigests', () => {
  it("takes the kubelet's imageID of the workload's own pods, the most common during a rollout", () => {
    const w = deployment({
      name: 'orders',
      namespace: 'shop',
      image: 'r/shop/orders:develop',
    });
    const other = deployment({
      name: 'billing',
      namespace: 'shop',
      image: 'r/shop/billing:1.0.0',
    });
    const older = `sha256:${'cd'.repeat(32)}`;
    const digests = runningDigests(w, [
      pod(w, 1, DIGEST),
      pod(w, 2, DIGEST),
      pod(w, 3, older),
      pod(other, 1, older),
    ]);
    expect(digests.get('orders')).toBe(DIGEST);
    expect(digests.get('billing')).toBeUndefined();
  });
});

describe('describeContainer', () => {
  const repositories = [
    {
      ref: 'registry.local/shop/orders',
      provider: 'oci' as const,
      name: 'shop/orders',
      registry: 'registry.local',
      images: [
        {
          digest: DIGEST,
          tags: [
            { name: '1.4.2', class: 'stable' as const },
            { name: 'latest', class: 'moving' as const },
          ],
          violations: [],
        },
      ],
      totalImages: 1,
      countsByClass: { stable: 1, snapshot: 0, moving: 1, other: 0 },
      violations: [],
      fetchedAt: '2026-11-24T00:00:00Z',
    },
  ];
  it('finds a moving tag by the digest that runs, and names the stable tag of that image', () => {
    const c = describeContainer(
      { name: 'orders', image: 'registry.local/shop/orders:latest' },
      DIGEST,
      repositories,
    );
    expect(c).toMatchObject({
      tag: 'latest',
      tagClass: 'moving',
      digest: DIGEST,
    });
  });
  it('flags an image its repository does not list', () => {
    const c = describeContainer(
      { name: 'orders', image: 'registry.local/shop/orders:9.9.9' },
      undefined,
      repositories,
    );
    expect(c).toMatchObject({
      tag: '9.9.9',
      tagClass: 'stable',
      unknownImage: true,
    });
  });
  it('classifies tags of repositories the entity does not declare', () => {
    const c = describeContainer(
      { name: 'x', image: 'nginx:1.27.0-SNAPSHOT' },
      undefined,
      repositories,
    );
    expect(c).toEqual({
      name: 'x',
      image: 'nginx:1.27.0-SNAPSHOT',
      repository: 'nginx',
      tag: '1.27.0-SNAPSHOT',
      tagClass: 'snapshot',
    });
  });
});

describe('commits', () => {
  const integrations = ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: {
        gitlab: [
          {
            host: 'git.orbital.example',
            apiBaseUrl: 'https://git.orbital.example/api/v4',
            token: 't',
          },
        ],
      },
    }),
  );
  it.each([
    [`main@sha1:${SHA}`, SHA],
    [`main/${SHA}`, SHA],
    [SHA, SHA],
    ['1.4.2', undefined],
    [`1.2.0@sha256:${'ab'.repeat(32)}`, undefined],
  ])('the commit of revision %s', (revision, expected) => {
    expect(commitOf(revision)).toBe(expected);
  });
  it.each([
    [
      'https://github.com/orbital-data/platform-gitops',
      `https://github.com/orbital-data/platform-gitops/commit/${SHA}`,
    ],
    [
      'ssh://git@github.com/orbital-data/platform-gitops.git',
      `https://github.com/orbital-data/platform-gitops/commit/${SHA}`,
    ],
    [
      'git@github.com:orbital-data/platform-gitops.git',
      `https://github.com/orbital-data/platform-gitops/commit/${SHA}`,
    ],
    [
      'https://git.orbital.example/platform/gitops.git',
      `https://git.orbital.example/platform/gitops/-/commit/${SHA}`,
    ],
    [
      'https://bitbucket.org/orbital/gitops',
      `https://bitbucket.org/orbital/gitops/commits/${SHA}`,
    ],
    ['https://unknown.example/repo', undefined],
    ['oci://ghcr.io/org/manifests', undefined],
  ])('links %s', (url, expected) => {
    expect(commitUrl(url, SHA, integrations)).toBe(expected);
  });
});

describe('applierOf', () => {
  it('prefers the HelmRelease over the Kustomization that applied it', () => {
    const w = deployment({
      name: 'a',
      namespace: 'n',
      image: 'x',
      appliedBy: { kind: 'HelmRelease', name: 'a', namespace: 'n' },
    });
    w.metadata.labels!['kustomize.toolkit.fluxcd.io/name'] = 'apps';
    expect(applierOf(w)).toEqual({
      kind: 'HelmRelease',
      name: 'a',
      namespace: 'n',
    });
  });
  it('is undefined for workloads Flux did not apply', () => {
    expect(
      applierOf(deployment({ name: 'a', namespace: 'n', image: 'x' })),
    ).toBeUndefined();
  });
});
