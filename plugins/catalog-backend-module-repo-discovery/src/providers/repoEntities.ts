import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { parseAllDocuments } from 'yaml';
import {
  ANNOTATION_ARCHIVED,
  ANNOTATION_INFERRED,
  ANNOTATION_INFERRED_EVIDENCE,
  ANNOTATION_REPO_SOURCE,
} from '../annotations';
import { InferredComponent, InferredRepository, RepoRef } from '../types';

/** How a repository's entities are written. */
export interface RepoEntityOptions {
  /** The source's id, e.g. `github:github.com/orbital-data`. */
  sourceId: string;
  /** Owner when neither CODEOWNERS nor an `owner-<team>` topic names one. */
  defaultOwner: string;
}

const OWNER_TOPIC = /^(?:owner|team)-([a-z0-9][a-z0-9-]*)$/;
const LIFECYCLE_TOPIC = /^lifecycle-(production|experimental|deprecated)$/;

/** True for sources whose web URLs are GitHub's, where tree URLs and project slugs exist. */
function isGithub(repo: RepoRef) {
  return /^https?:\/\//.test(repo.webUrl) && repo.organization !== undefined;
}

/** The URL of a directory of the repository, as the catalog's location annotations want it. */
export function treeUrl(repo: RepoRef, path: string): string {
  const dir = path ? `${path.replace(/\/+$/, '')}/` : '';
  if (isGithub(repo)) {
    return `${repo.webUrl}/tree/${repo.defaultBranch}/${dir}`;
  }
  return `${repo.webUrl.replace(/\/+$/, '')}/${dir}`;
}

function ownerOf(
  repo: RepoRef,
  codeOwners: string[],
  options: RepoEntityOptions,
) {
  if (codeOwners.length > 0) return codeOwners[0];
  for (const topic of repo.topics) {
    const match = OWNER_TOPIC.exec(topic);
    if (match) return `group:default/${match[1]}`;
  }
  return options.defaultOwner;
}

function lifecycleOf(repo: RepoRef) {
  if (repo.archived) return 'deprecated';
  for (const topic of repo.topics) {
    const match = LIFECYCLE_TOPIC.exec(topic);
    if (match) return match[1];
  }
  return 'production';
}

function commonAnnotations(
  repo: RepoRef,
  path: string,
  options: RepoEntityOptions,
) {
  const location = `url:${treeUrl(repo, path)}`;
  const annotations: Record<string, string> = {
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
    [ANNOTATION_SOURCE_LOCATION]: location,
    [ANNOTATION_REPO_SOURCE]: options.sourceId,
  };
  if (isGithub(repo)) {
    annotations[
      'github.com/project-slug'
    ] = `${repo.organization}/${repo.name}`;
  }
  if (repo.archived) {
    annotations[ANNOTATION_ARCHIVED] = 'true';
  }
  return annotations;
}

function links(repo: RepoRef) {
  const result = [
    {
      url: repo.webUrl,
      title: 'Repository',
      icon: isGithub(repo) ? 'github' : 'code',
    },
  ];
  if (repo.homepage && /^https?:\/\//.test(repo.homepage)) {
    result.push({ url: repo.homepage, title: 'Homepage', icon: 'web' });
  }
  return result;
}

function describe(
  repo: RepoRef,
  component: InferredComponent,
  monorepo: boolean,
) {
  const where = monorepo ? `${component.path}/ of ${repo.name}` : repo.name;
  const base =
    !monorepo && repo.description
      ? repo.description
      : `${
          component.type === 'other' ? 'Component' : capitalise(component.type)
        } in ${where}`;
  return `${base}${repo.archived ? ' (archived)' : ''}`;
}

function capitalise(text: string) {
  return text.charAt(0).toLocaleUpperCase('en-US') + text.slice(1);
}

function componentEntity(
  inferred: InferredRepository,
  component: InferredComponent,
  options: RepoEntityOptions,
  system?: string,
): Entity {
  const { repo } = inferred;
  const tags = [
    ...new Set([...component.tags, ...(repo.archived ? ['archived'] : [])]),
  ];
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: component.name,
      description: describe(repo, component, inferred.monorepo),
      annotations: {
        ...component.annotations,
        ...commonAnnotations(repo, component.path, options),
        [ANNOTATION_INFERRED]: 'true',
        [ANNOTATION_INFERRED_EVIDENCE]: component.evidence.join('; '),
      },
      tags,
      links: links(repo),
    },
    spec: {
      type: component.type,
      lifecycle: lifecycleOf(repo),
      owner: ownerOf(repo, component.codeOwners, options),
      ...(system ? { system } : {}),
    },
  };
}

/**
 * The entities that describe an inferred repository: one Component per part it found, and for a
 * mono-repo a System that groups them. A repository with a catalog file gets none here: it is
 * described by its own file (see {@link catalogFileEntities}).
 */
export function inferredEntities(
  inferred: InferredRepository,
  options: RepoEntityOptions,
): Entity[] {
  if (inferred.catalogFile) return [];
  const { repo } = inferred;
  if (!inferred.monorepo) {
    return inferred.components.map(c => componentEntity(inferred, c, options));
  }
  const rootOwners =
    inferred.codeOwners ??
    inferred.components.find(c => c.path === '')?.codeOwners ??
    [];
  const system: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: repo.name.toLocaleLowerCase('en-US'),
      description: `${repo.description ?? `Mono-repo ${repo.name}`}${
        repo.archived ? ' (archived)' : ''
      }`,
      annotations: {
        ...commonAnnotations(repo, '', options),
        [ANNOTATION_INFERRED]: 'true',
        [ANNOTATION_INFERRED_EVIDENCE]: `mono-repo with ${inferred.components.length} components`,
      },
      tags: ['monorepo', ...(repo.archived ? ['archived'] : [])],
      links: links(repo),
    },
    spec: { owner: ownerOf(repo, rootOwners, options) },
  };
  return [
    system,
    ...inferred.components.map(c =>
      componentEntity(inferred, c, options, system.metadata.name),
    ),
  ];
}

/**
 * The entities a repository's own catalog file declares, for sources no upstream provider reads
 * (local git repositories). Documents that are not entities are skipped; the catalog's processing
 * validates the rest and reports errors on them.
 */
export function catalogFileEntities(
  repo: RepoRef,
  file: string,
  content: string,
  options: RepoEntityOptions,
): Entity[] {
  const location = `url:${treeUrl(repo, '')}${file}`;
  const dir = file.includes('/')
    ? file.slice(0, file.lastIndexOf('/') + 1)
    : '';
  return parseAllDocuments(content).flatMap(doc => {
    if (doc.errors.length > 0) return [];
    const value = doc.toJS();
    if (
      !value ||
      typeof value !== 'object' ||
      !value.kind ||
      !value.metadata?.name
    ) {
      return [];
    }
    const entity = value as Entity;
    return [
      {
        ...entity,
        metadata: {
          ...entity.metadata,
          annotations: {
            [ANNOTATION_SOURCE_LOCATION]: `url:${treeUrl(repo, '')}${dir}`,
            ...entity.metadata.annotations,
            [ANNOTATION_LOCATION]: location,
            [ANNOTATION_ORIGIN_LOCATION]: location,
            [ANNOTATION_REPO_SOURCE]: options.sourceId,
          },
        },
      },
    ];
  });
}

/** Entity refs, for logs and de-duplication. */
export function refsOf(entities: Entity[]): string[] {
  return entities.map(e => stringifyEntityRef(e));
}
