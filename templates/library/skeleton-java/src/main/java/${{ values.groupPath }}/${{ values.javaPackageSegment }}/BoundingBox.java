package ${{ values.groupId }}.${{ values.javaPackageSegment }};

import java.util.Arrays;

/**
 * A geographic bounding box in WGS 84 degrees, in the order STAC and GeoJSON use: west (min
 * longitude), south (min latitude), east (max longitude), north (max latitude).
 *
 * @param west the minimum longitude, -180 to 180
 * @param south the minimum latitude, -90 to 90
 * @param east the maximum longitude, -180 to 180, not less than west (no antimeridian crossing)
 * @param north the maximum latitude, -90 to 90, not less than south
 */
public record BoundingBox(double west, double south, double east, double north) {

  /**
   * @throws IllegalArgumentException when a coordinate is out of range or not finite, south is
   *     north of north, or the box crosses the antimeridian (west greater than east)
   */
  public BoundingBox {
    check("west", west, 180);
    check("east", east, 180);
    check("south", south, 90);
    check("north", north, 90);
    if (south > north) {
      throw new IllegalArgumentException("south " + south + " is north of north " + north);
    }
    if (west > east) {
      throw new IllegalArgumentException(
          "west " + west + " is east of east " + east
              + ": boxes across the antimeridian are not supported");
    }
  }

  /**
   * Parses {@code "west,south,east,north"}, e.g. {@code "13.0,52.3,13.8,52.7"} (spaces allowed).
   *
   * @throws IllegalArgumentException when the text is not four numbers or the box is invalid
   */
  public static BoundingBox parse(String text) {
    String[] parts = text.split(",", -1);
    double[] values;
    try {
      values = Arrays.stream(parts).map(String::strip).mapToDouble(Double::parseDouble).toArray();
    } catch (NumberFormatException e) {
      values = new double[0];
    }
    if (parts.length != 4 || values.length != 4) {
      throw new IllegalArgumentException(
          "bounding box \"" + text + "\" must be four numbers: west,south,east,north");
    }
    return new BoundingBox(values[0], values[1], values[2], values[3]);
  }

  /** Whether the two boxes share at least one point (touching edges count). */
  public boolean intersects(BoundingBox other) {
    return west <= other.east && other.west <= east && south <= other.north && other.south <= north;
  }

  private static void check(String label, double value, double limit) {
    if (!Double.isFinite(value) || Math.abs(value) > limit) {
      throw new IllegalArgumentException(label + " " + value + " is outside -" + limit + ".." + limit);
    }
  }
}
