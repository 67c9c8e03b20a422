package dev.dormouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * The packaged jar running as a child process, as an operator runs it: configured by environment
 * variables, on a port and a data directory that stay the same across kills and restarts. Each
 * start appends the server's output to one log file under {@code target/server-logs/}.
 */
public final class ServerProcess implements AutoCloseable {

  /**
   * Every send budget (per socket, person, address and room) lifted, merged into {@code env}. The
   * fault and cluster tests post far faster than a person, all from 127.0.0.1, and resend after
   * every fault; the budgets have their own tests.
   */
  public static Map<String, String> withSendLimitsLifted(Map<String, String> env) {
    Map<String, String> lifted = new HashMap<>(env);
    for (String limit :
        List.of(
            "SEND_BURST",
            "SEND_PER_SECOND",
            "USER_SEND_BURST",
            "USER_SEND_PER_SECOND",
            "ADDRESS_SEND_BURST",
            "ADDRESS_SEND_PER_SECOND",
            "ROOM_POST_BURST",
            "ROOM_POSTS_PER_SECOND")) {
      lifted.putIfAbsent(limit, "100000");
    }
    return Map.copyOf(lifted);
  }

  /**
   * How the jar is launched beyond its environment. {@code wrapper} is a command that execs the
   * rest of the command line (setpriv, say). {@code pipedOutput} passes the server's output through
   * this JVM to the log, so a limit set on the server's own files (RLIMIT_FSIZE) spares its log.
   */
  public record Launch(List<String> wrapper, boolean pipedOutput) {
    public static final Launch DIRECT = new Launch(List.of(), false);
  }

  private static final Duration START_PATIENCE = Duration.ofSeconds(90);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Path jar;
  private final Path dataDir;
  private final Path log;
  private final int port;
  private final Map<String, String> env;
  private final Launch launch;
  private Process process;
  private int kills;

  private ServerProcess(
      String name, Path jar, Path dataDir, int port, Map<String, String> env, Launch launch)
      throws IOException {
    this.name = name;
    this.jar = jar;
    this.dataDir = dataDir;
    this.port = port;
    this.env = env;
    this.launch = launch;
    Path logDir = jar.toAbsolutePath().getParent().resolve("server-logs");
    Files.createDirectories(logDir);
    this.log = logDir.resolve(name + ".log");
    Files.deleteIfExists(log);
  }

  /**
   * Starts the jar named by the {@code dormouse.jar} system property on a free port (or {@code
   * env}'s {@code PORT}) and a fresh data directory, with {@code env} added to its environment, and
   * waits until it is healthy.
   */
  public static ServerProcess start(String name, Map<String, String> env) {
    return start(name, env, Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** As {@link #start(String, Map)}, with the data directory made under {@code dataParent}. */
  public static ServerProcess start(String name, Map<String, String> env, Path dataParent) {
    return start(name, env, dataParent, Launch.DIRECT);
  }

  /** As {@link #start(String, Map, Path)}, launched as {@code launch} says. */
  public static ServerProcess start(
      String name, Map<String, String> env, Path dataParent, Launch launch) {
    String jar = System.getProperty("dormouse.jar");
    if (jar == null) {
      throw new IllegalStateException(
          "no dormouse.jar system property: run this with failsafe (mvn verify)");
    }
    try {
      ServerProcess server =
          new ServerProcess(
              name,
              Path.of(jar),
              Files.createTempDirectory(dataParent, "dormouse-" + name),
              env.containsKey("PORT") ? Integer.parseInt(env.get("PORT")) : FreePorts.take(1)[0],
              env,
              launch);
      server.launch();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** The server's process id, for tools that act on a running process (prlimit, kill). */
  public long pid() {
    return process.pid();
  }

  public Path dataDir() {
    return dataDir;
  }

  public int kills() {
    return kills;
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no close frames, no flush; what is not on disk is gone. */
  public void kill() {
    process.destroyForcibly();
    awaitExit();
    kills++;
  }

  /** SIGTERM: Pekko's coordinated shutdown runs, sockets are closed with 1012. */
  public void stop() {
    process.destroy();
    awaitExit();
  }

  /** Starts the jar again on the same port and data directory, and waits until it is healthy. */
  public void restart() {
    if (isAlive()) {
      throw new IllegalStateException("still running");
    }
    launch();
  }

  /**
   * Starts the jar again on the same port and data directory when it is expected to refuse to
   * start: waits for it to exit and returns its exit status. Fails if it becomes healthy instead.
   */
  public int restartExpectingRefusal() {
    if (isAlive()) {
      throw new IllegalStateException("still running");
    }
    spawn();
    try {
      Awaitility.await()
          .atMost(START_PATIENCE)
          .pollInterval(Duration.ofMillis(50))
          .failFast(name + " started instead of refusing", this::isHealthy)
          .until(() -> !process.isAlive());
    } catch (ConditionTimeoutException | TerminalFailureException e) {
      throw new IllegalStateException(e.getMessage() + "; its log ends:\n" + logTail(40), e);
    }
    awaitExit();
    return process.exitValue();
  }

  public URI chat(String roomAndQuery) {
    return URI.create("ws://127.0.0.1:" + port + "/api/chat/" + roomAndQuery);
  }

  public URI http(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  public HttpResponse<String> get(String path) throws IOException {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(http(path)).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** A counter or gauge from the /metrics page, as an operator would read it. */
  public double metric(String metric) {
    try {
      Matcher m =
          Pattern.compile("(?m)^" + Pattern.quote(metric) + " ([0-9.eE+-]+)$")
              .matcher(get("/metrics").body());
      if (!m.find()) {
        throw new IllegalStateException("no metric " + metric);
      }
      return Double.parseDouble(m.group(1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last lines the server logged, for a failure message. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (isAlive()) {
      process.destroyForcibly();
      awaitExit();
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A leftover temporary directory is not worth failing a test for.
    }
  }

  private void launch() {
    spawn();
    awaitHealthy();
  }

  private void spawn() {
    List<String> command = new ArrayList<>(launch.wrapper());
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The machine is small and shared: C1 alone halves start-up, which every restart waits for,
    // and a small serial-collected heap keeps the child lean.
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"));
    command.add("--enable-native-access=ALL-UNNAMED");
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = new HashMap<>(env);
    environment.put("HOST", "127.0.0.1");
    environment.put("PORT", Integer.toString(port));
    environment.put("DATA_DIR", dataDir.toString());
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    builder.redirectOutput(
        launch.pipedOutput()
            ? ProcessBuilder.Redirect.PIPE
            : ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (launch.pipedOutput()) {
      copyOutputToLog(process);
    }
  }

  /** Until the process exits; a pipe is no regular file, so no file-size limit applies to it. */
  private void copyOutputToLog(Process child) {
    Thread.ofPlatform()
        .daemon()
        .name(name + "-output")
        .start(
            () -> {
              try (InputStream output = child.getInputStream();
                  OutputStream file =
                      Files.newOutputStream(
                          log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                output.transferTo(file);
              } catch (IOException e) {
                // The process or the log went away; what was copied stays.
              }
            });
  }

  private void awaitHealthy() {
    try {
      Awaitility.await()
          .atMost(START_PATIENCE)
          .pollInterval(Duration.ofMillis(50))
          .failFast(name + " exited", () -> !process.isAlive())
          .until(this::isHealthy);
    } catch (ConditionTimeoutException | TerminalFailureException e) {
      throw new IllegalStateException(e.getMessage() + "; its log ends:\n" + logTail(40), e);
    }
  }

  private boolean isHealthy() {
    try {
      return get("/api/health").statusCode() == 200;
    } catch (IOException notListeningYet) {
      return false;
    }
  }

  private void awaitExit() {
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " did not exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
