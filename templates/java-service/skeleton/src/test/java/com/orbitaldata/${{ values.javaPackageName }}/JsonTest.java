package com.orbitaldata.${{ values.javaPackageName }};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void escapesWhatJsonRequires() {
    assertEquals("\"a\\\"b\\\\c\\nd\\u0001é\"", Json.quote("a\"b\\c\nd\u0001é"));
  }

  @Test
  void buildsFlatObjectsInOrder() {
    assertEquals("{}", Json.object());
    assertEquals("{\"b\":\"2\",\"a\":\"1\"}", Json.object("b", "2", "a", "1"));
    assertThrows(IllegalArgumentException.class, () -> Json.object("lonely"));
  }
}
