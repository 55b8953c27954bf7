const test = require('node:test');
const assert = require('node:assert');

test('tile coordinates are integers', () => {
  assert.ok(Number.isInteger(Number('12')));
});
