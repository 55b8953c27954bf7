import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  classifyTag,
  RepositoryImages,
  Severity,
} from '@platform-portal/plugin-container-images-common';
import {
  AppliedBy,
  DeploymentRow,
  FluxCluster,
  FluxObjectSummary,
  RunningContainer,
  WorkloadHealth,
} from '@platform-portal/plugin-flux-common';
import { KubeObject } from './FluxFetcher';

/** The labels Flux's controllers put on everything they apply. */
export const KUSTOMIZE_NAME_LABEL = 'kustomize.toolkit.fluxcd.io/name';
export const KUSTOMIZE_NAMESPACE_LABEL =
  'kustomize.toolkit.fluxcd.io/namespace';
export const HELM_NAME_LABEL = 'helm.toolkit.fluxcd.io/name';
export const HELM_NAMESPACE_LABEL = 'helm.toolkit.fluxcd.io/namespace';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

/** The Flux object whose inventory labels a workload carries. */
export function applierOf(
  workload: KubeObject,
):
  | { kind: 'Kustomization' | 'HelmRelease'; namespace: string; name: string }
  | undefined {
  const labels = workload.metadata?.labels ?? {};
  // A HelmRelease applied by a Kustomization labels its objects with both; Helm is the nearer.
  if (labels[HELM_NAME_LABEL]) {
    return {
      kind: 'HelmRelease',
      name: labels[HELM_NAME_LABEL],
      namespace:
        labels[HELM_NAMESPACE_LABEL] ??
        workload.metadata?.namespace ??
        'default',
    };
  }
  if (labels[KUSTOMIZE_NAME_LABEL]) {
    return {
      kind: 'Kustomization',
      name: labels[KUSTOMIZE_NAME_LABEL],
      namespace: labels[KUSTOMIZE_NAMESPACE_LABEL] ?? 'flux-system',
    };
  }
  return undefined;
}

/** Splits `registry/repo:tag@sha256:…` into its parts (a registry port is not a tag). */
export function parseImage(image: string): {
  repository: string;
  tag?: string;
  digest?: string;
} {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  let tag: string | undefined;
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { repository: rest, tag, digest };
}

/** Docker Hub short names, as a registry reports them. */
function canonicalRepository(repository: string) {
  const first = repository.split('/')[0];
  const hasRegistry =
    first.includes('.') || first.includes(':') || first === 'localhost';
  if (hasRegistry) return repository;
  return `docker.io/${
    repository.includes('/') ? repository : `library/${repository}`
  }`;
}

/** The replicas and rollout state of a workload, judged the way `kubectl rollout status` does. */
export function workloadHealth(workload: KubeObject): WorkloadHealth {
  const spec = workload.spec ?? {};
  const status = workload.status ?? {};
  const generation = workload.metadata?.generation;
  const observed = status.observedGeneration;
  let replicas: number;
  let ready: number;
  let updated: number | undefined;
  if (workload.kind === 'DaemonSet') {
    replicas = status.desiredNumberScheduled ?? 0;
    ready = status.numberReady ?? 0;
    updated = status.updatedNumberScheduled;
  } else {
    replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
    ready = status.readyReplicas ?? 0;
    updated = status.updatedReplicas;
  }
  const base = {
    replicas,
    readyReplicas: ready,
    ...(updated !== undefined && { updatedReplicas: updated }),
  };
  const conditions: any[] = Array.isArray(status.conditions)
    ? status.conditions
    : [];
  const progressing = conditions.find(c => c?.type === 'Progressing');
  if (progressing?.status === 'False') {
    return {
      state: 'degraded',
      ...base,
      message: progressing.message ?? progressing.reason,
    };
  }
  if (
    typeof generation === 'number' &&
    typeof observed === 'number' &&
    observed < generation
  ) {
    return {
      state: 'progressing',
      ...base,
      message: 'Waiting for the controller to observe the new spec',
    };
  }
  if (!workload.status) return { state: 'unknown', ...base };
  if (ready >= replicas && (updated === undefined || updated >= replicas)) {
    return { state: 'healthy', ...base };
  }
  if (updated !== undefined && updated < replicas) {
    return {
      state: 'progressing',
      ...base,
      message: `Rolling out: ${updated} of ${replicas} replicas updated`,
    };
  }
  const available = conditions.find(c => c?.type === 'Available');
  return {
    state: 'degraded',
    ...base,
    message:
      available?.status === 'False'
        ? available.message
        : `${ready} of ${replicas} replicas ready`,
  };
}

/** When the workload last rolled out: the Progressing condition's last update, else its creation. */
export function changedAt(workload: KubeObject): string | undefined {
  const conditions: any[] = Array.isArray(workload.status?.conditions)
    ? workload.status!.conditions
    : [];
  const progressing = conditions.find(c => c?.type === 'Progressing');
  return (
    progressing?.lastUpdateTime ??
    progressing?.lastTransitionTime ??
    workload.metadata?.creationTimestamp
  );
}

function matchesSelector(
  labels: Record<string, string> | undefined,
  matchLabels: Record<string, string> | undefined,
) {
  if (!matchLabels || Object.keys(matchLabels).length === 0) return false;
  return Object.entries(matchLabels).every(([k, v]) => labels?.[k] === v);
}

/**
 * The digests the workload's pods run, per container: the kubelet's `imageID`, which names what
 * was pulled even when the spec names a moving tag. The most common one wins during a rollout.
 */
export function runningDigests(
  workload: KubeObject,
  pods: KubeObject[],
): Map<string, string> {
  const matchLabels = workload.spec?.selector?.matchLabels;
  const counts = new Map<string, Map<string, number>>();
  for (const pod of pods) {
    if (pod.metadata?.namespace !== workload.metadata?.namespace) continue;
    if (!matchesSelector(pod.metadata?.labels, matchLabels)) continue;
    for (const cs of (pod.status?.containerStatuses ?? []) as any[]) {
      const digest = /@(sha256:[0-9a-f]{64})$/.exec(
        String(cs?.imageID ?? ''),
      )?.[1];
      if (!digest || !cs?.name) continue;
      const perContainer = counts.get(cs.name) ?? new Map<string, number>();
      perContainer.set(digest, (perContainer.get(digest) ?? 0) + 1);
      counts.set(cs.name, perContainer);
    }
  }
  const result = new Map<string, string>();
  for (const [container, digests] of counts) {
    const [best] = [...digests].sort((a, b) => b[1] - a[1]);
    result.set(container, best[0]);
  }
  return result;
}

/** Looks a running image up in what the container-images backend serves for the entity. */
export function describeContainer(
  container: { name: string; image: string },
  runningDigest: string | undefined,
  repositories: RepositoryImages[] | undefined,
): RunningContainer {
  const parsed = parseImage(container.image);
  const digest = parsed.digest ?? runningDigest;
  const result: RunningContainer = {
    name: container.name,
    image: container.image,
    repository: parsed.repository,
    ...(parsed.tag && { tag: parsed.tag }),
    ...(digest && { digest }),
  };
  const repo = repositories?.find(
    r =>
      canonicalRepository(`${r.registry}/${r.name}`) ===
      canonicalRepository(parsed.repository),
  );
  const image = repo?.images.find(i =>
    digest ? i.digest === digest : i.tags.some(t => t.name === parsed.tag),
  );
  if (image) {
    const tag = image.tags.find(t => t.name === parsed.tag) ?? image.tags[0];
    if (!result.tag && tag) result.tag = tag.name;
    result.tagClass = tag?.class;
    if (image.scan) {
      const count = (s: Severity) => image.scan!.findingCounts[s] ?? 0;
      result.scan = {
        status: image.scan.status,
        critical: count('CRITICAL'),
        high: count('HIGH'),
        medium: count('MEDIUM'),
        low: count('LOW'),
      };
    }
  } else {
    if (repo) result.unknownImage = true;
    if (result.tag) result.tagClass = classifyTag(result.tag);
  }
  return result;
}

const SHA_REVISION = /^(?:(.+?)@)?sha1:([0-9a-f]{40})$/;
const LEGACY_REVISION = /^(.+)\/([0-9a-f]{40})$/;

/** The commit in a Flux revision: `main@sha1:<sha>` (Flux 2), `main/<sha>` (older), a bare SHA. */
export function commitOf(revision: string | undefined): string | undefined {
  if (!revision) return undefined;
  return (
    SHA_REVISION.exec(revision)?.[2] ??
    LEGACY_REVISION.exec(revision)?.[2] ??
    (/^[0-9a-f]{40}$/.test(revision) ? revision : undefined)
  );
}

/** `https://host/org/repo` from an https, ssh or scp-style Git URL. */
function repositoryWebUrl(
  url: string,
): { host: string; url: string } | undefined {
  const scp = /^[\w.-]+@([\w.-]+):(.+?)(?:\.git)?\/?$/.exec(url);
  if (scp) return { host: scp[1], url: `https://${scp[1]}/${scp[2]}` };
  try {
    const u = new URL(url);
    if (!['https:', 'http:', 'ssh:'].includes(u.protocol)) return undefined;
    const path = u.pathname.replace(/\.git\/?$/, '').replace(/\/$/, '');
    // An ssh URL's port is the SSH daemon's, not the web server's.
    const origin =
      u.protocol === 'ssh:'
        ? `https://${u.hostname}`
        : `${u.protocol}//${u.host}`;
    return { host: u.hostname, url: `${origin}${path}` };
  } catch {
    return undefined;
  }
}

const PUBLIC_HOSTS: Record<string, string> = {
  'github.com': 'github',
  'gitlab.com': 'gitlab',
  'bitbucket.org': 'bitbucketCloud',
};

/**
 * A link to a commit on the Git host, by the host's type as the portal's integrations know it
 * (so GitHub Enterprise and self-hosted GitLab hosts work when they are configured).
 */
export function commitUrl(
  sourceUrl: string | undefined,
  commit: string | undefined,
  integrations: ScmIntegrationRegistry,
): string | undefined {
  if (!sourceUrl || !commit) return undefined;
  const repo = repositoryWebUrl(sourceUrl);
  if (!repo) return undefined;
  const type =
    integrations.byHost(repo.host)?.type ?? PUBLIC_HOSTS[repo.host];
  switch (type) {
    case 'github':
    case 'gitea':
      return `${repo.url}/commit/${commit}`;
    case 'gitlab':
      return `${repo.url}/-/commit/${commit}`;
    case 'bitbucketCloud':
      return `${repo.url}/commits/${commit}`;
    case 'bitbucketServer':
    case 'bitbucket':
      return `${repo.url}/commits/${commit}`;
    case 'azure':
      return `${repo.url}/commit/${commit}`;
    default:
      return undefined;
  }
}

const objectKey = (o: { kind: string; namespace: string; name: string }) =>
  `${o.kind}/${o.namespace}/${o.name}`;

/**
 * Adds commit links to the objects of one cluster: a GitRepository's revisions link into its own
 * URL; a Kustomization's or ImageUpdateAutomation's into their GitRepository source's, when that
 * source is among `items`.
 */
export function withCommitUrls(
  items: FluxObjectSummary[],
  integrations: ScmIntegrationRegistry,
): FluxObjectSummary[] {
  const byKey = new Map(items.map(o => [objectKey(o), o]));
  return items.map(item => {
    let gitUrl: string | undefined;
    if (item.kind === 'GitRepository') {
      gitUrl = item.url;
    } else if (
      (item.kind === 'Kustomization' ||
        item.kind === 'ImageUpdateAutomation') &&
      item.sourceRef &&
      (item.sourceRef.kind ?? 'GitRepository') === 'GitRepository'
    ) {
      gitUrl = byKey.get(
        objectKey({
          kind: 'GitRepository',
          namespace: item.sourceRef.namespace ?? item.namespace,
          name: item.sourceRef.name,
        }),
      )?.url;
    }
    if (!gitUrl) return item;
    const applied = commitUrl(
      gitUrl,
      commitOf(item.lastAppliedRevision),
      integrations,
    );
    const attempted = commitUrl(
      gitUrl,
      commitOf(item.lastAttemptedRevision),
      integrations,
    );
    return {
      ...item,
      ...(applied && { lastAppliedCommitUrl: applied }),
      ...(attempted && { lastAttemptedCommitUrl: attempted }),
    };
  });
}

/** Builds the Deployments view's rows for one cluster. */
export function deploymentRows(options: {
  cluster: FluxCluster;
  workloads: KubeObject[];
  pods: KubeObject[];
  objects: FluxObjectSummary[];
  repositories: RepositoryImages[] | undefined;
  integrations: ScmIntegrationRegistry;
}): DeploymentRow[] {
  const byKey = new Map(options.objects.map(o => [objectKey(o), o]));
  return options.workloads.flatMap(workload => {
    const kind = workload.kind as WorkloadKind;
    const name = workload.metadata?.name;
    const namespace = workload.metadata?.namespace ?? 'default';
    if (!name || !['Deployment', 'StatefulSet', 'DaemonSet'].includes(kind))
      return [];
    const digests = runningDigests(workload, options.pods);
    const containers = (
      (workload.spec?.template?.spec?.containers ?? []) as any[]
    )
      .filter(c => typeof c?.name === 'string' && typeof c?.image === 'string')
      .map(c =>
        describeContainer(c, digests.get(c.name), options.repositories),
      );
    const applier = applierOf(workload);
    let appliedBy: AppliedBy | undefined;
    const summary = applier && byKey.get(objectKey(applier));
    if (applier && summary) {
      const source =
        summary.sourceRef &&
        byKey.get(
          objectKey({
            kind: summary.sourceRef.kind ?? 'GitRepository',
            namespace: summary.sourceRef.namespace ?? summary.namespace,
            name: summary.sourceRef.name,
          }),
        );
      const revision = summary.lastAppliedRevision;
      const commit = commitOf(revision);
      const url = commitUrl(source?.url, commit, options.integrations);
      appliedBy = {
        kind: applier.kind,
        namespace: applier.namespace,
        name: applier.name,
        status: summary.status,
        ...(revision && { revision }),
        ...(commit && { commit }),
        ...(url && { commitUrl: url }),
        ...(source?.url && { sourceUrl: source.url }),
      };
    }
    const changed = changedAt(workload);
    return [
      {
        cluster: options.cluster,
        namespace,
        workload: { kind, name },
        containers,
        health: workloadHealth(workload),
        ...(appliedBy && { appliedBy }),
        ...(changed && { changedAt: changed }),
      },
    ];
  });
}
