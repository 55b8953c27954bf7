import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { REPO_ROOT } from './PortalProcess';

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
  return ['catalog-info.yaml', ...walk('examples'), ...templates].sort();
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
