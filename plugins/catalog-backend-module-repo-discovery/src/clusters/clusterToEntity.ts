import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  CompoundEntityRef,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATION_CLUSTER_SOURCE,
  ANNOTATION_ENVIRONMENT,
  ANNOTATION_FLUX_KUSTOMIZATIONS,
} from '../annotations';
import {
  ANNOTATION_K8S_API_SERVER,
  ANNOTATION_K8S_API_SERVER_CA,
  ANNOTATION_K8S_AUTH_PROVIDER,
  ANNOTATION_K8S_AWS_ASSUME_ROLE,
  ANNOTATION_K8S_AWS_CLUSTER_ID,
  ANNOTATION_K8S_AWS_EXTERNAL_ID,
  ANNOTATION_K8S_DASHBOARD_APP,
  ANNOTATION_K8S_DASHBOARD_URL,
  ANNOTATION_K8S_OIDC_TOKEN_PROVIDER,
  ANNOTATION_K8S_SKIP_METRICS_LOOKUP,
  ANNOTATION_K8S_SKIP_TLS_VERIFY,
} from './kubernetesAnnotations';
import { clusterEntityName, normalizeEnvironment } from './names';
import { ClusterSourceKind, DiscoveredCluster } from './types';

/** Set to `'true'` on a cluster whose API server no source knows (GitOps only). */
export const ANNOTATION_CLUSTER_API_SERVER_UNKNOWN =
  'platform-portal.io/api-server-unknown';

/** The `spec.type` the Kubernetes plugin's catalog cluster locator looks for. */
export const KUBERNETES_CLUSTER_RESOURCE_TYPE = 'kubernetes-cluster';

/** How {@link clusterToEntity} writes an entity. */
export interface ClusterEntityOptions {
  /** `spec.owner`, e.g. `group:default/cloud-infrastructure`. */
  defaultOwner: string;
  /**
   * The entity's `backstage.io/managed-by-location` (and origin), as a location ref
   * (`type:target`); a bare key becomes `platform-clusters:<key>`.
   * @defaultValue `platform-clusters:<entity name>`
   */
  locationKey?: string;
  /**
   * Entity refs of the components that run a workload (an `apps/<name>` a GitOps repository
   * deploys on the cluster); they become `spec.dependencyOf`.
   */
  componentRefsByWorkload?: (workload: string) => string[];
}

const SOURCE_WORDS: Record<ClusterSourceKind, string> = {
  config: 'config',
  eks: 'eks',
  gitops: 'gitops',
};

function humanList(items: string[]) {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function httpUrl(value: string | undefined) {
  if (!value) return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:'
      ? value.trim()
      : undefined;
  } catch {
    return undefined;
  }
}

function entityRef(ref: string, defaultKind: string): string | undefined {
  try {
    const parsed: CompoundEntityRef = parseEntityRef(ref, {
      defaultKind,
      defaultNamespace: 'default',
    });
    return stringifyEntityRef(parsed);
  } catch {
    return undefined;
  }
}

function isAws(cluster: DiscoveredCluster) {
  return (
    cluster.sources.includes('eks') ||
    cluster.authProvider === 'aws' ||
    Boolean(cluster.aws?.eksName || cluster.aws?.arn)
  );
}

function describeCluster(
  cluster: DiscoveredCluster,
  dependencyRepos: string[],
) {
  const aws = isAws(cluster);
  const id = cluster.aws?.eksName ?? cluster.name;
  let text = `${aws ? 'EKS' : 'Kubernetes'} cluster ${id}`;
  if (cluster.aws?.region) text += ` in ${cluster.aws.region}`;
  if (cluster.aws?.accountId) text += ` (account ${cluster.aws.accountId})`;
  if (cluster.kubernetesVersion)
    text += `, Kubernetes ${cluster.kubernetesVersion}`;
  text += `, discovered from ${humanList(
    cluster.sources.map(s => SOURCE_WORDS[s] ?? s),
  )}.`;
  if (dependencyRepos.length) {
    text += ` Deployed by GitOps from ${humanList(dependencyRepos)}.`;
  }
  if (!cluster.apiServer) {
    text +=
      ' Its API server is unknown (no kubernetes config or EKS entry names it), so the Kubernetes' +
      ' plugin cannot reach it.';
  }
  return text;
}

function titleOf(cluster: DiscoveredCluster) {
  if (cluster.title) return cluster.title;
  const eksName = cluster.aws?.eksName;
  return eksName && eksName !== cluster.name
    ? `${cluster.name} (${eksName})`
    : cluster.name;
}

function lifecycleOf(environment: string | undefined) {
  // A cluster whose environment nobody states is treated as one that matters.
  return environment === undefined || environment === 'prod'
    ? 'production'
    : 'experimental';
}

/**
 * The catalog entity of a cluster: a `Resource` of type `kubernetes-cluster` with the
 * annotations the Kubernetes plugin's catalog cluster locator reads (only those with values),
 * the discovery's own annotations, links to the dashboard and the EKS console, and
 * `spec.dependencyOf` towards the GitOps repositories and the components deployed there.
 * A cluster without a known API server is still emitted, without `kubernetes.io/api-server`
 * and with {@link ANNOTATION_CLUSTER_API_SERVER_UNKNOWN}.
 */
export function clusterToEntity(
  cluster: DiscoveredCluster,
  options: ClusterEntityOptions,
): Entity {
  const name = clusterEntityName(cluster.name);
  const environment = normalizeEnvironment(cluster.environment);
  const aws = isAws(cluster);
  const eksName =
    cluster.aws?.eksName ??
    (cluster.authProvider === 'aws' ? cluster.name : undefined);
  const region = cluster.aws?.region;

  const locationKey = options.locationKey ?? name;
  const location = /^[a-z0-9+.-]+:/i.test(locationKey)
    ? locationKey
    : `platform-clusters:${locationKey}`;

  const gitops = cluster.gitops ?? [];
  const fluxKustomizations = [
    ...new Set(gitops.flatMap(g => g.fluxKustomizations)),
  ].sort();
  const annotations: Record<string, string | undefined> = {
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
    [ANNOTATION_K8S_API_SERVER]: cluster.apiServer,
    [ANNOTATION_K8S_API_SERVER_CA]: cluster.apiServer
      ? cluster.caData
      : undefined,
    [ANNOTATION_K8S_AUTH_PROVIDER]: cluster.authProvider,
    [ANNOTATION_K8S_OIDC_TOKEN_PROVIDER]:
      cluster.authProvider === 'oidc' ? cluster.oidcTokenProvider : undefined,
    [ANNOTATION_K8S_AWS_CLUSTER_ID]:
      cluster.authProvider === 'aws' ? eksName : undefined,
    [ANNOTATION_K8S_AWS_ASSUME_ROLE]:
      cluster.authProvider === 'aws' ? cluster.aws?.assumeRole : undefined,
    [ANNOTATION_K8S_AWS_EXTERNAL_ID]:
      cluster.authProvider === 'aws' && cluster.aws?.assumeRole
        ? cluster.aws?.externalId
        : undefined,
    [ANNOTATION_K8S_SKIP_METRICS_LOOKUP]: cluster.skipMetricsLookup
      ? 'true'
      : undefined,
    [ANNOTATION_K8S_SKIP_TLS_VERIFY]: cluster.skipTLSVerify
      ? 'true'
      : undefined,
    [ANNOTATION_K8S_DASHBOARD_URL]: httpUrl(cluster.dashboardUrl),
    [ANNOTATION_K8S_DASHBOARD_APP]: cluster.dashboardApp,
    [ANNOTATION_ENVIRONMENT]: environment,
    [ANNOTATION_CLUSTER_SOURCE]: cluster.sources.join(','),
    [ANNOTATION_FLUX_KUSTOMIZATIONS]: fluxKustomizations.length
      ? fluxKustomizations.join(',')
      : undefined,
    [ANNOTATION_CLUSTER_API_SERVER_UNKNOWN]: cluster.apiServer
      ? undefined
      : 'true',
  };

  const labels: Record<string, string> = {};
  if (environment) labels.environment = environment;
  if (aws) labels.provider = 'aws';
  if (region) labels.region = region;

  const tags = [
    'kubernetes',
    ...(aws ? ['eks'] : []),
    ...(fluxKustomizations.length ? ['flux'] : []),
    ...(environment ? [environment] : []),
  ];

  const links: Array<{ url: string; title: string; icon: string }> = [];
  const dashboardUrl = httpUrl(cluster.dashboardUrl);
  if (dashboardUrl) {
    links.push({
      url: dashboardUrl,
      title: 'Kubernetes dashboard',
      icon: 'dashboard',
    });
  }
  if (aws && region && eksName && !region.startsWith('cn-')) {
    links.push({
      url: `https://${region}.console.aws.amazon.com/eks/home?region=${region}#/clusters/${encodeURIComponent(
        eksName,
      )}`,
      title: 'EKS console',
      icon: 'dashboard',
    });
  }

  const repoRefs = [
    ...new Set(
      gitops
        .map(g => entityRef(g.repoEntityRef, 'component'))
        .filter((r): r is string => Boolean(r)),
    ),
  ].sort();
  const workloadRefs = options.componentRefsByWorkload
    ? gitops
        .flatMap(g => g.workloads)
        .flatMap(w => options.componentRefsByWorkload!(w))
        .map(r => entityRef(r, 'component'))
        .filter((r): r is string => Boolean(r))
    : [];
  const dependencyOf = [...new Set([...repoRefs, ...workloadRefs])].sort();

  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      title: titleOf(cluster),
      description: describeCluster(cluster, repoRefs),
      annotations: Object.fromEntries(
        Object.entries(annotations).filter((e): e is [string, string] =>
          Boolean(e[1]),
        ),
      ),
      ...(Object.keys(labels).length ? { labels } : {}),
      tags: [...new Set(tags)],
      ...(links.length ? { links } : {}),
    },
    spec: {
      type: KUBERNETES_CLUSTER_RESOURCE_TYPE,
      owner: options.defaultOwner,
      lifecycle: lifecycleOf(environment),
      ...(dependencyOf.length ? { dependencyOf } : {}),
    },
  };
}
