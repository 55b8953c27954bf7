package com.orbitaldata.${{ values.javaPackageName }};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real server on a free loopback port, called over HTTP. */
class ServerTest {
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Server server;

  @BeforeEach
  void start() throws IOException {
    server =
        new Server(
            new InetSocketAddress("127.0.0.1", 0), new BuildInfo("${{ values.name }}", "1.2.3"));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(Duration.ZERO);
  }

  private HttpResponse<String> call(String method, String path)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(5))
            .build();
    return client.send(request, BodyHandlers.ofString());
  }

  @Test
  void healthzAnswersOk() throws Exception {
    HttpResponse<String> response = call("GET", "/healthz");
    assertEquals(200, response.statusCode());
    assertEquals("{\"status\":\"ok\"}", response.body());
    assertEquals(
        "application/json; charset=utf-8",
        response.headers().firstValue("Content-Type").orElse(""));
  }

  @Test
  void readyzFailsOnceTheServerDrains() throws Exception {
    assertEquals(200, call("GET", "/readyz").statusCode());
    server.drain();
    assertFalse(server.isReady());
    HttpResponse<String> draining = call("GET", "/readyz");
    assertEquals(503, draining.statusCode());
    assertEquals("{\"status\":\"draining\"}", draining.body());
    // Liveness is unaffected: the pod must not be restarted while it drains.
    assertEquals(200, call("GET", "/healthz").statusCode());
  }

  @Test
  void infoReportsNameAndVersion() throws Exception {
    HttpResponse<String> response = call("GET", "/api/v1/info");
    assertEquals(200, response.statusCode());
    assertEquals("{\"name\":\"${{ values.name }}\",\"version\":\"1.2.3\"}", response.body());
  }

  @Test
  void headHasHeadersButNoBody() throws Exception {
    HttpResponse<String> response = call("HEAD", "/api/v1/info");
    assertEquals(200, response.statusCode());
    assertEquals("", response.body());
  }

  @Test
  void unknownPathsAre404() throws Exception {
    HttpResponse<String> response = call("GET", "/nope");
    assertEquals(404, response.statusCode());
    assertEquals("{\"error\":\"not found\",\"path\":\"/nope\"}", response.body());
    // Routes match whole paths, not prefixes.
    assertEquals(404, call("GET", "/healthz/extra").statusCode());
  }

  @Test
  void otherMethodsAre405WithAllow() throws Exception {
    HttpResponse<String> response = call("POST", "/api/v1/info");
    assertEquals(405, response.statusCode());
    assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElse(""));
  }

  @Test
  void stopEndsReadiness() {
    assertTrue(server.isReady());
    server.stop(Duration.ZERO);
    assertFalse(server.isReady());
  }
}
