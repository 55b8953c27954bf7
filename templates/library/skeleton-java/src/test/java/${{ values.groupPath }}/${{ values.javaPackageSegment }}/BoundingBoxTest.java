package ${{ values.groupId }}.${{ values.javaPackageSegment }};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BoundingBoxTest {

  private static final BoundingBox BERLIN = BoundingBox.parse("13.0,52.3,13.8,52.7");

  @Test
  void parsesWestSouthEastNorth() {
    assertEquals(new BoundingBox(13.0, 52.3, 13.8, 52.7), BoundingBox.parse("13.0, 52.3, 13.8, 52.7"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1,2,3", "1,2,3,4,5", "1,2,x,4", "1,,3,4"})
  void refusesTextThatIsNotFourNumbers(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BoundingBox.parse(text));
    assertTrue(e.getMessage().contains("must be four numbers"), e.getMessage());
  }

  @Test
  void refusesOutOfRangeAndInvertedBoxes() {
    assertThrows(IllegalArgumentException.class, () -> BoundingBox.parse("-181,0,0,1"));
    assertThrows(IllegalArgumentException.class, () -> BoundingBox.parse("0,-91,1,1"));
    assertThrows(IllegalArgumentException.class, () -> BoundingBox.parse("0,10,1,5"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BoundingBox.parse("170,0,-170,1"));
    assertTrue(e.getMessage().contains("antimeridian"), e.getMessage());
  }

  @Test
  void intersectsOverlappingAndTouchingBoxes() {
    assertTrue(BERLIN.intersects(BoundingBox.parse("13.5,52.5,14.0,53.0")));
    assertTrue(BERLIN.intersects(BoundingBox.parse("13.8,52.7,14.0,53.0")));
  }

  @Test
  void doesNotIntersectDisjointBoxes() {
    assertFalse(BERLIN.intersects(BoundingBox.parse("2.2,48.8,2.5,48.9")));
  }
}
