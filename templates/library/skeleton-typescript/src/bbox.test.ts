import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { intersects, parseBoundingBox } from './index.ts';

describe('parseBoundingBox', () => {
  it('parses west,south,east,north', () => {
    assert.deepEqual(
      parseBoundingBox('13.0, 52.3, 13.8, 52.7'),
      [13, 52.3, 13.8, 52.7],
    );
  });

  it('refuses text that is not four numbers', () => {
    for (const text of ['', '1,2,3', '1,2,3,4,5', '1,2,x,4', '1,,3,4']) {
      assert.throws(() => parseBoundingBox(text), /must be four numbers/, text);
    }
  });

  it('refuses coordinates out of range and inverted boxes', () => {
    assert.throws(() => parseBoundingBox('-181,0,0,1'), /west -181 is outside/);
    assert.throws(() => parseBoundingBox('0,-91,1,1'), /south -91 is outside/);
    assert.throws(
      () => parseBoundingBox('0,10,1,5'),
      /south 10 is north of north 5/,
    );
    assert.throws(() => parseBoundingBox('170,0,-170,1'), /antimeridian/);
  });
});

describe('intersects', () => {
  const berlin = parseBoundingBox('13.0,52.3,13.8,52.7');

  it('is true for overlapping and touching boxes', () => {
    assert.equal(
      intersects(berlin, parseBoundingBox('13.5,52.5,14.0,53.0')),
      true,
    );
    assert.equal(
      intersects(berlin, parseBoundingBox('13.8,52.7,14.0,53.0')),
      true,
    );
  });

  it('is false for disjoint boxes', () => {
    assert.equal(
      intersects(berlin, parseBoundingBox('2.2,48.8,2.5,48.9')),
      false,
    );
  });
});
