import {
  ANNOTATION_ECR_REPOSITORIES,
  ANNOTATION_FLUX_KUSTOMIZATIONS,
  ANNOTATION_TERRAFORM_ARTIFACTS,
  ANNOTATION_TERRAFORM_WORKSPACES,
} from '../annotations';
import {
  InferredCluster,
  InferredComponent,
  InferredRepository,
  InferredType,
  RepoContents,
  RepoRef,
} from '../types';
import { CodeOwners, findCodeOwnersFile } from './codeowners';
import { DirectoryFacts, ProbeOptions, probeDirectory } from './facts';
import { isValidTag, partName, toEntityName, uniqueNames } from './names';
import { FileReader } from './reader';
import {
  TECHNOLOGY_TAGS,
  classify,
  fluxKustomizationsOf,
  languageOf,
  supportingEvidence,
} from './rules';
import { RepoTree, baseName } from './tree';
import { WorkflowFindings, readWorkflows } from './workflows';

/** A repository's own catalog file, at its root. */
export const CATALOG_FILES = ['catalog-info.yaml', 'catalog-info.yml'] as const;

/** Top-level directories whose children are parts of a mono-repo (`services/api`). */
export const PART_CONTAINERS = new Set([
  'services',
  'apps',
  'libs',
  'packages',
  'functions',
  'cmd',
  'lambdas',
  'jobs',
  'workers',
  'microservices',
  'plugins',
  'components',
  'projects',
]);

/** Top-level directories that are one part themselves (`web`), or else whose children are. */
export const PART_DIRS = new Set([
  'web',
  'frontend',
  'backend',
  'api',
  'server',
  'client',
  'ui',
  'dash',
  'site',
  'website',
  'dags',
]);

/** Top-level directories of a mono-repo that become its infrastructure / GitOps components. */
export const MONOREPO_DEPLOY_DIRS = new Set([
  'terraform',
  'infra',
  'infrastructure',
  'deploy',
  'deployment',
  'gitops',
  'k8s',
  'kubernetes',
]);

/** The annotation TechDocs reads; `dir:.` is the component's own directory. */
const ANNOTATION_TECHDOCS_REF = 'backstage.io/techdocs-ref';
const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';

/** One component being inferred, before names and owners are settled. */
interface Planned {
  dir: string;
  facts: DirectoryFacts;
  type: InferredType;
  evidence: string[];
  /** The name before de-duplication. */
  name: string;
}

/** The inference's view of one repository. */
interface Context {
  repo: RepoRef;
  tree: RepoTree;
  reader: FileReader;
}

async function probe(ctx: Context, dir: string, options?: ProbeOptions) {
  return probeDirectory(dir, ctx.tree, ctx.reader, options);
}

/** Mono-repo parts: matching directories under services/, libs/, ..., web, dags. */
async function findParts(ctx: Context): Promise<Planned[]> {
  const parts: Planned[] = [];
  const consider = async (dir: string) => {
    const facts = await probe(ctx, dir);
    const decided = classify(facts);
    if (!decided) return false;
    parts.push({ dir, facts, ...decided, name: partName(ctx.repo.name, dir) });
    return true;
  };
  for (const top of ctx.tree.dirsIn('')) {
    if (PART_CONTAINERS.has(top)) {
      for (const child of ctx.tree.dirsIn(top)) await consider(child);
    } else if (PART_DIRS.has(top) && !(await consider(top))) {
      for (const child of ctx.tree.dirsIn(top)) await consider(child);
    }
  }
  return parts;
}

/** A deploy directory of a mono-repo: Terraform, GitOps objects, or Kubernetes manifests. */
async function deployComponent(
  ctx: Context,
  dir: string,
): Promise<Planned | undefined> {
  const facts = await probe(ctx, dir, { gitopsObjects: true });
  const decided = classify(facts);
  const name = partName(ctx.repo.name, dir);
  if (
    decided &&
    (decided.type === 'infrastructure' || decided.type === 'gitops')
  ) {
    return { dir, facts, ...decided, name };
  }
  if (decided) return undefined;
  const yaml = ctx.tree.filesUnder(dir).filter(f => /\.ya?ml$/.test(f));
  if (yaml.length === 0) return undefined;
  const kustomize = yaml.some(f => /^kustomization\.ya?ml$/.test(baseName(f)));
  let what = 'Kubernetes manifests';
  if (kustomize) what = 'Kustomize overlays';
  if (facts.helmCharts.length > 0) what = 'Helm charts';
  return {
    dir,
    facts,
    type: 'gitops',
    evidence: [`${what} in ${dir}/ (${yaml.length} YAML files)`],
    name,
  };
}

/** What the root of a mono-repo is on its own, besides its parts: not its workspace manifests. */
function rootOfMonorepo(facts: DirectoryFacts) {
  const decided = classify({
    ...facts,
    manifests: [],
    packageJson: undefined,
    website: undefined,
    markdownDocs: undefined,
    airflow: undefined,
  });
  return decided && decided.type !== 'other' ? decided : undefined;
}

/** Decides the components: one for the repository, or one per part of a mono-repo. */
async function plan(
  ctx: Context,
): Promise<{ monorepo: boolean; planned: Planned[] }> {
  const repoName = toEntityName(ctx.repo.name) || 'repository';
  const parts = await findParts(ctx);

  if (parts.length >= 2) {
    const partDirs = new Set(parts.map(p => p.dir));
    const deploy: Planned[] = [];
    for (const top of ctx.tree.dirsIn('')) {
      if (!MONOREPO_DEPLOY_DIRS.has(top) || partDirs.has(top)) continue;
      const component = await deployComponent(ctx, top);
      if (component) deploy.push(component);
    }
    const claimed = [...parts, ...deploy].map(p => p.dir);
    const claimedTops = [...new Set(claimed.map(d => d.split('/')[0]))];
    const rootFacts = await probe(ctx, '', {
      exclude: claimedTops,
      gitopsObjects: true,
    });
    const root = rootOfMonorepo(rootFacts);
    const planned = [
      ...(root ? [{ dir: '', facts: rootFacts, ...root, name: repoName }] : []),
      ...[...parts, ...deploy].sort((a, b) => a.dir.localeCompare(b.dir)),
    ];
    return { monorepo: true, planned };
  }

  // One component for the whole repository.
  const facts = await probe(ctx, '', { gitopsObjects: true });
  const decided = classify(facts);
  const weak = !decided || (decided.type === 'documentation' && !facts.mkdocs);
  if (weak && parts.length === 1) {
    // Its only part is what the repository is (e.g. nothing but services/api/).
    return { monorepo: false, planned: [{ ...parts[0], name: repoName }] };
  }
  return {
    monorepo: false,
    planned: [
      {
        dir: '',
        facts,
        type: decided?.type ?? 'other',
        evidence: decided?.evidence ?? [
          ctx.tree.filesIn('').length === 0 && ctx.tree.dirsIn('').length === 0
            ? 'empty repository'
            : 'no container, manifest, Terraform, site or docs files',
        ],
        name: repoName,
      },
    ],
  };
}

/** The ECR repositories of the workflows that belong to one component. */
function ecrRepositoriesFor(
  component: Planned,
  all: Planned[],
  workflows: WorkflowFindings[],
  monorepo: boolean,
): Array<{ repository: string; workflow: string }> {
  const result: Array<{ repository: string; workflow: string }> = [];
  const containers = all.filter(p => p.facts.container);
  for (const workflow of workflows) {
    for (const repository of workflow.ecrRepositories) {
      let owners: Planned[];
      if (!monorepo) {
        owners = all;
      } else {
        const last = repository.split('/').pop()!;
        const byName = containers.filter(p => {
          const leaf = baseName(p.dir);
          return last === leaf || last === p.name || last.endsWith(`-${leaf}`);
        });
        const mentioned = containers.filter(
          p => p.dir && workflow.text.includes(p.dir),
        );
        if (byName.length > 0) owners = byName;
        else if (mentioned.length === 1) owners = mentioned;
        else owners = containers.length === 1 ? containers : [];
      }
      if (owners.includes(component))
        result.push({ repository, workflow: workflow.file });
    }
  }
  return result;
}

/** Assembles one component: name, tags, annotations, evidence, owners. */
function toComponent(
  component: Planned,
  name: string,
  ctx: Context,
  extras: {
    all: Planned[];
    monorepo: boolean;
    workflows: WorkflowFindings[];
    codeOwners?: CodeOwners;
  },
): InferredComponent {
  const { facts, type } = component;
  const language = languageOf(facts, type);
  const evidence = [...component.evidence, ...supportingEvidence(facts, type)];
  const annotations: Record<string, string> = {};

  if (facts.mkdocs) annotations[ANNOTATION_TECHDOCS_REF] = 'dir:.';
  if (type === 'service' && (facts.kubernetes || facts.helmCharts.length > 0)) {
    annotations[ANNOTATION_KUBERNETES_ID] =
      facts.kubernetes?.kubernetesId ?? name;
  }
  const ecr = ecrRepositoriesFor(
    component,
    extras.all,
    extras.workflows,
    extras.monorepo,
  );
  if (ecr.length > 0) {
    annotations[ANNOTATION_ECR_REPOSITORIES] = [
      ...new Set(ecr.map(e => e.repository)),
    ].join(',');
    for (const { repository, workflow } of ecr) {
      evidence.push(`pushes images to ECR ${repository} in ${workflow}`);
    }
  }
  if (facts.terraform) {
    const workspaces = facts.terraform.cloud.workspaces;
    if (workspaces.length > 0) {
      annotations[ANNOTATION_TERRAFORM_WORKSPACES] = workspaces.join(',');
    }
    const plans = extras.workflows.filter(w => w.terraformPlan);
    if (plans.length > 0) {
      annotations[ANNOTATION_TERRAFORM_ARTIFACTS] = 'github';
      evidence.push(`terraform plan in ${plans.map(p => p.file).join(', ')}`);
    }
  }
  const flux = fluxKustomizationsOf(facts);
  if (type === 'gitops' && flux.length > 0) {
    annotations[ANNOTATION_FLUX_KUSTOMIZATIONS] = flux.join(',');
  }

  const tags = [
    ...(language ? [language] : []),
    ...TECHNOLOGY_TAGS.filter(([, applies]) => applies(facts)).map(
      ([tag]) => tag,
    ),
    ...ctx.repo.topics.map(t => t.toLocaleLowerCase('en-US')),
  ].filter(isValidTag);

  return {
    name,
    path: component.dir,
    type,
    ...(language ? { language } : {}),
    evidence: [...new Set(evidence)],
    codeOwners: extras.codeOwners?.ownersOfDirectory(component.dir) ?? [],
    annotations,
    tags: [...new Set(tags)],
  };
}

/**
 * Says what a repository is, from its tree listing and a handful of small, well-known files
 * (CODEOWNERS, package.json, a few manifests, Terraform block files, GitHub workflows, the
 * Kustomizations of its clusters). See `rules.ts` for the rules.
 *
 * A repository with a `catalog-info.yaml` at its root describes itself: nothing is inferred,
 * not even its clusters, and nothing is read.
 */
export async function inferRepository(
  repo: RepoRef,
  contents: RepoContents,
): Promise<InferredRepository> {
  const catalogFile = CATALOG_FILES.find(f => contents.paths.includes(f));
  if (catalogFile) {
    // The file wins: its entities are what the owners wrote. Keep it simple and infer nothing.
    return { repo, catalogFile, monorepo: false, components: [], clusters: [] };
  }

  const tree = new RepoTree(contents.paths);
  const reader = new FileReader(contents, tree);
  const ctx: Context = { repo, tree, reader };

  // Repository-wide files first, so they are read whatever the budget.
  const codeOwnersFile = findCodeOwnersFile(p => tree.hasFile(p));
  const codeOwnersText = codeOwnersFile
    ? await reader.text(codeOwnersFile)
    : undefined;
  const codeOwners =
    codeOwnersText !== undefined ? CodeOwners.parse(codeOwnersText) : undefined;
  const buildsOrProvisions = contents.paths.some(p =>
    /(^|\/)(Dockerfile|Containerfile)$|\.tf$/.test(p),
  );
  const workflows = buildsOrProvisions ? await readWorkflows(tree, reader) : [];

  const { monorepo, planned: allPlanned } = await plan(ctx);
  // A part with its own catalog file is described by it, as a repository with one is (for
  // instance a component the mono-repo template added).
  const partCatalogFiles = monorepo ? findPartCatalogFiles(tree) : [];
  const describedDirs = new Set(
    partCatalogFiles.map(f => f.slice(0, f.lastIndexOf('/'))),
  );
  const planned = allPlanned.filter(p => !describedDirs.has(p.dir));
  const names = uniqueNames(planned.map(p => p.name));
  const components = planned.map((p, i) =>
    toComponent(p, names[i], ctx, {
      all: planned,
      monorepo,
      workflows,
      codeOwners,
    }),
  );
  const clusters: InferredCluster[] = planned.flatMap(p =>
    p.type === 'gitops' ? p.facts.clusters?.findings.clusters ?? [] : [],
  );
  return {
    repo,
    monorepo,
    components,
    clusters,
    codeOwners: codeOwners?.ownersOfDirectory('') ?? [],
    ...(partCatalogFiles.length > 0 ? { partCatalogFiles } : {}),
  };
}

/** `<container>/<part>/catalog-info.yaml` and `<part dir>/catalog-info.yaml` files. */
function findPartCatalogFiles(tree: RepoTree): string[] {
  const found: string[] = [];
  const look = (dir: string) => {
    const file = CATALOG_FILES.map(f => `${dir}/${f}`).find(f =>
      tree.hasFile(f),
    );
    if (file) found.push(file);
  };
  for (const top of tree.dirsIn('')) {
    if (PART_CONTAINERS.has(top)) tree.dirsIn(top).forEach(look);
    else if (PART_DIRS.has(top)) look(top);
  }
  return found.sort();
}
