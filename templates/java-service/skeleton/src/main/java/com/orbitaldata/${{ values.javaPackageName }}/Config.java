package com.orbitaldata.${{ values.javaPackageName }};

import java.time.Duration;
import java.util.Map;

/**
 * Settings, from environment variables (set in k8s/base/deployment.yaml). A bad value stops the
 * service at start-up with a message naming the variable.
 *
 * @param port PORT: the HTTP port, 0 for any free one (default 8080)
 * @param shutdownDrain SHUTDOWN_DRAIN_SECONDS: how long /readyz fails before the server stops
 *     accepting connections on SIGTERM (default 5)
 * @param shutdownGrace SHUTDOWN_GRACE_SECONDS: how long running requests may then take (default
 *     10)
 */
public record Config(int port, Duration shutdownDrain, Duration shutdownGrace) {
  public static final int DEFAULT_PORT = 8080;

  public static Config fromEnvironment(Map<String, String> env) {
    return new Config(
        integer(env, "PORT", DEFAULT_PORT, 0, 65535),
        Duration.ofSeconds(integer(env, "SHUTDOWN_DRAIN_SECONDS", 5, 0, 300)),
        Duration.ofSeconds(integer(env, "SHUTDOWN_GRACE_SECONDS", 10, 0, 300)));
  }

  private static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    int value;
    try {
      value = Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, not \"" + raw + "\"", e);
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", not " + value);
    }
    return value;
  }
}
