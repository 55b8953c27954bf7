import {
  clusterEntityName,
  environmentFromName,
  normalizeEnvironment,
  regionFromEksEndpoint,
} from './names';

describe('cluster names', () => {
  it('makes catalog names', () => {
    expect(clusterEntityName('orbital-prod')).toBe('orbital-prod');
    expect(clusterEntityName('Orbital_Prod.EU')).toBe('orbital-prod-eu');
    expect(clusterEntityName('--x--')).toBe('x');
    expect(clusterEntityName('***')).toMatch(/^cluster-[0-9a-f]{8}$/);
    const long = clusterEntityName('a'.repeat(100));
    expect(long).toHaveLength(63);
    expect(long).not.toBe(clusterEntityName(`${'a'.repeat(99)}b`));
  });

  it('finds the environment in a name, as a whole word', () => {
    expect(environmentFromName('orbital-prod')).toBe('prod');
    expect(environmentFromName('piksel-production')).toBe('prod');
    expect(environmentFromName('prod-cluster')).toBe('prod');
    expect(environmentFromName('stg_eu_1')).toBe('staging');
    expect(environmentFromName('Orbital-Staging')).toBe('staging');
    expect(environmentFromName('development')).toBe('dev');
    expect(environmentFromName('piksel-sandbox')).toBe('dev');
    expect(environmentFromName('product-api')).toBeUndefined();
    expect(environmentFromName('devtools')).toBeUndefined();
    expect(environmentFromName('preprod')).toBeUndefined();
    expect(environmentFromName(undefined)).toBeUndefined();
  });

  it('normalises environments', () => {
    expect(normalizeEnvironment('Production')).toBe('prod');
    expect(normalizeEnvironment(' STG ')).toBe('staging');
    expect(normalizeEnvironment('QA')).toBe('qa');
    expect(normalizeEnvironment('Load Test (EU)')).toBe('load-test-eu');
    expect(normalizeEnvironment('  ')).toBeUndefined();
    expect(normalizeEnvironment(undefined)).toBeUndefined();
  });

  it('reads the region of an EKS endpoint', () => {
    expect(
      regionFromEksEndpoint(
        'https://9D4060B6F9D9A802D051E02E406EA2DD.gr7.eu-central-1.eks.amazonaws.com',
      ),
    ).toBe('eu-central-1');
    expect(
      regionFromEksEndpoint('https://ABC.yl4.us-gov-west-1.eks.amazonaws.com'),
    ).toBe('us-gov-west-1');
    expect(regionFromEksEndpoint('https://k8s.example.com')).toBeUndefined();
    expect(regionFromEksEndpoint('nonsense')).toBeUndefined();
  });
});
