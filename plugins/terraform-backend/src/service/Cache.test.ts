import { Cache } from './Cache';

describe('Cache', () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => {
    now = 0;
  });

  it('shares one load between concurrent requests and keeps the value for its ttl', async () => {
    const cache = new Cache<number>({
      ttlMs: 1000,
      maxEntries: 10,
      now: clock,
    });
    const load = jest.fn(async () => 42);
    await Promise.all([cache.get('k', load), cache.get('k', load)]);
    now = 999;
    await expect(cache.get('k', load)).resolves.toBe(42);
    expect(load).toHaveBeenCalledTimes(1);
    now = 1001;
    await cache.get('k', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('asks again after a failure by default', async () => {
    const cache = new Cache<number>({
      ttlMs: 1000,
      maxEntries: 10,
      now: clock,
    });
    const load = jest.fn(async () => {
      throw new Error('GitHub answered 502');
    });
    await expect(cache.get('k', load)).rejects.toThrow('502');
    await expect(cache.get('k', load)).rejects.toThrow('502');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('answers a failure from memory for failureTtlMs, then asks again', async () => {
    const cache = new Cache<number>({
      ttlMs: 60_000,
      failureTtlMs: 15_000,
      maxEntries: 10,
      now: clock,
    });
    const load = jest
      .fn<Promise<number>, []>()
      .mockRejectedValueOnce(new Error('GitHub answered 502'))
      .mockResolvedValue(7);
    await expect(cache.get('k', load)).rejects.toThrow('502');
    now = 14_000;
    await expect(cache.get('k', load)).rejects.toThrow('502');
    expect(load).toHaveBeenCalledTimes(1);
    now = 15_001;
    await expect(cache.get('k', load)).resolves.toBe(7);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
