// The public API of the package: everything exported here is a promise to every consumer.
export type { BoundingBox } from './bbox.ts';
export { intersects, parseBoundingBox } from './bbox.ts';
