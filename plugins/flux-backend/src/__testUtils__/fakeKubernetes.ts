import http from 'http';
import { AddressInfo } from 'net';

/**
 * A simulated Kubernetes API server for tests, the benchmark and the embedded portal: several
 * clusters behind one HTTP listener at `/clusters/<name>/...`, answering the way kube-apiserver
 * does for what the Flux backend and the upstream Kubernetes plugin ask — API discovery
 * (`/apis`), lists with label selectors, gets, JSON merge patches, `Status` error bodies — and a
 * Flux controller that handles `reconcile.fluxcd.io/requestedAt`. Faults per cluster: hang,
 * 403, 401, 500, latency.
 */

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  spec?: Record<string, any>;
  status?: Record<string, any>;
  [key: string]: unknown;
}

export type ClusterFault =
  /** Accept the connection, never answer. */
  | 'hang'
  /** 403 Forbidden for every request, as RBAC answers a service account without rights. */
  | 'forbidden'
  /** 401 for every request: the credential is not accepted. */
  | 'unauthorized'
  /** 500 for every request. */
  | 'error';

export interface FakeClusterOptions {
  name: string;
  objects?: KubeObject[];
  /**
   * The versions served per API group; groups left out serve every version their objects use.
   * A cluster running an old Flux serves e.g. `{ 'kustomize.toolkit.fluxcd.io': ['v1beta2'] }`.
   */
  served?: Record<string, string[]>;
  fault?: ClusterFault;
  /** Forbidden only for these plurals (e.g. an RBAC role without image automation). */
  forbiddenPlurals?: string[];
  /** Added to every response. */
  latencyMs?: number;
  /** The bearer token the cluster accepts; any when unset. */
  token?: string;
  /**
   * How the simulated Flux controllers handle a reconcile request: after `delayMs`, or never
   * (`'stuck'`). @defaultValue `{ delayMs: 50 }`
   */
  controller?: { delayMs: number } | 'stuck';
}

interface Cluster extends FakeClusterOptions {
  objects: KubeObject[];
}

/** Plural → kind for everything the fake serves. */
const KINDS: Record<string, { kind: string; group: string }> = {
  kustomizations: {
    kind: 'Kustomization',
    group: 'kustomize.toolkit.fluxcd.io',
  },
  helmreleases: { kind: 'HelmRelease', group: 'helm.toolkit.fluxcd.io' },
  gitrepositories: {
    kind: 'GitRepository',
    group: 'source.toolkit.fluxcd.io',
  },
  ocirepositories: {
    kind: 'OCIRepository',
    group: 'source.toolkit.fluxcd.io',
  },
  helmrepositories: {
    kind: 'HelmRepository',
    group: 'source.toolkit.fluxcd.io',
  },
  helmcharts: { kind: 'HelmChart', group: 'source.toolkit.fluxcd.io' },
  buckets: { kind: 'Bucket', group: 'source.toolkit.fluxcd.io' },
  imagerepositories: {
    kind: 'ImageRepository',
    group: 'image.toolkit.fluxcd.io',
  },
  imagepolicies: { kind: 'ImagePolicy', group: 'image.toolkit.fluxcd.io' },
  imageupdateautomations: {
    kind: 'ImageUpdateAutomation',
    group: 'image.toolkit.fluxcd.io',
  },
  deployments: { kind: 'Deployment', group: 'apps' },
  statefulsets: { kind: 'StatefulSet', group: 'apps' },
  daemonsets: { kind: 'DaemonSet', group: 'apps' },
  replicasets: { kind: 'ReplicaSet', group: 'apps' },
  pods: { kind: 'Pod', group: '' },
  services: { kind: 'Service', group: '' },
  configmaps: { kind: 'ConfigMap', group: '' },
  namespaces: { kind: 'Namespace', group: '' },
};

const groupOf = (apiVersion: string) =>
  apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
const versionOf = (apiVersion: string) =>
  apiVersion.includes('/') ? apiVersion.split('/')[1] : apiVersion;

type Requirement = (labels: Record<string, string>) => boolean;

/** Kubernetes label selector syntax: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`. */
export function parseLabelSelector(selector: string): Requirement[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts
    .map(p => p.trim())
    .filter(Boolean)
    .map(part => {
      let m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
      if (m) {
        const [, key, op, list] = m;
        const values = list.split(',').map(v => v.trim());
        return op === 'in'
          ? (l: Record<string, string>) => values.includes(l[key])
          : (l: Record<string, string>) => !values.includes(l[key]);
      }
      m = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(part);
      if (m) {
        const [, key, op, value] = m;
        return op === '!='
          ? (l: Record<string, string>) => l[key] !== value
          : (l: Record<string, string>) => l[key] === value;
      }
      m = /^(!?)([\w./-]+)$/.exec(part);
      if (m) {
        const [, not, key] = m;
        return not
          ? (l: Record<string, string>) => !(key in l)
          : (l: Record<string, string>) => key in l;
      }
      throw new Error(`unable to parse requirement: ${part}`);
    });
}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: any, patch: any): any {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    return patch;
  }
  const result =
    typeof target === 'object' && target !== null && !Array.isArray(target)
      ? { ...target }
      : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

function status(code: number, reason: string, message: string, details = {}) {
  return {
    code,
    body: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      details,
      code,
    },
  };
}

/** The versions current Flux (2.7) serves per group. */
const CURRENT_FLUX: Record<string, string[]> = {
  'kustomize.toolkit.fluxcd.io': ['v1', 'v1beta2'],
  'helm.toolkit.fluxcd.io': ['v2', 'v2beta2'],
  'source.toolkit.fluxcd.io': ['v1', 'v1beta2'],
  'image.toolkit.fluxcd.io': ['v1', 'v1beta2'],
};

export interface RecordedRequest {
  cluster: string;
  method: string;
  path: string;
  query: string;
  authorization?: string;
}

export class FakeKubernetes {
  private readonly clusters = new Map<string, Cluster>();
  private server?: http.Server;
  private readonly hanging = new Set<http.ServerResponse>();
  private readonly timers = new Set<NodeJS.Timeout>();
  readonly requests: RecordedRequest[] = [];
  /** Record requests (off for the benchmark). */
  record = true;
  baseUrl = '';

  constructor(clusters: FakeClusterOptions[] = []) {
    for (const c of clusters) this.setCluster(c);
  }

  setCluster(options: FakeClusterOptions) {
    this.clusters.set(options.name, {
      ...options,
      objects: structuredClone(options.objects ?? []),
    });
  }

  cluster(name: string): Cluster {
    const c = this.clusters.get(name);
    if (!c) throw new Error(`no fake cluster ${name}`);
    return c;
  }

  /** The URL of a cluster's API server. */
  url(name: string) {
    return `${this.baseUrl}/clusters/${name}`;
  }

  /** The object stored on a cluster, as the controller sees it. */
  get(cluster: string, kind: string, namespace: string, name: string) {
    return this.cluster(cluster).objects.find(
      o =>
        o.kind === kind &&
        o.metadata.name === name &&
        (o.metadata.namespace ?? '') === namespace,
    );
  }

  async start(port = 0): Promise<string> {
    this.server = http.createServer((req, res) => this.serve(req, res));
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>(resolve =>
      this.server!.listen(port, '127.0.0.1', resolve),
    );
    const address = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${address.port}`;
    return this.baseUrl;
  }

  async stop() {
    for (const t of this.timers) clearTimeout(t);
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    if (this.server) {
      this.server.closeAllConnections();
      await new Promise<void>(resolve => this.server!.close(() => resolve()));
      this.server = undefined;
    }
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse) {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', chunk => {
      body += chunk;
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const m = /^\/clusters\/([^/]+)(\/.*)?$/.exec(url.pathname);
      const clusterName = m?.[1] ?? '';
      const path = m?.[2] ?? '/';
      if (this.record) {
        this.requests.push({
          cluster: clusterName,
          method: req.method ?? 'GET',
          path,
          query: url.search,
          authorization: req.headers.authorization,
        });
      }
      const cluster = this.clusters.get(clusterName);
      if (cluster?.fault === 'hang') {
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        return;
      }
      const result = cluster
        ? this.handle(
            cluster,
            req.method ?? 'GET',
            path,
            url.searchParams,
            req.headers,
            body,
          )
        : status(404, 'NotFound', `no cluster ${clusterName}`);
      const send = () => {
        const payload = JSON.stringify(result.body);
        res.writeHead(result.code, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        });
        res.end(payload);
      };
      if (cluster?.latencyMs) {
        const t = setTimeout(() => {
          this.timers.delete(t);
          send();
        }, cluster.latencyMs);
        this.timers.add(t);
      } else {
        send();
      }
    });
  }

  /** One request against one cluster; exported for unit tests of the fake itself. */
  handle(
    cluster: Cluster,
    method: string,
    path: string,
    query: URLSearchParams,
    headers: http.IncomingHttpHeaders,
    body: string,
  ): { code: number; body: unknown } {
    if (
      cluster.token &&
      headers.authorization !== `Bearer ${cluster.token}` &&
      cluster.fault !== 'unauthorized'
    ) {
      return status(401, 'Unauthorized', 'Unauthorized');
    }
    switch (cluster.fault) {
      case 'unauthorized':
        return status(401, 'Unauthorized', 'Unauthorized');
      case 'forbidden':
        return status(
          403,
          'Forbidden',
          `forbidden: User "system:serviceaccount:backstage:portal" cannot ${method.toLowerCase()} path "${path}"`,
        );
      case 'error':
        return status(500, 'InternalError', 'etcdserver: request timed out');
      default:
    }

    if (path === '/apis' || path === '/apis/') {
      return { code: 200, body: this.discovery(cluster) };
    }
    if (path === '/api' || path === '/api/') {
      return {
        code: 200,
        body: {
          kind: 'APIVersions',
          versions: ['v1'],
          serverAddressByClientCIDRs: [],
        },
      };
    }
    if (path === '/version') {
      return {
        code: 200,
        body: { major: '1', minor: '31', gitVersion: 'v1.31.4-fake' },
      };
    }

    const m =
      /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(
        path,
      );
    if (!m)
      return status(
        404,
        'NotFound',
        'the server could not find the requested resource',
      );
    const [, coreVersion, group = '', groupVersion, namespace, plural, name] =
      m;
    const version = coreVersion ?? groupVersion;
    const info = KINDS[plural];
    if (!info && !name && method === 'GET' && !group.endsWith('.fluxcd.io')) {
      // Kinds this fake does not model (jobs, ingresses, autoscalers…): a cluster with none.
      const apiVersion = group ? `${group}/${version}` : version;
      return {
        code: 200,
        body: { apiVersion, kind: 'List', metadata: {}, items: [] },
      };
    }
    if (
      !info ||
      info.group !== group ||
      !this.serves(cluster, group, version)
    ) {
      return status(
        404,
        'NotFound',
        'the server could not find the requested resource',
      );
    }
    if (cluster.forbiddenPlurals?.includes(plural)) {
      return status(
        403,
        'Forbidden',
        `${plural}.${group} is forbidden: User "system:serviceaccount:backstage:portal" cannot list resource "${plural}" in API group "${group}" at the cluster scope`,
        { group, kind: plural },
      );
    }
    const apiVersion = group ? `${group}/${version}` : version;
    const matching = (o: KubeObject) =>
      o.kind === info.kind &&
      groupOf(o.apiVersion) === group &&
      (namespace === undefined || o.metadata.namespace === namespace);
    const served = (o: KubeObject) => ({ ...o, apiVersion });

    if (!name) {
      if (method !== 'GET')
        return status(405, 'MethodNotAllowed', 'method not allowed');
      let requirements: Requirement[] = [];
      try {
        requirements = parseLabelSelector(query.get('labelSelector') ?? '');
      } catch (e) {
        return status(400, 'BadRequest', String((e as Error).message));
      }
      const items = cluster.objects
        .filter(matching)
        .filter(o => requirements.every(r => r(o.metadata.labels ?? {})))
        .map(served);
      return {
        code: 200,
        body: {
          apiVersion,
          kind: `${info.kind}List`,
          metadata: { resourceVersion: String(cluster.objects.length) },
          items,
        },
      };
    }

    const index = cluster.objects.findIndex(
      o => matching(o) && o.metadata.name === name,
    );
    if (index < 0) {
      return status(
        404,
        'NotFound',
        `${plural}.${group || 'core'} "${name}" not found`,
        { name, group, kind: plural },
      );
    }
    if (method === 'GET')
      return { code: 200, body: served(cluster.objects[index]) };
    if (method === 'PATCH') {
      if (headers['content-type'] !== 'application/merge-patch+json') {
        return status(
          415,
          'UnsupportedMediaType',
          `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
        );
      }
      let patch: any;
      try {
        patch = JSON.parse(body);
      } catch {
        return status(400, 'BadRequest', 'error decoding patch');
      }
      const before = cluster.objects[index];
      const after: KubeObject = mergePatch(before, patch);
      if (JSON.stringify(before.spec) !== JSON.stringify(after.spec)) {
        after.metadata = {
          ...after.metadata,
          generation: (before.metadata.generation ?? 1) + 1,
        };
      }
      cluster.objects[index] = after;
      this.simulateController(cluster, after);
      return { code: 200, body: served(after) };
    }
    return status(405, 'MethodNotAllowed', 'method not allowed');
  }

  private serves(cluster: Cluster, group: string, version: string) {
    const configured = cluster.served?.[group];
    if (configured) return configured.includes(version);
    if (group === '' || group === 'apps') return version === 'v1';
    if (group.endsWith('.fluxcd.io')) {
      // Unconfigured Flux groups: the versions current Flux serves, plus any the objects use.
      return (
        CURRENT_FLUX[group]?.includes(version) ||
        cluster.objects.some(o => o.apiVersion === `${group}/${version}`)
      );
    }
    return false;
  }

  private discovery(cluster: Cluster) {
    const groups = new Map<string, Set<string>>();
    groups.set('apps', new Set(['v1']));
    const add = (group: string, versions: string[]) => {
      const set = groups.get(group) ?? new Set<string>();
      versions.forEach(v => set.add(v));
      groups.set(group, set);
    };
    for (const [group, versions] of Object.entries(CURRENT_FLUX)) {
      if (!cluster.served?.[group]) add(group, versions);
    }
    for (const o of cluster.objects) {
      const group = groupOf(o.apiVersion);
      if (group && !cluster.served?.[group])
        add(group, [versionOf(o.apiVersion)]);
    }
    for (const [group, versions] of Object.entries(cluster.served ?? {})) {
      if (versions.length) add(group, versions);
    }
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [...groups].map(([name, versions]) => {
        const list = [...versions].map(version => ({
          groupVersion: `${name}/${version}`,
          version,
        }));
        return { name, versions: list, preferredVersion: list[0] };
      }),
    };
  }

  /** Flux's side of a reconcile request: record it handled, as the controllers do. */
  private simulateController(cluster: Cluster, object: KubeObject) {
    const requestedAt =
      object.metadata.annotations?.['reconcile.fluxcd.io/requestedAt'];
    if (
      !requestedAt ||
      object.status?.lastHandledReconcileAt === requestedAt ||
      object.spec?.suspend === true ||
      cluster.controller === 'stuck'
    ) {
      return;
    }
    const delayMs = cluster.controller?.delayMs ?? 50;
    const t = setTimeout(() => {
      this.timers.delete(t);
      const current = this.get(
        cluster.name,
        object.kind,
        object.metadata.namespace ?? '',
        object.metadata.name,
      );
      if (current) {
        current.status = {
          ...current.status,
          lastHandledReconcileAt: requestedAt,
          observedGeneration: current.metadata.generation,
        };
      }
    }, delayMs);
    this.timers.add(t);
  }
}
