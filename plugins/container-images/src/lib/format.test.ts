import { absoluteTime, humanBytes, relativeTime, shortDigest } from './format';

describe('format', () => {
  it('shortens a digest to the first 12 hex digits, like docker images', () => {
    expect(shortDigest(`sha256:${'0123456789abcdef'.repeat(4)}`)).toBe(
      '0123456789ab',
    );
  });

  it('writes sizes in binary units with one decimal below 100', () => {
    expect(humanBytes(512)).toBe('512 B');
    expect(humanBytes(1536)).toBe('1.5 KB');
    expect(humanBytes(48_300_000)).toBe('46.1 MB');
    expect(humanBytes(150 * 1024 * 1024)).toBe('150 MB');
    expect(humanBytes(undefined)).toBe('–');
  });

  it('writes times relative to a given instant', () => {
    const now = Date.parse('2025-03-14T12:00:00Z');
    expect(relativeTime('2025-03-14T11:59:50Z', now)).toBe('just now');
    expect(relativeTime('2025-03-14T09:00:00Z', now)).toBe('3 hours ago');
    expect(relativeTime('2025-03-13T12:00:00Z', now)).toBe('yesterday');
    expect(relativeTime('2025-02-01T12:00:00Z', now)).toBe('last month');
    expect(relativeTime(undefined, now)).toBe('–');
    expect(absoluteTime('2025-03-14T09:26:53.123Z')).toBe(
      '2025-03-14 09:26:53 UTC',
    );
  });
});
