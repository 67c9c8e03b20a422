package dev.dormouse;

import com.typesafe.config.ConfigFactory;
import dev.dormouse.protocol.FrameCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Dormouse node on a free port and its own data directory, started as {@link Main} does.
 * Either start one in a test, or share one across a test class with {@code @RegisterExtension
 * static final TestServer server = TestServer.perClass(settings)}.
 */
public final class TestServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Path dataDir;
  private final Map<String, Object> settings;
  private Dormouse.Running running;

  private TestServer(Path dataDir, Map<String, Object> settings) {
    this.dataDir = dataDir;
    this.settings = settings;
  }

  /**
   * Starts a node; {@code overrides} are HOCON paths under the root, e.g. {@code
   * dormouse.room.idle-timeout}.
   */
  public static TestServer start(Map<String, Object> overrides) {
    try {
      return start(Files.createTempDirectory("dormouse-test"), overrides);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static TestServer start(Path dataDir, Map<String, Object> overrides) {
    Map<String, Object> settings = new HashMap<>(overrides);
    settings.put("dormouse.http.port", 0);
    settings.put("dormouse.http.host", "127.0.0.1");
    settings.put("dormouse.store.data-dir", dataDir.toString());
    TestServer server = new TestServer(dataDir, settings);
    server.running =
        Dormouse.start(ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load()));
    return server;
  }

  /**
   * Send bursts raised out of the way, for classes whose tests send many messages from a few people
   * and test something other than the limits.
   */
  public static final Map<String, Object> SEND_BURSTS_LIFTED =
      Map.of(
          "dormouse.limits.send-burst", 1000,
          "dormouse.limits.address-send-burst", 1000,
          "dormouse.limits.user-send-burst", 1000,
          "dormouse.limits.room-post-burst", 1000);

  /** A node that starts before the class's first test and stops after its last. */
  public static TestServer perClass(Map<String, Object> overrides) {
    try {
      Path dataDir = Files.createTempDirectory("dormouse-test");
      Map<String, Object> settings = new HashMap<>(overrides);
      settings.put("dormouse.http.port", 0);
      settings.put("dormouse.http.host", "127.0.0.1");
      settings.put("dormouse.store.data-dir", dataDir.toString());
      return new TestServer(dataDir, settings);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    running = Dormouse.start(ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load()));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** Stops this node as SIGTERM would, and starts a fresh one on the same data directory. */
  public TestServer restart() {
    close();
    return start(dataDir, settings);
  }

  public Path dataDir() {
    return dataDir;
  }

  public int port() {
    return running.port();
  }

  /** Every HTTP route the node serves, {@code METHOD /pattern}, as its router has them. */
  public java.util.List<String> routes() {
    return running.routes();
  }

  public URI chat(String roomAndQuery) {
    return URI.create("ws://127.0.0.1:" + port() + "/api/chat/" + roomAndQuery);
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(http(path)).GET().build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A person with a session of their own, as the web app signs one in. */
  public record SignedIn(String token, String userId) {}

  /** Opens a session under {@code name}, as {@code POST /api/session} does for the web app. */
  public SignedIn signIn(String name) {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(http("/api/session"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"name\":" + FrameCodec.json().valueToTree(name) + "}"))
                .build());
    try {
      var body = FrameCodec.json().readTree(response.body());
      return new SignedIn(body.get("token").asText(), body.at("/user/id").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI http(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  /** A counter or gauge from the /metrics page, as an operator would read it. */
  public double metric(String name) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+-]+)$")
            .matcher(get("/metrics").body());
    if (!m.find()) {
      throw new IllegalStateException("no metric " + name);
    }
    return Double.parseDouble(m.group(1));
  }

  @Override
  public void close() {
    if (running != null) {
      running.stop();
      running = null;
    }
  }
}
