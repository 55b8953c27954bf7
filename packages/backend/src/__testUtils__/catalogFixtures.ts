import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { PortalProcess, REPO_ROOT } from './PortalProcess';

/** Every catalog file the default config loads, relative to the repository root. */
export function catalogFiles(): string[] {
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })
      .flatMap(d => {
        const rel = path.join(dir, d.name);
        if (d.isDirectory()) return walk(rel);
        return /\.ya?ml$/.test(d.name) ? [rel] : [];
      });
  const templates = fs.existsSync(path.join(REPO_ROOT, 'templates'))
    ? walk('templates').filter(f => path.basename(f) === 'template.yaml')
    : [];
  return [
    'catalog-info.yaml',
    ...walk('examples/catalog'),
    ...templates,
  ].sort();
}

/** The entities written in a catalog file, with the file they came from. */
export function entitiesIn(file: string): Entity[] {
  const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
  return parseAllDocuments(text).flatMap(doc => {
    if (doc.errors.length) {
      throw new Error(`${file}: ${doc.errors.map(e => e.message).join('; ')}`);
    }
    const value = doc.toJS();
    return value ? [value as Entity] : [];
  });
}

export function entityRefOf(entity: Entity): string {
  return stringifyEntityRef(entity).toLocaleLowerCase('en-US');
}

/** Refs of every entity the repository's catalog files declare. */
export function exampleEntityRefs(): string[] {
  return catalogFiles().flatMap(entitiesIn).map(entityRefOf).sort();
}

/** Every entity the caller may read, through the catalog's paginated query API. */
export async function allEntities(
  portal: PortalProcess,
  token: string,
): Promise<Entity[]> {
  const items: Entity[] = [];
  let cursor: string | undefined;
  do {
    const page: { items: Entity[]; pageInfo: { nextCursor?: string } } =
      await portal.fetchJson(
        `/api/catalog/entities/by-query?limit=500${
          cursor ? `&cursor=${cursor}` : ''
        }`,
        { token },
      );
    items.push(...page.items);
    cursor = page.pageInfo.nextCursor;
  } while (cursor);
  return items;
}

/** Waits until every entity declared in the repository's catalog files is in the catalog. */
export async function waitForExamples(portal: PortalProcess, token: string) {
  const expected = exampleEntityRefs();
  return portal.eventually(
    async () => {
      const entities = await allEntities(portal, token);
      const present = new Set(entities.map(entityRefOf));
      return expected.every(ref => present.has(ref)) ? entities : undefined;
    },
    `all ${expected.length} example entities`,
    120_000,
  );
}
