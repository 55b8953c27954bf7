package com.orbitaldata.${{ values.javaPackageName }};

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;

/**
 * One JSON object per line on stdout, which the cluster's log collector parses as is. Plain
 * stdout also keeps working in the shutdown hook, where java.util.logging is already reset.
 */
final class Log {
  private Log() {}

  static void info(String message) {
    write(Json.object("time", Instant.now().toString(), "level", "INFO", "message", message));
  }

  static void error(String message) {
    write(Json.object("time", Instant.now().toString(), "level", "ERROR", "message", message));
  }

  static void error(String message, Throwable error) {
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    write(
        Json.object(
            "time", Instant.now().toString(),
            "level", "ERROR",
            "message", message,
            "error", trace.toString()));
  }

  private static synchronized void write(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
