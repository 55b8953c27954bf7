import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  parseEntityRef,
  resourceEntityV1alpha1Validator,
  stringifyEntityRef,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
  KindValidator,
} from '@backstage/catalog-model';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import {
  catalogFiles,
  entitiesIn,
  entityRefOf,
} from '../__testUtils__/catalogFixtures';

const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

const kindValidators: Record<string, KindValidator> = {
  API: apiEntityV1alpha1Validator,
  Component: componentEntityV1alpha1Validator,
  Domain: domainEntityV1alpha1Validator,
  Group: groupEntityV1alpha1Validator,
  Location: locationEntityV1alpha1Validator,
  Resource: resourceEntityV1alpha1Validator,
  System: systemEntityV1alpha1Validator,
  User: userEntityV1alpha1Validator,
  Template: templateEntityV1beta3Validator,
};

const files = catalogFiles();
const all = files.flatMap(file =>
  entitiesIn(file).map(entity => ({ file, entity })),
);
const known = new Set(all.map(({ entity }) => entityRefOf(entity)));

/** Spec fields that point at other entities, with the kind a bare name means. */
const relationFields: Array<[string, string]> = [
  ['owner', 'group'],
  ['system', 'system'],
  ['domain', 'domain'],
  ['parent', 'group'],
  ['children', 'group'],
  ['memberOf', 'group'],
  ['subcomponentOf', 'component'],
  ['providesApis', 'api'],
  ['consumesApis', 'api'],
  ['dependsOn', 'component'],
  ['dependencyOf', 'component'],
];

function targetsOf(entity: Entity): string[] {
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  return relationFields.flatMap(([field, defaultKind]) => {
    const value = spec[field];
    const refs = value === undefined ? [] : [value].flat();
    return refs.map(ref =>
      stringifyEntityRef(
        parseEntityRef(String(ref), {
          defaultKind,
          defaultNamespace: entity.metadata.namespace ?? 'default',
        }),
      ).toLocaleLowerCase('en-US'),
    );
  });
}

describe('the catalog files the portal ships', () => {
  it('include the portal itself, the example organisation and the templates', () => {
    expect(files).toContain('catalog-info.yaml');
    expect(
      files.filter(f => f.startsWith('examples/catalog/')).length,
    ).toBeGreaterThan(5);
    expect(all.length).toBeGreaterThan(100);
  });

  it.each(
    all.map(({ file, entity }) => [`${file}: ${entityRefOf(entity)}`, entity]),
  )('%s is a valid entity', async (_, entity) => {
    await expect(policy.enforce(entity as Entity)).resolves.toBeDefined();
    const validator = kindValidators[(entity as Entity).kind];
    expect(validator).toBeDefined();
    await expect(validator.check(entity as Entity)).resolves.toBe(true);
  });

  it('name every entity once', () => {
    const seen = new Map<string, string>();
    const duplicates = all.flatMap(({ file, entity }) => {
      const ref = entityRefOf(entity);
      const first = seen.get(ref);
      seen.set(ref, file);
      return first ? [`${ref} in ${first} and ${file}`] : [];
    });
    expect(duplicates).toEqual([]);
  });

  it('only point at entities that exist', () => {
    const dangling = all.flatMap(({ file, entity }) =>
      targetsOf(entity)
        .filter(ref => !known.has(ref))
        .map(ref => `${file}: ${entityRefOf(entity)} → ${ref}`),
    );
    expect(dangling).toEqual([]);
  });

  it('model dev, staging and prod clusters the kubernetes plugin can locate', () => {
    const clusters = all
      .map(({ entity }) => entity)
      .filter(
        e => e.kind === 'Resource' && e.spec?.type === 'kubernetes-cluster',
      );
    const environments = new Set(
      clusters.map(
        c => c.metadata.annotations?.['platform-portal.io/environment'],
      ),
    );
    for (const env of ['dev', 'staging', 'prod']) {
      expect(environments.has(env)).toBe(true);
    }
    for (const cluster of clusters) {
      expect(cluster.metadata.annotations).toEqual(
        expect.objectContaining({
          'kubernetes.io/api-server': expect.stringMatching(/^https:\/\//),
          'kubernetes.io/auth-provider': expect.any(String),
        }),
      );
    }
  });

  it('give every component and resource an owner that is a group or user', () => {
    const wrongOwner = all
      .map(({ entity }) => entity)
      .filter(e => ['Component', 'Resource', 'API', 'System'].includes(e.kind))
      .filter(e => {
        const { kind } = parseEntityRef(String(e.spec?.owner), {
          defaultKind: 'group',
        });
        return !['group', 'user'].includes(kind.toLocaleLowerCase('en-US'));
      })
      .map(entityRefOf);
    expect(wrongOwner).toEqual([]);
  });
});
