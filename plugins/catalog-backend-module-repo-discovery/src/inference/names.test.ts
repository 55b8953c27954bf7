import {
  environmentFromName,
  isValidTag,
  normalizeEnvironment,
  partName,
  toEntityName,
  uniqueNames,
} from './names';

describe('names', () => {
  it('makes catalog-valid entity names', () => {
    expect(toEntityName('Piksel_Geo.Services')).toBe('piksel-geo-services');
    expect(toEntityName('--lumen--ml--')).toBe('lumen-ml');
    expect(toEntityName('a'.repeat(70))).toHaveLength(63);
    expect(toEntityName(`${'a'.repeat(62)}-b`)).toBe('a'.repeat(62));
    expect(toEntityName('___')).toBe('');
  });

  it('names mono-repo parts <repo>-<leaf>, without repeating the repository name', () => {
    expect(partName('lumen-ml', 'services/scoring')).toBe('lumen-ml-scoring');
    expect(partName('lumen-ml', 'web')).toBe('lumen-ml-web');
    expect(partName('lumen', 'services/lumen')).toBe('lumen');
    expect(partName('lumen', 'services/lumen-api')).toBe('lumen-api');
    expect(partName('Lumen', 'libs/DB_Tools')).toBe('lumen-db-tools');
  });

  it('de-duplicates colliding names with a suffix', () => {
    expect(
      uniqueNames(['lumen-api', 'lumen-api', 'lumen-web', 'lumen-api']),
    ).toEqual(['lumen-api', 'lumen-api-2', 'lumen-web', 'lumen-api-3']);
    const long = 'x'.repeat(63);
    expect(uniqueNames([long, long])[1]).toBe(`${'x'.repeat(61)}-2`);
  });

  it('knows catalog tags', () => {
    expect(isValidTag('c++')).toBe(true);
    expect(isValidTag('owner-shop-backend')).toBe(true);
    expect(isValidTag('Not A Tag')).toBe(false);
  });

  it('reads environments from whole words of a name, and from labels', () => {
    expect(environmentFromName('edge-prod')).toBe('prod');
    expect(environmentFromName('piksel-production')).toBe('prod');
    expect(environmentFromName('stg-eu-1')).toBe('staging');
    expect(environmentFromName('development')).toBe('dev');
    expect(environmentFromName('product-api')).toBeUndefined();
    expect(environmentFromName('devtools')).toBeUndefined();
    expect(normalizeEnvironment('Production')).toBe('prod');
    expect(normalizeEnvironment('qa')).toBe('qa');
    expect(normalizeEnvironment(42)).toBeUndefined();
  });
});
