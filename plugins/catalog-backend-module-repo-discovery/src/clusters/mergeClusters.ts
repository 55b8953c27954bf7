import { clusterEntityName } from './names';
import {
  ClusterSourceKind,
  DiscoveredCluster,
  DiscoveredClusterAws,
  DiscoveredClusterGitops,
} from './types';

/** Precedence of sources, first wins: config is what the Kubernetes plugin actually uses. */
export const CLUSTER_SOURCE_PRECEDENCE: readonly ClusterSourceKind[] = [
  'config',
  'eks',
  'gitops',
];

function rank(cluster: DiscoveredCluster) {
  const ranks = cluster.sources.map(s => CLUSTER_SOURCE_PRECEDENCE.indexOf(s));
  const known = ranks.filter(r => r >= 0);
  return known.length ? Math.min(...known) : CLUSTER_SOURCE_PRECEDENCE.length;
}

function sameServer(a: string, b: string) {
  const norm = (url: string) => {
    try {
      const u = new URL(url);
      return `${u.protocol}//${u.host}${u.pathname.replace(
        /\/+$/,
        '',
      )}`.toLocaleLowerCase('en-US');
    } catch {
      return url.trim().replace(/\/+$/, '').toLocaleLowerCase('en-US');
    }
  };
  return norm(a) === norm(b);
}

function first<T>(
  items: DiscoveredCluster[],
  pick: (c: DiscoveredCluster) => T | undefined,
) {
  for (const item of items) {
    const value = pick(item);
    if (value !== undefined) return value;
  }
  return undefined;
}

function sortedUnion(...lists: Array<readonly string[] | undefined>) {
  return [...new Set(lists.flatMap(l => l ?? []))].sort();
}

function mergeGitops(
  items: DiscoveredCluster[],
): DiscoveredClusterGitops[] | undefined {
  const byKey = new Map<string, DiscoveredClusterGitops>();
  for (const item of items) {
    for (const g of item.gitops ?? []) {
      const key = `${g.repoEntityRef}\u0000${g.path}`;
      const known = byKey.get(key);
      byKey.set(key, {
        repoEntityRef: g.repoEntityRef,
        path: g.path,
        fluxKustomizations: sortedUnion(
          known?.fluxKustomizations,
          g.fluxKustomizations,
        ),
        workloads: sortedUnion(known?.workloads, g.workloads),
      });
    }
  }
  if (byKey.size === 0) return undefined;
  return [...byKey.values()].sort(
    (a, b) =>
      a.repoEntityRef.localeCompare(b.repoEntityRef) ||
      a.path.localeCompare(b.path),
  );
}

/** Merges what several sources say of one cluster; `items` are in precedence order. */
function mergeOne(items: DiscoveredCluster[]): DiscoveredCluster {
  // The connection (server, CA, auth) is taken as a whole from the first source that knows the
  // API server, so a CA or a role of another source is never mixed with it. Only a CA for the very
  // same server is borrowed (config clusters often use caFile, which an entity cannot carry).
  const owner = items.find(c => c.apiServer);
  const fromOwner = <T>(pick: (c: DiscoveredCluster) => T | undefined) =>
    owner ? pick(owner) : first(items, pick);
  const caData =
    owner?.caData ??
    (owner
      ? first(items, c =>
          c.apiServer && c.caData && sameServer(c.apiServer, owner.apiServer!)
            ? c.caData
            : undefined,
        )
      : first(items, c => c.caData));

  const aws: DiscoveredClusterAws = {
    accountId: first(items, c => c.aws?.accountId),
    region: first(items, c => c.aws?.region),
    eksName: first(items, c => c.aws?.eksName),
    arn: first(items, c => c.aws?.arn),
    assumeRole: fromOwner(c => c.aws?.assumeRole),
    externalId: fromOwner(c => c.aws?.externalId),
  };
  const tags = Object.assign(
    {},
    ...[...items].reverse().map(c => c.tags ?? {}),
  ) as Record<string, string>;

  const merged: DiscoveredCluster = {
    name: items[0].name,
    sources: CLUSTER_SOURCE_PRECEDENCE.filter(s =>
      items.some(c => c.sources.includes(s)),
    ),
    title: first(items, c => c.title),
    apiServer: owner?.apiServer,
    caData,
    authProvider: fromOwner(c => c.authProvider),
    oidcTokenProvider: fromOwner(c => c.oidcTokenProvider),
    skipTLSVerify: fromOwner(c => c.skipTLSVerify),
    skipMetricsLookup: first(items, c => c.skipMetricsLookup),
    dashboardUrl: first(items, c => c.dashboardUrl),
    dashboardApp: first(items, c => c.dashboardApp),
    environment: first(items, c => c.environment),
    kubernetesVersion: first(items, c => c.kubernetesVersion),
    aws: Object.values(aws).some(v => v !== undefined) ? aws : undefined,
    gitops: mergeGitops(items),
    tags: Object.keys(tags).length ? tags : undefined,
  };
  for (const key of Object.keys(merged) as Array<keyof DiscoveredCluster>) {
    if (merged[key] === undefined) delete merged[key];
  }
  if (merged.aws) {
    for (const key of Object.keys(merged.aws) as Array<
      keyof DiscoveredClusterAws
    >) {
      if (merged.aws[key] === undefined) delete merged.aws[key];
    }
  }
  return merged;
}

/**
 * One cluster per catalog name ({@link clusterEntityName}: lower-case, catalog-valid), from the
 * lists of several sources. Connection details follow config, then EKS, then GitOps; the other
 * facts (environment, dashboard, AWS ids) come from the first source that has them; sources and
 * GitOps repositories are unioned. The result is sorted by catalog name; the order of the lists
 * only matters between clusters of the same source kind (the earlier list wins).
 */
export function mergeClusters(
  lists: DiscoveredCluster[][],
): DiscoveredCluster[] {
  const groups = new Map<
    string,
    Array<{ cluster: DiscoveredCluster; order: number }>
  >();
  let order = 0;
  for (const list of lists) {
    for (const cluster of list) {
      const key = clusterEntityName(cluster.name);
      const group = groups.get(key) ?? [];
      group.push({ cluster, order: order++ });
      groups.set(key, group);
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => Number(a > b) - Number(a < b))
    .map(([, group]) =>
      mergeOne(
        group
          .sort(
            (a, b) => rank(a.cluster) - rank(b.cluster) || a.order - b.order,
          )
          .map(g => g.cluster),
      ),
    );
}
