/**
 * The shapes shared by every part of repository discovery: a source lists repositories and lets
 * the inference read a repository cheaply (its tree listing and a few well-known files).
 */

/** A repository as its source lists it, before anything is read from it. */
export interface RepoRef {
  /**
   * Stable, unique id within the source, e.g. `github.com/orbital-data/lumen` or
   * `local/lumen`. Used for de-duplication and as the provider's entity-location key.
   */
  id: string;
  /** Repository name, e.g. `lumen`. */
  name: string;
  /** Organisation or owner login, e.g. `orbital-data`; undefined for local repositories. */
  organization?: string;
  /** Where people browse it: `https://github.com/orbital-data/lumen`, or a `file://` URL. */
  webUrl: string;
  /** The branch that is inspected. */
  defaultBranch: string;
  archived: boolean;
  /** GitHub topics (lower-case); empty for local repositories. */
  topics: string[];
  description?: string;
  homepage?: string;
  visibility?: 'public' | 'private' | 'internal';
  /** ISO time of the last push, when the source knows it. */
  pushedAt?: string;
}

/** What the inference may read of one repository, at its default branch. */
export interface RepoContents {
  /** Every file path of the tree, '/'-separated and relative to the repository root. */
  readonly paths: readonly string[];
  /**
   * Reads one file. Only called for small, well-known files (manifests, CODEOWNERS, Kustomization
   * YAML, mkdocs.yml); returns undefined when the file does not exist.
   */
  readFile(path: string): Promise<string | undefined>;
}

/** One place repositories come from: a GitHub organisation, a directory of local git repos, ... */
export interface RepoSource {
  /** Identifies the source in provider names and logs, e.g. `github:orbital-data`. */
  readonly id: string;
  /** All repositories, archived ones included (they are marked, not dropped). */
  listRepositories(): Promise<RepoRef[]>;
  /** The tree and file reader of a repository's default branch. */
  readContents(repo: RepoRef): Promise<RepoContents>;
  /**
   * One repository by name, for event-driven refresh (a push, an archive, a delete); undefined
   * when it no longer exists.
   */
  getRepository(name: string): Promise<RepoRef | undefined>;
}

/** What a repository (or one part of a mono-repo) is. */
export type InferredType =
  | 'service'
  | 'library'
  | 'infrastructure'
  | 'gitops'
  | 'website'
  | 'documentation'
  | 'other';

/** One component the inference found: a whole repository, or one directory of a mono-repo. */
export interface InferredComponent {
  /** Entity name, valid for the catalog (lower-case, [a-z0-9-], at most 63 characters). */
  name: string;
  /** Directory within the repository, '' for the root. */
  path: string;
  type: InferredType;
  /** Main language or build system, e.g. `typescript`, `java`, `python`, `terraform`. */
  language?: string;
  /** Human-readable reasons, e.g. `Dockerfile`, `k8s manifests in deploy/`. */
  evidence: string[];
  /** Owner refs from CODEOWNERS that cover this path, most specific rule first. */
  codeOwners: string[];
  /** Annotations the inference could infer (TechDocs, Kubernetes id, Flux, Terraform, ...). */
  annotations: Record<string, string>;
  /** Tags, lower-case catalog tags. */
  tags: string[];
}

/** The result of inspecting one repository. */
export interface InferredRepository {
  repo: RepoRef;
  /** The repository describes itself: its catalog-info.yaml wins, nothing is inferred. */
  catalogFile?: string;
  /** True when several components live under services/, libs/, apps/, ... */
  monorepo: boolean;
  /**
   * Parts of a mono-repo that describe themselves (`services/api/catalog-info.yaml`): their
   * entities come from these files, and no component is inferred for their directories.
   */
  partCatalogFiles?: string[];
  components: InferredComponent[];
  /** Cluster names found under clusters/<name>/ in a GitOps repository. */
  clusters: InferredCluster[];
  /** Owner refs from CODEOWNERS for the repository as a whole (its `*` rule). */
  codeOwners?: string[];
}

/** A cluster a GitOps repository drives, from its `clusters/<name>/` directory. */
export interface InferredCluster {
  name: string;
  /** Directory, e.g. `clusters/prod`. */
  path: string;
  /** dev | staging | prod | ... when the name or a Kustomization says so. */
  environment?: string;
  /** Flux Kustomization objects found there, as `namespace/name`. */
  fluxKustomizations: string[];
  /**
   * Names of the applications deployed there: the `apps/<name>` (or `workloads/<name>`)
   * directories the cluster's Kustomizations and overlays point at.
   */
  workloads: string[];
}
