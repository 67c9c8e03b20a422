package dev.dormouse.bench;

import dev.dormouse.bench.client.ClientLoop;
import dev.dormouse.bench.report.BenchmarksDoc;
import dev.dormouse.bench.report.Chart;
import dev.dormouse.bench.report.Json;
import dev.dormouse.bench.report.Machine;
import dev.dormouse.bench.report.Tables;
import dev.dormouse.bench.scenario.Bench;
import dev.dormouse.bench.scenario.Measurement;
import dev.dormouse.bench.scenario.Progress;
import dev.dormouse.bench.scenario.Scenario;
import dev.dormouse.bench.server.ServerProcess;
import dev.dormouse.bench.server.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every chosen scenario against every chosen server, one fresh server at a time; then the reports. */
final class Suite {

  /** Dormouse's settings for every scenario: see Method for why. */
  static final Map<String, String> DORMOUSE_ENVIRONMENT = new TreeMap<>(Map.of(
      "SEND_BURST", "1000000",
      "SEND_PER_SECOND", "1000000",
      "USER_SEND_BURST", "1000000",
      "USER_SEND_PER_SECOND", "1000000",
 "ADDRESS_SEND_BURST", "1000000", "ADDRESS_SEND_PER_SECOND", "1000000", "ROOM_POST_BURST", "1000000", "ROOM_POSTS_PER_SECOND", "1000000",
      "MAX_CONNECTIONS_PER_IP", "1000000",
      "LOG_LEVEL", "WARN"));

  private static final List<String> ALL_SERVERS = List.of("dormouse", "ws", "socketio", "do", "do-sql");
  private static final int MAX_HANDSHAKES = 64;

  private final Options options;
  private final Progress progress = new Progress();
  private volatile ServerProcess running;

  Suite(Options options) {
    this.options = options;
    // Ctrl-C or a kill must not leave a server (and its children) running on the pinned core.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      ServerProcess server = running;
      if (server != null) {
        server.close();
      }
    }, "stop-server"));
  }

  int run() throws IOException {
    boolean quick = options.flag("quick");
    Sizes sizes = quick ? Sizes.quick(options.number("idle-connections", 1000)) : Sizes.full(options.number("idle-connections", 19_000));
    if (options.flag("fanout")) {
      sizes = sizes.withFanout(Sizes.parseFanout(options.get("fanout", "")));
    }
    if (options.flag("joins")) {
      sizes = sizes.withJoins(options.list("joins", "").stream().map(Integer::parseInt).toList());
    }
    if (options.flag("storm-clients")) {
      sizes = sizes.withStormClients(options.number("storm-clients", Sizes.STORM_CLIENTS));
    }
    List<String> serverIds = options.list("servers", quick ? "dormouse" : String.join(",", ALL_SERVERS));
    List<Target> targets = serverIds.stream().map(Target::byId).toList();
    List<String> scenarioNames = options.list("scenarios", "fanout,many-rooms,durable-writes,joins,idle,wake,storm");
    Path peers = Path.of(options.get("peers", "bench/peers")).toAbsolutePath();
    Path scratch = Files.createTempDirectory("dormouse-bench-");
    String serverCore = options.get("server-core", "0");
    ServerProcess.Layout layout =
        new ServerProcess.Layout(Path.of(options.get("dormouse-jar", "/tmp/bench-dormouse.jar")),
            options.list("dormouse-java-options", "").stream().filter(o -> !o.isBlank()).toList(), peers, scratch, serverCore);
    String date = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm"));
    Map<String, Object> machine = Machine.describe(peers);
    long start = System.nanoTime();

    progress.say("Dormouse bench, " + (quick ? "quick" : "full") + " run: servers " + serverIds + ", scenarios " + scenarioNames);
    progress.say("server pinned to core " + serverCore + " (taskset -c " + serverCore + "); generator on core(s) "
        + Machine.status("Cpus_allowed_list") + "; scratch " + scratch);
    List<Measurement> results = new ArrayList<>();
    boolean clean = true;
    for (Target target : targets) {
      List<Scenario> chosen = sizes.scenarios().stream()
          .filter(s -> scenarioNames.contains(s.name()) && s.appliesTo(target)).toList();
      for (List<Scenario> group : bySameServer(chosen, target)) {
        clean &= runGroup(target, group, layout, results);
      }
    }
    double minutes = (System.nanoTime() - start) / 60e9;

    Path resultsDir = Path.of(options.get("results", "bench/results"));
    Files.createDirectories(resultsDir);
    String base = date + (quick ? "-quick" : "-full");
    Path resultsFile = resultsDir.resolve(base + ".json");
    Path chartFile = resultsDir.resolve(base + ".svg");
    String command = options.get("command", "bench/run.sh" + (quick ? " --quick" : ""));
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("date", date);
    file.put("mode", quick ? "quick" : "full");
    file.put("command", command);
    file.put("minutes", Math.round(minutes * 10) / 10.0);
    file.put("machine", machine);
    file.put("serverPinnedToCore", serverCore);
    file.put("dormouseEnvironment", DORMOUSE_ENVIRONMENT);
    file.put("sizes", sizes.describe());
    file.put("results", results.stream().map(m -> Map.of("server", m.target(), "scenario", m.scenario(),
        "run", m.variant(), "figures", m.figures(), "notes", m.notes())).toList());
    Files.writeString(resultsFile, Json.write(file));
    List<String> present = targets.stream().map(Target::id).toList();
    Files.writeString(chartFile, Chart.svg("Dormouse and its peers, " + date, List.of(
        new Chart.Panel("Server CPU µs per delivered message, fanout", "serverCpuUsPerDelivered", "fanout", true),
        new Chart.Panel("Server CPU µs per delivered message, many rooms", "serverCpuUsPerDelivered", "many-rooms", true),
        new Chart.Panel("Delivered messages per second, fanout", "deliveredPerSecond", "fanout", false),
        new Chart.Panel("p99 latency ms, fanout", "latencyP99Ms", "fanout", true),
        new Chart.Panel("RSS KiB per idle connection", "rssKibPerConnection", "idle", false),
        new Chart.Panel("Joins per second into one room", "joinsPerSecond", "joins", true),
        new Chart.Panel("Stored messages per second", "storedPerSecond", "durable-writes", false)),
        results, present));
    progress.say("results: " + resultsFile + ", chart: " + chartFile);

    List<String> peersRun = present.stream().filter(id -> !id.equals("dormouse")).toList();
    if (options.flag("docs") || (!quick && present.containsAll(ALL_SERVERS))) {
      Path docs = Path.of(options.get("docs-file", "docs/benchmarks.md"));
      Path findings = Path.of(options.get("findings", "bench/findings.md"));
      String findingsText = Files.exists(findings) ? Files.readString(findings) : "_No findings written yet._";
      Files.writeString(docs, BenchmarksDoc.write(new BenchmarksDoc.Run(date, quick ? "quick" : "full", command, minutes,
          machine, DORMOUSE_ENVIRONMENT, sizes.describe(), results, peersRun, resultsFile.toString(), chartFile.toString(),
          findingsText)));
      progress.say("rewrote " + docs);
    }
    if (!peersRun.isEmpty()) {
      System.out.println();
      System.out.println(Tables.ratios(results, BenchmarksDoc.COMPARED, peersRun));
    }
    // A scenario that threw, or a server that would not start, fails the run; a measurement with
    // notes (a peer that fell behind, a socket the server closed) is a result, kept with its logs.
    boolean failed = results.stream().anyMatch(m -> m.notes().stream().anyMatch(n -> n.startsWith("failed: ")));
    // Servers' data (SQLite files, Durable Object state) can take hundreds of MB: only logs stay.
    deleteTree(scratch, !clean);
    if (!clean) {
      progress.say("some scenarios " + (failed ? "failed" : "had trouble") + " (see the notes); server logs are kept in " + scratch);
    }
    progress.say(String.format("done in %.1f minutes", minutes));
    return failed ? 1 : 0;
  }

  /**
   * Consecutive scenarios that need the same server settings share one server start; a server
   * takes seconds to start on a busy core. A scenario that needs a fresh server (idle, for its
   * memory baseline) always starts a new group.
   */
  private static List<List<Scenario>> bySameServer(List<Scenario> scenarios, Target target) {
    List<List<Scenario>> groups = new ArrayList<>();
    for (Scenario scenario : scenarios) {
      List<Scenario> last = groups.isEmpty() ? null : groups.get(groups.size() - 1);
      if (last != null && !scenario.needsFreshServer()
          && last.get(0).serverEnvironment(target).equals(scenario.serverEnvironment(target))) {
        last.add(scenario);
      } else {
        groups.add(new ArrayList<>(List.of(scenario)));
      }
    }
    return groups;
  }

  private boolean runGroup(Target target, List<Scenario> group, ServerProcess.Layout layout, List<Measurement> results) {
    Map<String, String> env = new LinkedHashMap<>();
    if (target == Target.DORMOUSE) {
      env.putAll(DORMOUSE_ENVIRONMENT);
    }
    env.putAll(group.get(0).serverEnvironment(target));
    boolean clean = true;
    try (ServerProcess server = ServerProcess.start(target, layout, ServerProcess.freePort(), env)) {
      running = server;
      progress.say("started " + target.title() + " (pid " + server.pid() + ", port " + server.port() + ")"
          + (env.isEmpty() ? "" : " with " + env));
      for (Scenario scenario : group) {
        clean &= runOne(server, scenario, results);
      }
    } catch (Exception e) {
      progress.say(target.id() + " did not start: " + e);
      for (Scenario scenario : group) {
        results.add(new Measurement(target.id(), scenario.name(), "").note("failed: " + e.getMessage()));
      }
      return false;
    }
    return clean;
  }

  private boolean runOne(ServerProcess server, Scenario scenario, List<Measurement> results) {
    try (ClientLoop loop = new ClientLoop(MAX_HANDSHAKES)) {
      List<Measurement> measured = scenario.run(new Bench(server, loop, progress));
      // The machine's load when the scenario ended: a busy neighbour explains a strange figure.
      String load = Machine.loadAverage();
      measured.forEach(m -> m.put("loadAverage", load));
      results.addAll(measured);
      // A measurement with notes had trouble worth a look at the server's log.
      return measured.stream().allMatch(m -> m.notes().isEmpty());
    } catch (Exception e) {
      progress.say(server.target().id() + " " + scenario.name() + " failed: " + e);
      results.add(new Measurement(server.target().id(), scenario.name(), "").note("failed: " + e.getMessage()));
      return false;
    }
  }

  /** Deletes {@code root}, or everything under it but the server logs and their folders. */
  private static void deleteTree(Path root, boolean keepLogs) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        boolean log = p.getFileName().toString().equals("server.log");
        boolean holdsLog = Files.isDirectory(p) && Files.exists(p.resolve("server.log"));
        if (!(keepLogs && (log || holdsLog || p.equals(root)))) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
