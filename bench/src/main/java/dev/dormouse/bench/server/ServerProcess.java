package dev.dormouse.bench.server;

import dev.dormouse.bench.proc.ListeningPorts;
import dev.dormouse.bench.proc.ProcessProbe;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One server under test, started alone and pinned to its own core with {@code taskset}, and
 * stopped (with all its children) when the scenario is over. Its log goes to a file in the run's
 * scratch folder. A scenario may restart it on the same port and data ({@link #restart}); the
 * process and its probe are then the new one's.
 */
public final class ServerProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_PATIENCE = Duration.ofSeconds(10);
  // HTTP/1.1 only: the JDK's default offers an h2c upgrade, which Node servers hand to their
  // WebSocket upgrade handler and refuse.
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * Where things are: the Dormouse jar and extra JVM options for it (a profiler, for example),
   * bench/peers, a scratch folder, and the core to pin servers to.
   */
  public record Layout(Path dormouseJar, List<String> dormouseJavaOptions, Path peers, Path scratch, String serverCore) {}

  private final Target target;
  private final String core;
  private final ProcessBuilder builder;
  private final Path log;
  private final int port;
  // Replaced by a restart on the scenario's thread; read by the suite's shutdown hook.
  private volatile Process process;
  private volatile ProcessProbe probe;

  private ServerProcess(Target target, String core, ProcessBuilder builder, Process process, Path log, int port) {
    this.target = target;
    this.core = core;
    this.builder = builder;
    this.process = process;
    this.log = log;
    this.port = port;
    this.probe = new ProcessProbe(process.pid());
  }

  /** Starts {@code target} on {@code port} and waits until it answers its health check. */
  public static ServerProcess start(Target target, Layout layout, int port, Map<String, String> env)
      throws IOException, InterruptedException {
    Path runDir = Files.createTempDirectory(layout.scratch(), target.id() + "-");
    List<String> command = new ArrayList<>(List.of("taskset", "-c", layout.serverCore()));
    ProcessBuilder builder = new ProcessBuilder();
    Path bin = layout.peers().resolve("node_modules/.bin");
    switch (target) {
      case DORMOUSE -> {
        command.addAll(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow"));
        command.addAll(layout.dormouseJavaOptions());
        command.addAll(List.of("-jar", layout.dormouseJar().toString()));
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("HOST", "127.0.0.1");
        builder.environment().put("DATA_DIR", runDir.resolve("data").toString());
        builder.directory(runDir.toFile());
      }
      case WS, SOCKETIO -> {
        String script = target == Target.WS ? "ws-room/server.mjs" : "socketio-room/server.mjs";
        command.addAll(List.of(bin.resolve("node").toString(), "--expose-gc", script));
        builder.environment().put("PORT", Integer.toString(port));
        builder.directory(layout.peers().toFile());
      }
      case DURABLE_OBJECT, DURABLE_OBJECT_SQL -> {
        command.addAll(
            List.of(
                bin.resolve("wrangler").toString(),
                "dev",
                "--config", "durable-object-room/wrangler.toml",
                "--ip", "127.0.0.1",
                "--port", Integer.toString(port),
                "--persist-to", runDir.resolve("state").toString(),
                "--log-level", "warn"));
        // wrangler's shebang finds node on PATH: the pinned Node 22 from node_modules.
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("WRANGLER_SEND_METRICS", "false");
        builder.environment().put("XDG_CONFIG_HOME", runDir.resolve("config").toString());
        builder.directory(layout.peers().toFile());
      }
    }
    builder.environment().putAll(env);
    Path log = runDir.resolve("server.log");
    builder.command(command).redirectErrorStream(true).redirectOutput(log.toFile());
    ServerProcess server = new ServerProcess(target, layout.serverCore(), builder, builder.start(), log, port);
    try {
      return server.awaitHealthy(START_TIMEOUT);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  public Target target() {
    return target;
  }

  /** The port the generator connects to; for a Durable Object, the inner workerd's (see below). */
  public int port() {
    return port;
  }

  public ProcessProbe probe() {
    return probe;
  }

  public long pid() {
    return process.pid();
  }

  /** The one core the server is pinned to, or -1 when it was given a list of them. */
  public int core() {
    return core.matches("\\d+") ? Integer.parseInt(core) : -1;
  }

  /**
   * Stops the server as an operator's restart would, with SIGTERM, waits until it has exited,
   * and starts the same command again on the same port and data, with {@code env} over the
   * environment it had. Returns once the new process is spawned, before it is healthy (see
   * {@link #awaitRestarted}), so the caller can watch it from its first moment. Not for a Durable
   * Object, whose port is found anew at each start.
   *
   * @return whether the old server exited within {@code patience} by itself (else it was killed)
   */
  public boolean restart(Map<String, String> env, Duration patience) throws IOException {
    if (target.isDurableObject()) {
      throw new UnsupportedOperationException(target.id() + " cannot be restarted on the same port");
    }
    boolean graceful = stop(patience);
    builder.environment().putAll(env);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process next = builder.start();
    probe = new ProcessProbe(next.pid());
    process = next;
    return graceful;
  }

  public Path log() {
    return log;
  }

  /** GET on the server's own port, answering the body, or empty when it failed. */
  public Optional<String> get(String path) {
    return get(port, path);
  }

  /**
   * {@code wrangler dev} puts a proxy workerd in front of the workerd that runs the Worker, and
   * every frame crosses both. In production there is no such proxy, so the bench connects to the
   * inner workerd, found as the descendant whose listening port answers the Worker's /health.
   * Its CPU is read with the whole process tree all the same.
   */
  private ServerProcess awaitHealthy(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String health = target == Target.DORMOUSE ? "/api/health" : "/health";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(target.id() + " exited at start-up; see " + log + ":\n" + tail());
      }
      // Another server on this port (a developer's own, say) would answer the health check
      // too: only a port this process tree listens on counts.
      if (get(port, health).isPresent() && listens(port)) {
        if (!target.isDurableObject()) {
          return this;
        }
        for (long pid : probe.pids()) {
          for (int candidate : ListeningPorts.of(pid)) {
            if (candidate != port && get(candidate, health).filter("ok"::equals).isPresent()) {
              return new ServerProcess(target, core, builder, process, log, candidate);
            }
          }
        }
      }
      Thread.sleep(250);
    }
    throw new IOException(target.id() + " did not become healthy in " + timeout + "; see " + log);
  }

  /** After {@link #restart}: waits until the new process answers its health check. */
  public void awaitRestarted(Duration timeout) throws IOException, InterruptedException {
    awaitHealthy(timeout);
  }

  private boolean listens(int port) {
    return probe.pids().stream().anyMatch(pid -> ListeningPorts.of(pid).contains(port));
  }

  /**
   * A port nothing listens on now, for the next server to bind, and below the kernel's ephemeral
   * range (when that starts above 2048), as a server's own port is in production. The generator's sockets take their ports from
   * that range: while a restarted server was down, one of thousands of reconnecting clients could
   * take its port (a connect to its own port succeeds, TCP's simultaneous open), and the server
   * could not bind it again.
   */
  public static int freePort() throws IOException {
    int below = firstEphemeralPort(readOrEmpty(Path.of("/proc/sys/net/ipv4/ip_local_port_range")));
    for (int tries = 0; tries < 100; tries++) {
      int candidate = below - 1 - ThreadLocalRandom.current().nextInt(Math.min(10_000, below - 1024));
      try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // Someone else's; try another.
      }
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The first port of an {@code ip_local_port_range} text ("32768 60999"), or 32768 when there is none. */
  static int firstEphemeralPort(String range) {
    String[] fields = range.trim().split("\\s+");
    try {
      return Math.max(2048, Integer.parseInt(fields[0]));
    } catch (NumberFormatException e) {
      return 32768;
    }
  }

  private static String readOrEmpty(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      return "";
    }
  }

  private static Optional<String> get(int port, String path) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /** SIGTERM to the whole tree, then SIGKILL to whatever is left after a few seconds. */
  @Override
  public void close() {
    stop(STOP_PATIENCE);
  }

  /** SIGTERM to the whole tree, then SIGKILL to whatever is left after {@code patience}; true when none was needed. */
  private boolean stop(Duration patience) {
    List<ProcessHandle> tree = new ArrayList<>();
    Process current = process;
    current.toHandle().descendants().forEach(tree::add);
    tree.add(current.toHandle());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + patience.toNanos();
    for (ProcessHandle p : tree) {
      while (p.isAlive() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    List<ProcessHandle> left = tree.stream().filter(ProcessHandle::isAlive).toList();
    left.forEach(ProcessHandle::destroyForcibly);
    // A killed process lets go of its port only once it is gone.
    left.forEach(p -> p.onExit().completeOnTimeout(p, 10, TimeUnit.SECONDS).join());
    return left.isEmpty();
  }
}
