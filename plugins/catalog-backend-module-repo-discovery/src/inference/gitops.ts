import { minimatch } from 'minimatch';
import { InferredCluster } from '../types';
import { ANNOTATION_ENVIRONMENT } from '../annotations';
import {
  ENVIRONMENT_WORDS,
  environmentFromName,
  normalizeEnvironment,
} from './names';
import { FileReader } from './reader';
import { RepoTree, baseName, dirOf, joinPath, resolvePath } from './tree';

/** Directories whose children are applications (`apps/<name>`, `workloads/<name>`, ...). */
export const WORKLOAD_ROOTS = new Set(['apps', 'workloads', 'applications']);

/** Directory names that group overlays rather than name an application. */
const GROUPING_DIRS = new Set([
  'base',
  'bases',
  'overlays',
  'overlay',
  'environments',
  'envs',
  'env',
  'clusters',
  'cluster',
  'components',
  ...ENVIRONMENT_WORDS,
]);

/** The most YAML files read in one `clusters/<name>/` directory. */
const MAX_CLUSTER_FILES = 8;
/** How deep overlays (`resources: [../base/x]`) are followed. */
const MAX_OVERLAY_DEPTH = 4;
/** Files never worth reading: Flux's own CRDs and controllers (thousands of lines). */
const SKIPPED_FILES = new Set(['gotk-components.yaml']);
const KUSTOMIZATION_FILES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

const isYaml = (path: string) => /\.ya?ml$/.test(path);

/** A Kubernetes object as YAML gives it. */
type KubeObject = Record<string, any>;

function isFluxKustomization(o: KubeObject) {
  return (
    o.kind === 'Kustomization' &&
    typeof o.apiVersion === 'string' &&
    o.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')
  );
}

function isKustomizeConfig(o: KubeObject, path: string) {
  if (o.kind !== undefined && o.kind !== 'Kustomization') return false;
  if (typeof o.apiVersion === 'string') {
    return o.apiVersion.startsWith('kustomize.config.k8s.io/');
  }
  return KUSTOMIZATION_FILES.includes(baseName(path));
}

function isArgoApplication(o: KubeObject) {
  return (
    (o.kind === 'Application' || o.kind === 'ApplicationSet') &&
    typeof o.apiVersion === 'string' &&
    o.apiVersion.startsWith('argoproj.io/')
  );
}

/** `namespace/name` of a Flux Kustomization; Flux's namespace when none is given. */
function fluxRef(o: KubeObject): string | undefined {
  const name = o.metadata?.name;
  if (typeof name !== 'string') return undefined;
  const namespace =
    typeof o.metadata?.namespace === 'string'
      ? o.metadata.namespace
      : 'flux-system';
  return `${namespace}/${name}`;
}

/** An environment named by a `platform-portal.io/environment` or `environment` label/annotation. */
function environmentOf(o: KubeObject): string | undefined {
  for (const bag of [o.metadata?.labels, o.metadata?.annotations]) {
    if (!bag || typeof bag !== 'object') continue;
    const value = normalizeEnvironment(
      bag[ANNOTATION_ENVIRONMENT] ?? bag.environment,
    );
    if (value) return value;
  }
  return undefined;
}

/**
 * Paths an Argo CD Application or ApplicationSet deploys from (globs for git generators), and the
 * globs its git generators exclude.
 */
function argoPaths(o: KubeObject): { include: string[]; exclude: string[] } {
  const include: string[] = [];
  const exclude: string[] = [];
  const addSource = (spec: any) => {
    for (const source of [
      spec?.source,
      ...(Array.isArray(spec?.sources) ? spec.sources : []),
    ]) {
      if (typeof source?.path === 'string' && !source.path.includes('{{')) {
        include.push(source.path);
      }
    }
  };
  if (o.kind === 'Application') addSource(o.spec);
  if (o.kind === 'ApplicationSet') {
    addSource(o.spec?.template?.spec);
    const visit = (generators: unknown) => {
      if (!Array.isArray(generators)) return;
      for (const generator of generators) {
        for (const directory of generator?.git?.directories ?? []) {
          if (typeof directory?.path !== 'string') continue;
          (directory.exclude === true ? exclude : include).push(directory.path);
        }
        visit(generator?.matrix?.generators);
        visit(generator?.merge?.generators);
      }
    };
    visit(o.spec?.generators);
  }
  return { include, exclude };
}

/** A repository path or glob without `./` and trailing slashes. */
function normalizeGlob(glob: string): string {
  return glob.replace(/^\.?\/+/, '').replace(/\/+$/, '');
}

/** What the GitOps objects of some YAML files say. */
export interface GitopsObjects {
  /** Flux Kustomizations as `namespace/name`. */
  fluxKustomizations: string[];
  /** True when Flux objects (or Flux's bootstrap files) were found. */
  flux: boolean;
  /** True when Argo CD Applications or ApplicationSets were found. */
  argocd: boolean;
  /** Files the objects were found in. */
  files: string[];
}

/**
 * Reads up to `max` YAML files under `dir` looking for Flux Kustomizations and Argo CD
 * Applications, for repositories without a `clusters/` directory (e.g. an `appsets/` repo). The
 * files whose names suggest GitOps objects are read first.
 */
export async function findGitopsObjects(
  dir: string,
  tree: RepoTree,
  reader: FileReader,
  options: { exclude?: readonly string[]; max?: number } = {},
): Promise<GitopsObjects> {
  const files = tree
    .filesUnder(dir, [...(options.exclude ?? []), joinPath(dir, '.github')])
    .filter(isYaml);
  const result: GitopsObjects = {
    fluxKustomizations: [],
    flux: false,
    argocd: false,
    files: [],
  };
  if (files.some(f => /(^|\/)gotk-(sync|components)\.yaml$/.test(f))) {
    result.flux = true;
  }
  const likely =
    /appset|applicationset|application|argo|flux|kustomization|sync|gitops|bootstrap/i;
  const gitopsDir =
    /(^|\/)(flux|argocd|argo-cd|argo|appsets|applicationsets|applications|bootstrap|gitops)\//;
  const candidates = files
    .filter(f => !SKIPPED_FILES.has(baseName(f)))
    .filter(f => likely.test(baseName(f)) || gitopsDir.test(f))
    .sort(
      (a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b),
    )
    .slice(0, options.max ?? 3);
  for (const file of candidates) {
    for (const o of await reader.yamlObjects(file)) {
      if (isFluxKustomization(o)) {
        result.flux = true;
        const ref = fluxRef(o);
        if (ref) result.fluxKustomizations.push(ref);
        result.files.push(file);
      } else if (isArgoApplication(o)) {
        result.argocd = true;
        result.files.push(file);
      }
    }
  }
  result.files = [...new Set(result.files)];
  result.fluxKustomizations = [...new Set(result.fluxKustomizations)].sort();
  return result;
}

/** The clusters of a GitOps repository, and what tells them apart. */
export interface ClusterFindings {
  clusters: InferredCluster[];
  /** Union of the clusters' Flux Kustomizations, sorted. */
  fluxKustomizations: string[];
  flux: boolean;
  argocd: boolean;
}

/**
 * Follows where a cluster's Kustomizations and Applications point to the applications they
 * deploy: `./apps/prod` is an overlay whose `kustomization.yaml` lists `../base/podinfo`, so the
 * workload is `podinfo`; `./apps/podinfo/overlays/prod` is `podinfo` itself.
 */
class WorkloadResolver {
  private readonly visited = new Set<string>();
  readonly workloads = new Set<string>();

  constructor(
    private readonly tree: RepoTree,
    private readonly reader: FileReader,
    private readonly clusterName: string,
    /** The repository's clusters directory: kustomizations in it are followed too. */
    private readonly clustersDir: string,
  ) {}

  private isGrouping(segment: string) {
    return GROUPING_DIRS.has(segment) || segment === this.clusterName;
  }

  private kustomizationOf(dir: string) {
    return KUSTOMIZATION_FILES.map(f => joinPath(dir, f)).find(f =>
      this.tree.hasFile(f),
    );
  }

  /** Follows the directory resources of a kustomization; false when it lists none. */
  private async follow(file: string, depth: number): Promise<boolean> {
    const targets: string[] = [];
    for (const o of await this.reader.yamlObjects(file)) {
      for (const key of ['resources', 'bases', 'components']) {
        const list = o[key];
        if (!Array.isArray(list)) continue;
        for (const entry of list) {
          if (typeof entry !== 'string') continue;
          const target = resolvePath(dirOf(file), entry);
          if (target !== undefined && this.tree.hasDir(target))
            targets.push(target);
        }
      }
    }
    for (const target of targets) await this.visit(target, depth + 1);
    return targets.length > 0;
  }

  async visit(dir: string, depth = 0): Promise<void> {
    if (
      depth > MAX_OVERLAY_DEPTH ||
      this.visited.has(dir) ||
      !this.tree.hasDir(dir)
    )
      return;
    this.visited.add(dir);
    const [root, ...rest] = dir.split('/');
    if (!WORKLOAD_ROOTS.has(root)) {
      // infrastructure/, tenants/, ...: not applications; only the cluster's own
      // kustomizations (clusters/prod/apps/kustomization.yaml) may lead to them.
      const inClusters =
        this.clustersDir !== '' && `${dir}/`.startsWith(`${this.clustersDir}/`);
      const kustomization = inClusters ? this.kustomizationOf(dir) : undefined;
      if (kustomization) await this.follow(kustomization, depth);
      return;
    }
    const name = rest.find(segment => !this.isGrouping(segment));
    if (name) {
      this.workloads.add(name);
      return;
    }
    // apps/, apps/prod, apps/base: a grouping directory.
    const kustomization = this.kustomizationOf(dir);
    if (kustomization && (await this.follow(kustomization, depth))) return;
    const children = this.tree.dirsIn(dir).map(baseName);
    const apps = children.filter(c => !this.isGrouping(c));
    apps.forEach(app => this.workloads.add(app));
    if (apps.length === 0 && children.includes('base')) {
      await this.visit(joinPath(dir, 'base'), depth + 1);
    }
  }

  /** Directories matching an Argo CD git generator's glob (`apps/*`). */
  expand(glob: string): string[] {
    const pattern = normalizeGlob(glob);
    if (!/[*?[]/.test(pattern)) return [pattern];
    const dirs: string[] = [];
    const walk = (d: string) => {
      for (const sub of this.tree.dirsIn(d)) {
        if (minimatch(sub, pattern, { dot: false })) dirs.push(sub);
        else if (sub.split('/').length < pattern.split('/').length) walk(sub);
      }
    };
    walk('');
    return dirs;
  }
}

/**
 * The clusters of a `clusters/` directory: one per sub-directory, with the Flux Kustomizations
 * defined there, the workloads they deploy and the environment its name or labels state. Reads
 * at most {@link MAX_CLUSTER_FILES} YAML files per cluster (Flux's bootstrap files are recognised
 * by name, not read) plus the overlays' kustomization files.
 */
export async function inferClusters(
  clustersDir: string,
  tree: RepoTree,
  reader: FileReader,
): Promise<ClusterFindings> {
  const findings: ClusterFindings = {
    clusters: [],
    fluxKustomizations: [],
    flux: false,
    argocd: false,
  };
  for (const path of tree.dirsIn(clustersDir)) {
    const name = baseName(path);
    const fluxKustomizations: string[] = [];
    const targets: string[] = [];
    const excluded: string[] = [];
    let labelledEnvironment: string | undefined;

    if (tree.hasFile(joinPath(path, 'flux-system/gotk-sync.yaml'))) {
      // `flux bootstrap` writes the flux-system Kustomization that syncs this directory.
      fluxKustomizations.push('flux-system/flux-system');
      findings.flux = true;
    }
    const files = tree
      .filesUnder(path)
      .filter(isYaml)
      .filter(
        f =>
          !f.startsWith(`${path}/flux-system/`) &&
          !SKIPPED_FILES.has(baseName(f)),
      )
      .filter(f => f.split('/').length - path.split('/').length <= 2)
      .sort(
        (a, b) =>
          a.split('/').length - b.split('/').length || a.localeCompare(b),
      )
      .slice(0, MAX_CLUSTER_FILES);

    for (const file of files) {
      for (const o of await reader.yamlObjects(file)) {
        if (isFluxKustomization(o)) {
          findings.flux = true;
          const ref = fluxRef(o);
          if (ref) fluxKustomizations.push(ref);
          labelledEnvironment ??= environmentOf(o);
          const target =
            typeof o.spec?.path === 'string'
              ? resolvePath('', o.spec.path)
              : undefined;
          // Skip the Kustomization that syncs the cluster's own directory.
          if (
            target !== undefined &&
            target !== '' &&
            !`${path}/`.startsWith(`${target}/`)
          ) {
            targets.push(target);
          }
        } else if (isArgoApplication(o)) {
          findings.argocd = true;
          labelledEnvironment ??= environmentOf(o);
          const { include, exclude } = argoPaths(o);
          targets.push(...include);
          excluded.push(...exclude);
        } else if (isKustomizeConfig(o, file)) {
          labelledEnvironment ??= environmentOf(o);
          for (const entry of [...(o.resources ?? []), ...(o.bases ?? [])]) {
            if (typeof entry !== 'string') continue;
            const target = resolvePath(dirOf(file), entry);
            if (
              target !== undefined &&
              tree.hasDir(target) &&
              !`${target}/`.startsWith(`${path}/`)
            ) {
              targets.push(target);
            }
          }
        }
      }
    }

    const resolver = new WorkloadResolver(tree, reader, name, clustersDir);
    for (const target of targets) {
      for (const dir of resolver.expand(target)) {
        if (!excluded.some(glob => minimatch(dir, normalizeGlob(glob))))
          await resolver.visit(dir);
      }
    }
    const environment = labelledEnvironment ?? environmentFromName(name);
    const unique = [...new Set(fluxKustomizations)].sort();
    findings.clusters.push({
      name,
      path,
      ...(environment ? { environment } : {}),
      fluxKustomizations: unique,
      workloads: [...resolver.workloads].sort(),
    });
    findings.fluxKustomizations.push(...unique);
  }
  findings.fluxKustomizations = [
    ...new Set(findings.fluxKustomizations),
  ].sort();
  return findings;
}
