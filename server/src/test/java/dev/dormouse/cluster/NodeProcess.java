package dev.dormouse.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;

/** The built jar running as a child process, as an operator would run a node. */
final class NodeProcess implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int httpPort;

  private NodeProcess(Process process, int httpPort) {
    this.process = process;
    this.httpPort = httpPort;
  }

  static NodeProcess start(Map<String, String> env, Path log) {
    String jar = System.getProperty("dormouse.jar", "target/dormouse.jar");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-jar", jar)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    try {
      return new NodeProcess(builder.start(), Integer.parseInt(env.get("PORT")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int httpPort() {
    return httpPort;
  }

  URI chat(String roomAndQuery) {
    return URI.create("ws://127.0.0.1:" + httpPort + "/api/chat/" + roomAndQuery);
  }

  String get(String path) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  void awaitReady(Duration atMost) {
    Awaitility.await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> get("/api/health").contains("\"ready\":true"));
  }

  /** SIGKILL: no shutdown hook, no handover, sockets just vanish. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(
            java.util.concurrent.TimeUnit.SECONDS.toMillis(30),
            java.util.concurrent.TimeUnit.MILLISECONDS)) {
          kill();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        kill();
      }
    }
  }
}
