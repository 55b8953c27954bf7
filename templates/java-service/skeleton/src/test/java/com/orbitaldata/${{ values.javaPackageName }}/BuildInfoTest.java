package com.orbitaldata.${{ values.javaPackageName }};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BuildInfoTest {
  @Test
  void comesFromThePomThroughResourceFiltering() {
    BuildInfo info = BuildInfo.load();
    assertEquals("${{ values.name }}", info.name());
    assertTrue(
        info.version().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"),
        "version from pom.xml, got " + info.version());
  }
}
