import { ApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';

/** The rule the templates' `name` pattern and `portal:repo:prepare` enforce. */
export const REPOSITORY_NAME_PATTERN = /^[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/**
 * Why a new repository name is refused, or undefined when it may be used: the format, then
 * whether the catalog already knows something by that name (every repository is catalogued, so
 * this catches taken repositories while the user is still in the form; the template's first step
 * checks the git host itself before anything is created).
 */
export async function repositoryNameProblem(
  value: unknown,
  apiHolder: ApiHolder,
): Promise<string | undefined> {
  if (typeof value !== 'string' || value.length === 0) return undefined;
  if (!REPOSITORY_NAME_PATTERN.test(value) || value.includes('--')) {
    return 'use 2 to 63 lower-case letters, digits and single hyphens, starting with a letter and ending with a letter or digit';
  }
  const catalogApi = apiHolder.get(catalogApiRef);
  if (!catalogApi) return undefined;
  const { items } = await catalogApi.getEntities({
    filter: { 'metadata.name': value },
    fields: ['kind', 'metadata.name', 'metadata.namespace'],
  });
  const taken = items.find(e => e.kind !== 'Location' && e.kind !== 'Template');
  if (taken) {
    return `"${value}" is already taken: ${taken.kind.toLocaleLowerCase(
      'en-US',
    )}:${taken.metadata.namespace ?? 'default'}/${
      taken.metadata.name
    } is in the catalog; choose another name`;
  }
  return undefined;
}
