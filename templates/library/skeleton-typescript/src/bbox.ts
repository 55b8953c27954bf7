/**
 * A geographic bounding box in WGS 84 degrees, in the order STAC and GeoJSON use:
 * west (min longitude), south (min latitude), east (max longitude), north (max latitude).
 */
export type BoundingBox = readonly [
  west: number,
  south: number,
  east: number,
  north: number,
];

/**
 * Parses "west,south,east,north", e.g. "13.0,52.3,13.8,52.7" (spaces allowed).
 * @throws {RangeError} when the text is not four numbers, a coordinate is out of range, south is
 *   north of north, or the box crosses the antimeridian (west > east), which is not supported.
 */
export function parseBoundingBox(text: string): BoundingBox {
  const parts = text.split(',').map(p => p.trim());
  if (
    parts.length !== 4 ||
    parts.some(p => p === '' || !Number.isFinite(Number(p)))
  ) {
    throw new RangeError(
      `bounding box "${text}" must be four numbers: west,south,east,north`,
    );
  }
  const [west, south, east, north] = parts.map(Number) as [
    number,
    number,
    number,
    number,
  ];
  for (const [label, value, limit] of [
    ['west', west, 180],
    ['east', east, 180],
    ['south', south, 90],
    ['north', north, 90],
  ] as const) {
    if (Math.abs(value) > limit) {
      throw new RangeError(`${label} ${value} is outside -${limit}..${limit}`);
    }
  }
  if (south > north) {
    throw new RangeError(`south ${south} is north of north ${north}`);
  }
  if (west > east) {
    throw new RangeError(
      `west ${west} is east of east ${east}: boxes across the antimeridian are not supported`,
    );
  }
  return [west, south, east, north];
}

/** Whether two boxes share at least one point (touching edges count). */
export function intersects(a: BoundingBox, b: BoundingBox): boolean {
  const [aWest, aSouth, aEast, aNorth] = a;
  const [bWest, bSouth, bEast, bNorth] = b;
  return (
    aWest <= bEast && bWest <= aEast && aSouth <= bNorth && bSouth <= aNorth
  );
}
