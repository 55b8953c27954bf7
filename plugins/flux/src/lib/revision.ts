import { FluxObjectSummary } from '@platform-portal/plugin-flux-common';

const SHA1_LENGTH = 7;
const DIGEST_LENGTH = 12;

const shorten = (algorithm: string, hex: string) =>
  hex.slice(0, algorithm === 'sha1' ? SHA1_LENGTH : DIGEST_LENGTH);

/**
 * A revision as people read it, like `git log --oneline` does:
 * - `main@sha1:4f2a9c1e…` (Flux ≥ 2.0) and `main/4f2a9c1e…` (older) → `main@4f2a9c1`;
 * - `latest@sha256:0123…` (OCI) → `latest@0123456789ab`;
 * - a bare `sha1:…`, `sha256:…` or hex digest → its first 7 (sha1) or 12 characters;
 * - anything else (a chart version `6.5.4`, an image `app:1.2.3`) as is.
 */
export function shortRevision(revision: string): string {
  const withRef = /^(.+)@(sha1|sha256|sha384|sha512|blake3):([0-9a-f]+)$/.exec(
    revision,
  );
  if (withRef) return `${withRef[1]}@${shorten(withRef[2], withRef[3])}`;
  const bare = /^(sha1|sha256|sha384|sha512|blake3):([0-9a-f]+)$/.exec(
    revision,
  );
  if (bare) return shorten(bare[1], bare[2]);
  const legacy = /^(.+)\/([0-9a-f]{40})$/.exec(revision);
  if (legacy) return `${legacy[1]}@${legacy[2].slice(0, SHA1_LENGTH)}`;
  if (/^[0-9a-f]{40}$/.test(revision)) return revision.slice(0, SHA1_LENGTH);
  if (/^[0-9a-f]{64}$/.test(revision)) return revision.slice(0, DIGEST_LENGTH);
  return revision;
}

/** The Git commit SHA in a revision, when it names one (`main@sha1:<sha>`, `main/<sha>`, `<sha>`). */
export function commitOf(revision?: string): string | undefined {
  if (!revision) return undefined;
  const match =
    /(?:^|@)sha1:([0-9a-f]{40})$/.exec(revision) ??
    /(?:^|\/)([0-9a-f]{40})$/.exec(revision);
  return match?.[1];
}

/**
 * A link to a commit on the well-known Git hosts, from a GitRepository URL in any of the forms
 * Flux accepts (`https://`, `ssh://git@host/…`, `git@host:…`). Undefined for other hosts: a
 * self-hosted server's web URL cannot be guessed safely.
 */
export function commitUrlFor(
  sourceUrl: string | undefined,
  sha: string | undefined,
): string | undefined {
  if (!sourceUrl || !sha) return undefined;
  const match =
    /^(?:https?:\/\/|ssh:\/\/)?(?:[^@/]+@)?(github\.com|gitlab\.com|bitbucket\.org)[:/](.+?)(?:\.git)?\/?$/.exec(
      sourceUrl,
    );
  if (!match) return undefined;
  const [, host, path] = match;
  if (host === 'gitlab.com')
    return `https://gitlab.com/${path}/-/commit/${sha}`;
  if (host === 'bitbucket.org') {
    return `https://bitbucket.org/${path}/commits/${sha}`;
  }
  return `https://github.com/${path}/commit/${sha}`;
}

const keyOf = (
  cluster: string,
  kind: string,
  namespace: string,
  name: string,
) => `${cluster}\n${kind}\n${namespace}\n${name}`;

/**
 * Finds the GitRepository an object reads from (Kustomization, ImageUpdateAutomation) among
 * objects already fetched, so that its revisions can link to their commits without asking the
 * backend again.
 */
export function gitSourceIndex(items: FluxObjectSummary[]) {
  const urls = new Map<string, string>();
  for (const item of items) {
    if (item.kind === 'GitRepository' && item.url) {
      urls.set(
        keyOf(item.cluster, item.kind, item.namespace, item.name),
        item.url,
      );
    }
  }
  return (object: FluxObjectSummary): string | undefined => {
    const ref = object.sourceRef;
    if (!ref || (ref.kind && ref.kind !== 'GitRepository')) return undefined;
    return urls.get(
      keyOf(
        object.cluster,
        'GitRepository',
        ref.namespace ?? object.namespace,
        ref.name,
      ),
    );
  };
}
