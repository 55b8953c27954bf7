package com.orbitaldata.${{ values.javaPackageName }};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
  @Test
  void defaults() {
    Config config = Config.fromEnvironment(Map.of());
    assertEquals(8080, config.port());
    assertEquals(Duration.ofSeconds(5), config.shutdownDrain());
    assertEquals(Duration.ofSeconds(10), config.shutdownGrace());
  }

  @Test
  void readsTheEnvironment() {
    Config config =
        Config.fromEnvironment(
            Map.of("PORT", " 9090 ", "SHUTDOWN_DRAIN_SECONDS", "0", "SHUTDOWN_GRACE_SECONDS", "3"));
    assertEquals(9090, config.port());
    assertEquals(Duration.ZERO, config.shutdownDrain());
    assertEquals(Duration.ofSeconds(3), config.shutdownGrace());
  }

  @Test
  void refusesBadValuesNamingTheVariable() {
    IllegalArgumentException notANumber =
        assertThrows(
            IllegalArgumentException.class, () -> Config.fromEnvironment(Map.of("PORT", "http")));
    assertEquals("PORT must be a whole number, not \"http\"", notANumber.getMessage());
    IllegalArgumentException outOfRange =
        assertThrows(
            IllegalArgumentException.class, () -> Config.fromEnvironment(Map.of("PORT", "70000")));
    assertEquals("PORT must be between 0 and 65535, not 70000", outOfRange.getMessage());
  }
}
