import { InMemoryEtagCache } from './EtagCache';

const entry = (size: number, value: unknown = size) => ({
  etag: `"${size}"`,
  value,
  size,
});

describe('InMemoryEtagCache', () => {
  it('stores, replaces and deletes entries, tracking their size', () => {
    const cache = new InMemoryEtagCache();
    cache.set('a', entry(10));
    cache.set('b', entry(20));
    cache.set('a', entry(5, 'new'));
    expect(cache.get('a')).toEqual(entry(5, 'new'));
    expect(cache.size).toBe(2);
    expect(cache.totalBytes).toBe(25);
    cache.delete('b');
    cache.delete('missing');
    expect(cache.get('b')).toBeUndefined();
    expect(cache.totalBytes).toBe(5);
  });

  it('evicts the least recently used entries beyond maxEntries', () => {
    const cache = new InMemoryEtagCache({ maxEntries: 2 });
    cache.set('a', entry(1));
    cache.set('b', entry(1));
    cache.get('a'); // a is now more recent than b
    cache.set('c', entry(1));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
  });

  it('evicts beyond maxBytes and never keeps an entry larger than the bound', () => {
    const cache = new InMemoryEtagCache({ maxBytes: 100 });
    cache.set('a', entry(60));
    cache.set('b', entry(30));
    cache.set('c', entry(30));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.totalBytes).toBe(60);
    cache.set('huge', entry(101));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('keeps exactly the newest entries of an organisation-sized sweep', () => {
    const cache = new InMemoryEtagCache({ maxEntries: 50_000 });
    for (let i = 0; i < 200_000; i++) cache.set(`k${i}`, entry(1));
    expect(cache.size).toBe(50_000);
    expect(cache.totalBytes).toBe(50_000);
    expect(cache.get('k199999')).toBeDefined();
    expect(cache.get('k150000')).toBeDefined();
    expect(cache.get('k149999')).toBeUndefined();
    expect(cache.get('k0')).toBeUndefined();
  });
});
