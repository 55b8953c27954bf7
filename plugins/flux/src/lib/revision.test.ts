import { fluxObject } from '../__fixtures__/flux';
import {
  commitOf,
  commitUrlFor,
  gitSourceIndex,
  shortRevision,
} from './revision';

const SHA = '4f2a9c1e0b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39';

describe('shortRevision', () => {
  it.each([
    [`main@sha1:${SHA}`, 'main@4f2a9c1'],
    [`refs/heads/release/1.x@sha1:${SHA}`, 'refs/heads/release/1.x@4f2a9c1'],
    [`main/${SHA}`, 'main@4f2a9c1'],
    [`sha1:${SHA}`, '4f2a9c1'],
    [SHA, '4f2a9c1'],
    [
      'latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      'latest@0123456789ab',
    ],
    [
      'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      '0123456789ab',
    ],
    ['6.5.4', '6.5.4'],
    ['1.4.3+a1b2c3d4e5f6', '1.4.3+a1b2c3d4e5f6'],
    ['ghcr.io/org/app:1.2.3', 'ghcr.io/org/app:1.2.3'],
  ])('%s → %s', (revision, short) => {
    expect(shortRevision(revision)).toBe(short);
  });
});

describe('commitOf', () => {
  it('finds the commit in every Git revision form, and nothing in others', () => {
    expect(commitOf(`main@sha1:${SHA}`)).toBe(SHA);
    expect(commitOf(`main/${SHA}`)).toBe(SHA);
    expect(commitOf(SHA)).toBe(SHA);
    expect(commitOf('6.5.4')).toBeUndefined();
    expect(commitOf('latest@sha256:0123')).toBeUndefined();
    expect(commitOf(undefined)).toBeUndefined();
  });
});

describe('commitUrlFor', () => {
  it.each([
    [
      'https://github.com/orbital-data/fleet',
      `https://github.com/orbital-data/fleet/commit/${SHA}`,
    ],
    [
      'https://github.com/orbital-data/fleet.git',
      `https://github.com/orbital-data/fleet/commit/${SHA}`,
    ],
    [
      'ssh://git@github.com/orbital-data/fleet.git',
      `https://github.com/orbital-data/fleet/commit/${SHA}`,
    ],
    [
      'git@github.com:orbital-data/fleet.git',
      `https://github.com/orbital-data/fleet/commit/${SHA}`,
    ],
    [
      'https://gitlab.com/group/sub/fleet.git',
      `https://gitlab.com/group/sub/fleet/-/commit/${SHA}`,
    ],
    [
      'https://bitbucket.org/team/fleet',
      `https://bitbucket.org/team/fleet/commits/${SHA}`,
    ],
  ])('%s', (url, expected) => {
    expect(commitUrlFor(url, SHA)).toBe(expected);
  });

  it('does not guess for other hosts', () => {
    expect(
      commitUrlFor('https://git.example.com/fleet.git', SHA),
    ).toBeUndefined();
    expect(
      commitUrlFor('https://github.com.evil.example/x/y', SHA),
    ).toBeUndefined();
    expect(commitUrlFor(undefined, SHA)).toBeUndefined();
    expect(commitUrlFor('https://github.com/a/b', undefined)).toBeUndefined();
  });
});

describe('gitSourceIndex', () => {
  const git = fluxObject({
    cluster: 'dev-cluster',
    kind: 'GitRepository',
    namespace: 'flux-system',
    name: 'fleet',
    url: 'https://github.com/orbital-data/fleet',
  });
  const ks = fluxObject({
    cluster: 'dev-cluster',
    kind: 'Kustomization',
    namespace: 'flux-system',
    name: 'apps',
    sourceRef: { kind: 'GitRepository', name: 'fleet' },
  });

  it("finds the GitRepository an object reads from, on the object's cluster", () => {
    const urlOf = gitSourceIndex([git, ks]);
    expect(urlOf(ks)).toBe('https://github.com/orbital-data/fleet');
    expect(urlOf({ ...ks, cluster: 'prod-cluster' })).toBeUndefined();
    expect(
      urlOf({ ...ks, sourceRef: { kind: 'OCIRepository', name: 'fleet' } }),
    ).toBeUndefined();
    expect(
      urlOf({
        ...ks,
        namespace: 'apps',
        sourceRef: {
          kind: 'GitRepository',
          name: 'fleet',
          namespace: 'flux-system',
        },
      }),
    ).toBe('https://github.com/orbital-data/fleet');
  });
});
