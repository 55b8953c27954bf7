import { InferredType } from '../types';
import { DirectoryFacts } from './facts';
import { dirOf } from './tree';

/**
 * One rule of the inference: what a directory must show to be of a type, and the evidence it
 * reports. The first rule that matches decides the type (see {@link RULES}).
 */
export interface InferenceRule {
  type: InferredType;
  /** What the rule looks for, in words. */
  when: string;
  /** The evidence when the directory's facts match the rule, undefined otherwise. */
  match(facts: DirectoryFacts): string[] | undefined;
}

/** A repository path relative to the directory the facts are about, for evidence. */
export function relative(facts: DirectoryFacts, path: string): string {
  if (!facts.dir) return path;
  return path === facts.dir ? '.' : path.slice(facts.dir.length + 1);
}

const asDir = (facts: DirectoryFacts, path: string) =>
  path === facts.dir ? './' : `${relative(facts, path)}/`;

/**
 * The rules, most decisive first:
 *
 * | type           | when                                                                        |
 * | -------------- | --------------------------------------------------------------------------- |
 * | gitops         | `clusters/<name>/`, or Flux Kustomizations / Argo CD apps and no container  |
 * | service        | a Dockerfile / Containerfile at the root or in `docker/`                    |
 * | website        | a static site or web app (index.html, Hugo, Jekyll, next/vite...) w/o main  |
 * | infrastructure | `*.tf` at the root or in `terraform/`, `infra/`, `infrastructure/`, ...     |
 * | library        | a code manifest: package.json, pom.xml, build.gradle, pyproject.toml, ...   |
 * | documentation  | `mkdocs.yml`, or `docs/` with only Markdown                                 |
 * | other          | Airflow DAGs (`dags/*.py` importing airflow)                                |
 *
 * A directory no rule matches is `other` when it is a whole repository, and not a component when
 * it is a candidate part of a mono-repo.
 */
export const RULES: readonly InferenceRule[] = [
  {
    type: 'gitops',
    when: 'clusters/<name>/ directories, or Flux Kustomizations / Argo CD Applications and no container',
    match: facts => {
      if (facts.clusters) {
        const names = facts.clusters.findings.clusters.map(c => c.name);
        return [
          `clusters in ${asDir(facts, facts.clusters.dir)}: ${names.join(
            ', ',
          )}`,
        ];
      }
      const objects = facts.gitopsObjects;
      if (objects && !facts.container) {
        const kinds = [
          ...(objects.flux ? ['Flux Kustomizations'] : []),
          ...(objects.argocd ? ['Argo CD Applications'] : []),
        ];
        const where = objects.files.map(f => relative(facts, f));
        return [
          `${kinds.join(' and ')}${
            where.length ? ` in ${where.join(', ')}` : ''
          }`,
        ];
      }
      return undefined;
    },
  },
  {
    type: 'service',
    when: 'a Dockerfile or Containerfile, at the root or in docker/',
    match: facts =>
      facts.container ? [relative(facts, facts.container)] : undefined,
  },
  {
    type: 'website',
    when:
      'a static site without a container: index.html (root, public/, static/), Hugo, Jekyll, ' +
      'or a package.json on next/gatsby/astro/docusaurus/vite+react without main/exports',
    match: facts => (facts.website ? [facts.website.evidence] : undefined),
  },
  {
    type: 'infrastructure',
    when: '*.tf files at the root or under terraform/, infra/, infrastructure/, environments/',
    match: facts => {
      const tf = facts.terraform;
      if (!tf) return undefined;
      const where = tf.locations.map(l => (l ? `${l}/` : './')).join(', ');
      return [
        `Terraform: ${tf.count} file${tf.count === 1 ? '' : 's'} in ${where}`,
      ];
    },
  },
  {
    type: 'library',
    when:
      'a code manifest (package.json, pom.xml, build.gradle(.kts), pyproject.toml, setup.py, ' +
      'go.mod, Cargo.toml) and no container',
    match: facts =>
      facts.manifests.length > 0
        ? facts.manifests.map(m => relative(facts, m))
        : undefined,
  },
  {
    type: 'documentation',
    when: 'mkdocs.yml, or docs/ with only Markdown, and no code manifest',
    match: facts => {
      if (facts.manifests.length > 0) return undefined;
      const evidence = [
        ...(facts.mkdocs ? [relative(facts, facts.mkdocs)] : []),
        ...(facts.markdownDocs
          ? [`${relative(facts, facts.markdownDocs)}/ holds only Markdown`]
          : []),
      ];
      return evidence.length > 0 ? evidence : undefined;
    },
  },
  {
    type: 'other',
    when: 'Airflow DAGs: Python files in dags/ that import airflow',
    match: facts => {
      if (!facts.airflow) return undefined;
      const { dir, files } = facts.airflow;
      const count = `${files.length} Python file${
        files.length === 1 ? '' : 's'
      }`;
      return [
        `Airflow DAGs: ${count}${
          dir === facts.dir ? '' : ` in ${asDir(facts, dir)}`
        }`,
      ];
    },
  },
];

/** The type of a directory and why: the first rule that matches; undefined when none does. */
export function classify(
  facts: DirectoryFacts,
): { type: InferredType; evidence: string[] } | undefined {
  for (const rule of RULES) {
    const evidence = rule.match(facts);
    if (evidence) return { type: rule.type, evidence };
  }
  return undefined;
}

/** The evidence one rule gives for a directory, empty when it does not match. */
function evidenceOf(type: InferredType, facts: DirectoryFacts): string[] {
  return RULES.find(rule => rule.type === type)?.match(facts) ?? [];
}

/** Evidence besides the deciding rule's: how it is deployed, documented, provisioned. */
export function supportingEvidence(
  facts: DirectoryFacts,
  type: InferredType,
): string[] {
  const evidence: string[] = [];
  if (facts.kubernetes) {
    evidence.push(
      `Kubernetes manifests in ${asDir(
        facts,
        facts.kubernetes.dir,
      )} (${facts.kubernetes.kinds.join(', ')})`,
    );
  }
  for (const chart of facts.helmCharts.slice(0, 3)) {
    evidence.push(`Helm chart in ${asDir(facts, dirOf(chart))}`);
  }
  if (type === 'service') {
    evidence.push(...facts.manifests.map(m => relative(facts, m)));
  }
  const flux = fluxKustomizationsOf(facts);
  if (type === 'gitops' && flux.length > 0) {
    evidence.push(`Flux Kustomizations ${flux.join(', ')}`);
  }
  if (type !== 'infrastructure' && facts.terraform) {
    evidence.push(...evidenceOf('infrastructure', facts));
  }
  const cloud = facts.terraform?.cloud;
  if (cloud?.file && cloud.workspaces.length > 0) {
    evidence.push(
      `HCP Terraform workspace ${cloud.workspaces.join(', ')} in ${relative(
        facts,
        cloud.file,
      )}`,
    );
  }
  if (type !== 'documentation' && facts.mkdocs) {
    evidence.push(relative(facts, facts.mkdocs));
  }
  if (type !== 'other' && facts.airflow) {
    evidence.push(...evidenceOf('other', facts));
  }
  return evidence;
}

/** The component's main language or build system. */
export function languageOf(
  facts: DirectoryFacts,
  type: InferredType,
): string | undefined {
  switch (type) {
    case 'infrastructure':
      return 'terraform';
    case 'website':
      return facts.website?.language ?? facts.language;
    case 'gitops':
    case 'documentation':
      return undefined;
    default:
      return facts.language;
  }
}

/** Flux Kustomizations of a directory, from its clusters and its other GitOps files. */
export function fluxKustomizationsOf(facts: DirectoryFacts): string[] {
  return [
    ...new Set([
      ...(facts.clusters?.findings.fluxKustomizations ?? []),
      ...(facts.gitopsObjects?.fluxKustomizations ?? []),
    ]),
  ].sort();
}

/** Technology tags, each with the fact that earns it. */
export const TECHNOLOGY_TAGS: ReadonlyArray<
  [string, (facts: DirectoryFacts) => boolean]
> = [
  ['docker', f => !!f.container],
  [
    'kubernetes',
    f =>
      !!f.kubernetes ||
      f.helmCharts.length > 0 ||
      !!f.clusters ||
      !!f.gitopsObjects,
  ],
  ['helm', f => f.helmCharts.length > 0],
  ['terraform', f => !!f.terraform],
  ['flux', f => !!f.clusters?.findings.flux || !!f.gitopsObjects?.flux],
  ['argocd', f => !!f.clusters?.findings.argocd || !!f.gitopsObjects?.argocd],
  ['airflow', f => !!f.airflow],
];
