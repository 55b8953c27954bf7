package com.orbitaldata.${{ values.javaPackageName }};

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP API, on the JDK's own server (com.sun.net.httpserver): no framework, no dependencies.
 *
 * <ul>
 *   <li>{@code GET /healthz}: liveness, 200 while the process can answer at all
 *   <li>{@code GET /readyz}: readiness, 200 while the service takes traffic, 503 while it drains
 *   <li>{@code GET /api/v1/info}: the service's name and the version it was built from
 * </ul>
 *
 * Add an endpoint: a case in {@link #respond} (and a test in ServerTest).
 */
public final class Server {
  private static final Map<String, String> ALLOW_GET = Map.of("Allow", "GET, HEAD");

  /** What a route answers: status, JSON body, extra headers. */
  record Response(int status, String body, Map<String, String> headers) {
    static Response json(int status, String body) {
      return new Response(status, body, Map.of());
    }
  }

  private final HttpServer http;
  private final ExecutorService executor;
  private final BuildInfo info;
  private final AtomicBoolean ready = new AtomicBoolean(false);

  public Server(InetSocketAddress address, BuildInfo info) throws IOException {
    this.info = info;
    this.http = HttpServer.create(address, 0);
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
            task -> new Thread(task, "http-" + threads.incrementAndGet()));
    http.setExecutor(executor);
    http.createContext("/", this::handle);
  }

  public void start() {
    http.start();
    ready.set(true);
  }

  /** The port the server listens on (the real one when it was started on port 0). */
  public int port() {
    return http.getAddress().getPort();
  }

  public boolean isReady() {
    return ready.get();
  }

  /** From now on /readyz answers 503, so Kubernetes stops sending new traffic. */
  public void drain() {
    ready.set(false);
  }

  /** Stops accepting connections and waits up to {@code grace} for running requests. */
  public void stop(Duration grace) {
    ready.set(false);
    http.stop((int) Math.min(Integer.MAX_VALUE, grace.toSeconds()));
    executor.shutdown();
    try {
      if (!executor.awaitTermination(grace.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** The routes: method and path in, response out; no I/O, so tests can call it directly. */
  Response respond(String method, String path) {
    Response response =
        switch (path) {
          case "/healthz" -> Response.json(200, Json.object("status", "ok"));
          case "/readyz" ->
              ready.get()
                  ? Response.json(200, Json.object("status", "ready"))
                  : Response.json(503, Json.object("status", "draining"));
          case "/api/v1/info" ->
              Response.json(200, Json.object("name", info.name(), "version", info.version()));
          default -> null;
        };
    if (response == null) {
      return Response.json(404, Json.object("error", "not found", "path", path));
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return new Response(405, Json.object("error", "method not allowed"), ALLOW_GET);
    }
    return response;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      Response response;
      try {
        response = respond(method, exchange.getRequestURI().getPath());
      } catch (RuntimeException e) {
        Log.error(method + " " + exchange.getRequestURI() + " failed", e);
        response = Response.json(500, Json.object("error", "internal error"));
      }
      byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      response.headers().forEach(exchange.getResponseHeaders()::set);
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(response.status(), -1);
      } else {
        exchange.sendResponseHeaders(response.status(), body.length);
        exchange.getResponseBody().write(body);
      }
    }
  }
}
