package com.orbitaldata.${{ values.javaPackageName }};

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The service's name and version, written into build-info.properties by Maven (resource
 * filtering), so the running service reports exactly what pom.xml said when it was built.
 */
public record BuildInfo(String name, String version) {
  static final String RESOURCE = "/build-info.properties";

  public static BuildInfo load() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
    return new BuildInfo(
        properties.getProperty("name", "unknown"), properties.getProperty("version", "unknown"));
  }
}
