import {
  ClusterFindings,
  GitopsObjects,
  findGitopsObjects,
  inferClusters,
} from './gitops';
import { FileReader } from './reader';
import { TerraformWorkspaces, findTerraformWorkspaces } from './terraform';
import { RepoTree, baseName, joinPath } from './tree';

/**
 * What one directory (a repository's root, or one part of a mono-repo) shows, gathered from the
 * tree listing and a few small files. The rules (see `rules.ts`) decide from these facts what the
 * directory is; paths here are relative to the repository.
 */
export interface DirectoryFacts {
  dir: string;
  /** `Dockerfile`, `Containerfile` or `docker/Dockerfile`. */
  container?: string;
  /** Kubernetes manifests with workloads (Deployment, StatefulSet, CronJob, DaemonSet). */
  kubernetes?: {
    /** Directory they are in, e.g. `k8s`. */
    dir: string;
    kinds: string[];
    /** A `backstage.io/kubernetes-id` label the manifests already carry. */
    kubernetesId?: string;
  };
  /** `Chart.yaml` files of Helm charts. */
  helmCharts: string[];
  /** Code manifests (package.json, pom.xml, ...) directly in the directory. */
  manifests: string[];
  /** A parsed `package.json`, when there is one. */
  packageJson?: PackageJson;
  language?: string;
  /** Why it looks like a static site or web app, when it does. */
  website?: { evidence: string; language?: string };
  /** `mkdocs.yml` in the directory. */
  mkdocs?: string;
  /** `docs/` when it holds only Markdown (and images). */
  markdownDocs?: string;
  /** Terraform files. */
  terraform?: {
    /** Directories they are in, relative to the facts' directory ('' for itself, `terraform`). */
    locations: string[];
    count: number;
    /** HCP Terraform workspaces, when a block file names them. */
    cloud: TerraformWorkspaces;
  };
  /** Airflow DAG files (Python importing airflow). */
  airflow?: { dir: string; files: string[] };
  /** `clusters/` with its clusters, when there is one. */
  clusters?: { dir: string; findings: ClusterFindings };
  /** Flux / Argo CD objects outside `clusters/`. */
  gitopsObjects?: GitopsObjects;
}

interface PackageJson {
  main?: unknown;
  exports?: unknown;
  module?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  workspaces?: unknown;
}

/** Where the inference looks, how much it reads. */
export interface ProbeOptions {
  /** Sub-directories that belong to other components and are left out. */
  exclude?: readonly string[];
  /** Also read a few YAML files looking for Flux / Argo CD objects (for roots, not parts). */
  gitopsObjects?: boolean;
}

/** Container files, in the order they are looked for. */
export const CONTAINER_FILES = [
  'Dockerfile',
  'Containerfile',
  'docker/Dockerfile',
  'docker/Containerfile',
] as const;

/** Code manifests that make a directory a library (when nothing says otherwise), with their language. */
export const CODE_MANIFESTS = [
  'go.mod',
  'Cargo.toml',
  'pom.xml',
  'build.gradle.kts',
  'build.gradle',
  'pyproject.toml',
  'setup.py',
  'package.json',
] as const;

/** Directories of plain Kubernetes manifests. */
export const KUBERNETES_DIRS = [
  'k8s',
  'kubernetes',
  'kube',
  'manifests',
  'deploy',
  'deployment',
  'deployments',
  '.k8s',
] as const;

/** Directories of Terraform, besides the directory itself. */
export const TERRAFORM_DIRS = [
  'terraform',
  'infra',
  'infrastructure',
  'environments',
] as const;

/** Frameworks whose package.json (without main/exports) is a site, not a library. */
const SITE_FRAMEWORKS = [
  'next',
  'gatsby',
  'astro',
  '@docusaurus/core',
  'nuxt',
  '@sveltejs/kit',
];

const WORKLOAD_KINDS =
  /^kind:\s*["']?(Deployment|StatefulSet|CronJob|DaemonSet)["']?\s*$/gm;
const KUBERNETES_ID =
  /backstage\.io\/kubernetes-id["']?\s*:\s*["']?([A-Za-z0-9._-]+)/;
/** At most this many manifests are read to find a workload kind. */
const MAX_MANIFEST_READS = 2;
/** At most this many Python files are read to see that DAGs import airflow. */
const MAX_DAG_READS = 2;

const EXTENSION_LANGUAGES: Record<string, string> = {
  ts: 'typescript',
  tsx: 'typescript',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  py: 'python',
  java: 'java',
  kt: 'kotlin',
  go: 'go',
  rs: 'rust',
  rb: 'ruby',
  cs: 'csharp',
  php: 'php',
  scala: 'scala',
  swift: 'swift',
  ex: 'elixir',
  exs: 'elixir',
};

/** Files that name a language without making the directory a library. */
const LANGUAGE_HINTS: Array<[RegExp, string]> = [
  [/^(requirements[\w.-]*\.txt|Pipfile|environment\.ya?ml)$/, 'python'],
  [/^Gemfile$/, 'ruby'],
  [/^composer\.json$/, 'php'],
  [/\.(csproj|sln)$/, 'csharp'],
  [/^mix\.exs$/, 'elixir'],
];

const IMAGE_OR_MARKDOWN = /\.(md|markdown|mdx|png|jpe?g|gif|svg|webp|drawio)$/i;

function dependencies(pkg: PackageJson | undefined): Set<string> {
  return new Set([
    ...Object.keys(pkg?.dependencies ?? {}),
    ...Object.keys(pkg?.devDependencies ?? {}),
    ...Object.keys(pkg?.peerDependencies ?? {}),
  ]);
}

/** The most common programming language among files, by extension; undefined when none. */
function languageByExtension(files: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const file of files) {
    const extension = /\.([a-z]+)$/.exec(file)?.[1];
    const language = extension ? EXTENSION_LANGUAGES[extension] : undefined;
    if (language && !file.endsWith('.d.ts')) {
      counts.set(language, (counts.get(language) ?? 0) + 1);
    }
  }
  let best: string | undefined;
  for (const [language, count] of counts) {
    if (!best || count > counts.get(best)!) best = language;
  }
  return best;
}

/** Gathers the facts of one directory. */
export async function probeDirectory(
  dir: string,
  tree: RepoTree,
  reader: FileReader,
  options: ProbeOptions = {},
): Promise<DirectoryFacts> {
  const exclude = options.exclude ?? [];
  const at = (path: string) => joinPath(dir, path);
  const excluded = (path: string) =>
    exclude.some(e => path === e || path.startsWith(`${e}/`));
  const has = (path: string) => tree.hasFile(at(path)) && !excluded(at(path));
  const hasDir = (path: string) => tree.hasDir(at(path)) && !excluded(at(path));
  const allFiles = tree.filesUnder(dir, exclude);
  const facts: DirectoryFacts = { dir, helmCharts: [], manifests: [] };

  // Container and deployment.
  facts.container = CONTAINER_FILES.map(at).find(
    f => tree.hasFile(f) && !excluded(f),
  );
  facts.helmCharts = allFiles.filter(f => baseName(f) === 'Chart.yaml');
  if (facts.container) {
    const manifests = KUBERNETES_DIRS.filter(d => hasDir(d)).flatMap(d =>
      tree
        .filesUnder(at(d), exclude)
        .filter(f => /\.ya?ml$/.test(f) && !f.includes('/templates/'))
        .map(f => ({ dir: at(d), file: f })),
    );
    // Files named after workloads first: deployment.yaml before service.yaml.
    const likely = /deploy|statefulset|cronjob|daemonset|workload|job/i;
    manifests.sort(
      (a, b) =>
        Number(!likely.test(baseName(a.file))) -
          Number(!likely.test(baseName(b.file))) ||
        a.file.split('/').length - b.file.split('/').length ||
        a.file.localeCompare(b.file),
    );
    for (const { dir: manifestDir, file } of manifests.slice(
      0,
      MAX_MANIFEST_READS,
    )) {
      const text = await reader.text(file);
      const kinds = [...(text ?? '').matchAll(WORKLOAD_KINDS)].map(m => m[1]);
      if (kinds.length > 0) {
        facts.kubernetes = {
          dir: manifestDir,
          kinds: [...new Set(kinds)],
          kubernetesId: KUBERNETES_ID.exec(text!)?.[1],
        };
        break;
      }
    }
  }

  // Code manifests and language.
  facts.manifests = CODE_MANIFESTS.filter(m => has(m)).map(at);
  if (has('package.json')) {
    facts.packageJson = (await reader.json(at('package.json'))) as
      | PackageJson
      | undefined;
  }
  const directFiles = tree.filesIn(dir).map(baseName);
  facts.language =
    manifestLanguage(facts, tree, allFiles) ??
    LANGUAGE_HINTS.find(([pattern]) =>
      directFiles.some(f => pattern.test(f)),
    )?.[1] ??
    languageByExtension(allFiles);

  // Website.
  facts.website = websiteOf(facts, has, hasDir);

  // Documentation.
  facts.mkdocs = ['mkdocs.yml', 'mkdocs.yaml']
    .map(at)
    .find(f => tree.hasFile(f));
  if (hasDir('docs')) {
    const docs = tree
      .filesUnder(at('docs'), exclude)
      .filter(f => baseName(f) !== 'CODEOWNERS');
    if (
      docs.length > 0 &&
      docs.every(f => IMAGE_OR_MARKDOWN.test(f)) &&
      docs.some(f => /\.mdx?$|\.markdown$/i.test(f))
    ) {
      facts.markdownDocs = at('docs');
    }
  }

  // Terraform.
  const locations: string[] = [];
  let count = 0;
  const rootTf = tree
    .filesIn(dir)
    .filter(f => /\.tf$|(^|\/)terragrunt\.hcl$/.test(f) && !excluded(f));
  if (rootTf.length > 0) {
    locations.push('');
    count += rootTf.length;
  }
  for (const d of TERRAFORM_DIRS) {
    if (!hasDir(d)) continue;
    const tf = tree
      .filesUnder(at(d), exclude)
      .filter(f => /\.tf$|(^|\/)terragrunt\.hcl$/.test(f));
    if (tf.length > 0) {
      locations.push(d);
      count += tf.length;
    }
  }
  if (count > 0) {
    facts.terraform = {
      locations,
      count,
      cloud: await findTerraformWorkspaces(dir, tree, reader),
    };
  }

  // Airflow DAGs: `dags/` in the directory, or the directory is `dags/` itself.
  const dagsDir = baseName(dir) === 'dags' ? dir : at('dags');
  if (!excluded(dagsDir)) {
    const python = tree
      .filesUnder(dagsDir)
      .filter(f => f.endsWith('.py') && !baseName(f).startsWith('__'))
      .sort((a, b) => a.split('/').length - b.split('/').length);
    const dags: string[] = [];
    for (const file of python.slice(0, MAX_DAG_READS)) {
      const text = await reader.text(file);
      if (text && /^\s*(from\s+airflow\b|import\s+airflow\b)/m.test(text))
        dags.push(file);
    }
    if (dags.length > 0) facts.airflow = { dir: dagsDir, files: python };
  }

  // GitOps.
  if (hasDir('clusters') && tree.dirsIn(at('clusters')).length > 0) {
    facts.clusters = {
      dir: at('clusters'),
      findings: await inferClusters(at('clusters'), tree, reader),
    };
  }
  const undecided =
    !facts.container && facts.manifests.length === 0 && !facts.website;
  if (options.gitopsObjects && undecided && !facts.clusters) {
    const objects = await findGitopsObjects(dir, tree, reader, { exclude });
    if (objects.flux || objects.argocd) facts.gitopsObjects = objects;
  }
  return facts;
}

function manifestLanguage(
  facts: DirectoryFacts,
  tree: RepoTree,
  files: readonly string[],
): string | undefined {
  const first = facts.manifests[0];
  if (!first) return undefined;
  const dir = facts.dir;
  switch (baseName(first)) {
    case 'go.mod':
      return 'go';
    case 'Cargo.toml':
      return 'rust';
    case 'pom.xml':
    case 'build.gradle':
    case 'build.gradle.kts':
      return tree.hasDir(joinPath(dir, 'src/main/kotlin')) ? 'kotlin' : 'java';
    case 'pyproject.toml':
    case 'setup.py':
      return 'python';
    default: {
      const deps = dependencies(facts.packageJson);
      const typescript =
        tree.hasFile(joinPath(dir, 'tsconfig.json')) ||
        deps.has('typescript') ||
        languageByExtension(files) === 'typescript';
      return typescript ? 'typescript' : 'javascript';
    }
  }
}

function websiteOf(
  facts: DirectoryFacts,
  has: (path: string) => boolean,
  hasDir: (path: string) => boolean,
): DirectoryFacts['website'] {
  const pkg = facts.packageJson;
  const declaresLibrary =
    pkg &&
    (pkg.main !== undefined ||
      pkg.exports !== undefined ||
      pkg.module !== undefined);
  if (declaresLibrary) return undefined;
  const deps = dependencies(pkg);
  const framework = SITE_FRAMEWORKS.find(f => deps.has(f));
  if (framework) {
    return {
      evidence: `package.json depends on ${framework} and has no main/exports`,
    };
  }
  if (
    deps.has('vite') &&
    (deps.has('react') || deps.has('@vitejs/plugin-react'))
  ) {
    return {
      evidence:
        'package.json depends on vite and react and has no main/exports',
    };
  }
  if (hasDir('content')) {
    const config = ['hugo.toml', 'hugo.yaml', 'hugo.json', 'config.toml'].find(
      has,
    );
    if (config)
      return {
        evidence: `Hugo site: ${config} and content/`,
        language: 'hugo',
      };
  }
  if (has('_config.yml'))
    return { evidence: 'Jekyll site: _config.yml', language: 'jekyll' };
  const index = ['index.html', 'public/index.html', 'static/index.html'].find(
    has,
  );
  if (index)
    return {
      evidence: `static site: ${index}`,
      language: pkg ? undefined : 'html',
    };
  return undefined;
}
