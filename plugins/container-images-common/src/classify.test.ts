import { classifyTag, compareVersionTags } from './classify';

describe('classifyTag', () => {
  it.each([
    ['1.2.3', 'stable'],
    ['0.1.0', 'stable'],
    ['10.20.30', 'stable'],
    ['1.2.3-SNAPSHOT', 'snapshot'],
    ['develop', 'moving'],
    ['latest', 'moving'],
    ['v1.2.3', 'other'],
    ['1.2', 'other'],
    ['01.2.3', 'other'],
    ['1.2.3-snapshot', 'other'],
    ['1.2.3-rc.1', 'other'],
    ['sha-4f2a9c1', 'other'],
  ])('%s is %s', (tag, expected) => {
    expect(classifyTag(tag)).toBe(expected);
  });

  it('takes the moving tags from configuration', () => {
    expect(classifyTag('qa', ['qa'])).toBe('moving');
    expect(classifyTag('latest', ['qa'])).toBe('other');
  });
});

describe('compareVersionTags', () => {
  it('orders numerically, not as text', () => {
    expect(
      ['1.10.0', '1.2.0', '1.9.9', '2.0.0'].sort(compareVersionTags),
    ).toEqual(['1.2.0', '1.9.9', '1.10.0', '2.0.0']);
  });
});
