package com.orbitaldata.${{ values.javaPackageName }};

import java.io.IOException;
import java.net.InetSocketAddress;

/** Starts the HTTP server and shuts it down gracefully on SIGTERM (what Kubernetes sends). */
public final class Application {
  private Application() {}

  public static void main(String[] args) throws IOException {
    Config config;
    try {
      config = Config.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      Log.error("Invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    BuildInfo info = BuildInfo.load();
    Server server = new Server(new InetSocketAddress(config.port()), info);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> shutdown(server, config), "shutdown"));
    server.start();
    Log.info(info.name() + " " + info.version() + " listening on port " + server.port());
  }

  /**
   * Readiness fails first, so Kubernetes takes the pod out of the Service while it still serves;
   * after the drain period the server stops accepting and waits for running requests.
   */
  private static void shutdown(Server server, Config config) {
    Log.info("Shutting down: /readyz fails for " + config.shutdownDrain().toSeconds() + " s");
    server.drain();
    try {
      Thread.sleep(config.shutdownDrain().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.stop(config.shutdownGrace());
    Log.info("Stopped");
  }
}
