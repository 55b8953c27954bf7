import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { TestApiRegistry } from '@backstage/test-utils';
import { repositoryNameProblem } from './repositoryName';

const apis = TestApiRegistry.from([
  catalogApiRef,
  catalogApiMock({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'geo-tiles-service', namespace: 'default' },
        spec: {
          type: 'service',
          owner: 'platform-team',
          lifecycle: 'production',
        },
      },
      {
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: { name: 'node-service', namespace: 'default' },
        spec: {},
      },
    ],
  }),
]);

describe('repositoryNameProblem', () => {
  it('accepts a free, well-formed name', async () => {
    await expect(
      repositoryNameProblem('parcel-tracker', apis),
    ).resolves.toBeUndefined();
  });

  it('refuses a name the catalog already has, saying which entity', async () => {
    await expect(
      repositoryNameProblem('geo-tiles-service', apis),
    ).resolves.toBe(
      '"geo-tiles-service" is already taken: component:default/geo-tiles-service is in the catalog; choose another name',
    );
  });

  it('does not count templates, whose names are not repositories', async () => {
    await expect(
      repositoryNameProblem('node-service', apis),
    ).resolves.toBeUndefined();
  });

  it.each(['Parcel', 'parcel_tracker', '-parcel', 'parcel-', 'par--cel', 'p'])(
    'refuses the malformed %j before asking the catalog',
    async name => {
      await expect(repositoryNameProblem(name, apis)).resolves.toMatch(
        /lower-case letters, digits and single hyphens/,
      );
    },
  );

  it('leaves an empty value to the required check', async () => {
    await expect(repositoryNameProblem('', apis)).resolves.toBeUndefined();
  });
});
