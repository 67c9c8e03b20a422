package dev.dormouse.bench.report;

import dev.dormouse.bench.scenario.Measurement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * docs/benchmarks.md, rewritten by every full run: how Dormouse is measured, on what machine,
 * the raw figures, the ratios to each peer, the goals, and the findings kept by hand in
 * bench/findings.md (pasted in as they are).
 */
public final class BenchmarksDoc {

  public static final List<String> FANOUT = List.of("deliveredPerSecond", "latencyP50Ms", "latencyP99Ms", "latencyMaxMs",
      "serverCpuUsPerDelivered", "serverCpuUsPerDeliveredWithoutJit", "serverJitShare", "warmupMessages", "serverCores",
      "generatorCpuUsPerDelivered", "generatorCores", "missing", "joinSeconds", "loadAverage");
  public static final List<String> MANY_ROOMS = List.of("clients", "deliveredPerSecond", "latencyP50Ms", "latencyP99Ms",
      "latencyMaxMs", "serverCpuUsPerDelivered", "serverCpuUsPerDeliveredWithoutJit", "serverJitShare", "serverCores",
      "generatorCores", "missing", "loadAverage");
  public static final List<String> JOINS = List.of("clients", "snapshots", "missingSnapshots", "seconds", "joinsPerSecond",
      "settledSeconds", "serverCpuUsPerJoin", "serverCpuUsPerJoinWithoutJit", "serverJitShare", "serverCores",
      "generatorCores", "framesReceived", "mibReceived", "loadAverage");
  public static final List<String> IDLE = List.of("connections", "rssKibPerConnection", "heapKibPerConnection",
      "heapCommittedKibPerConnection", "rssBeforeMib", "rssAfterMib", "connectsPerSecond", "idleWindowSeconds",
      "pingIntervalSeconds", "serverCoresQuiet", "serverCoresHoldingIdleSockets", "idleCpuUsPerConnectionPerMinute",
      "closedWhileIdle");
  public static final List<String> WAKE = List.of("sockets", "joinSeconds", "latencyP50Ms", "latencyP99Ms", "latencyMaxMs",
      "verifiedAsleep", "missing");
  public static final List<String> STORM = List.of("clients", "rooms", "stopSeconds", "startSeconds", "caughtUpSeconds",
      "caughtUpAfterHealthySeconds", "caughtUpP50Seconds", "caughtUpP99Seconds", "admitted", "attemptsPerClient", "refused429",
      "refused429WithRetryAfter", "resets", "closedUnanswered", "timeouts", "listenOverflows", "lost", "duplicates", "storedTwice",
      "holdingTheLastMessage");
  public static final List<String> STORM_SERVER = List.of("serverPeakCpuPercent", "serverCores", "serverJitShare",
      "serverCpuSeconds", "rssPeakMib", "heapPeakUsedMib", "heapPeakCommittedMib", "heapLiveAfterMib", "healthFailures",
      "healthSlowestMs", "slowestUpgradeMs", "synRetransmits", "retransmittedSegments", "othersOnServerCorePercent",
      "serverWaitedForCpuSeconds", "generatorCores", "loadAverage");
  public static final List<String> DURABLE = List.of("storedPerSecond", "confirmP50Ms", "confirmP99Ms", "confirmMaxMs",
      "serverCpuUsPerStored", "serverCores", "errors", "loadAverage");

  public static final List<Tables.Compared> COMPARED = List.of(
      new Tables.Compared("fanout", "serverCpuUsPerDelivered", "server CPU µs per delivered message", true),
      new Tables.Compared("fanout", "serverCpuUsPerDeliveredWithoutJit", "the same without the JIT compiler threads", true),
      new Tables.Compared("fanout", "deliveredPerSecond", "delivered/s", false),
      new Tables.Compared("fanout", "latencyP99Ms", "p99 latency", true),
      new Tables.Compared("many-rooms", "serverCpuUsPerDelivered", "server CPU µs per delivered message", true),
      new Tables.Compared("many-rooms", "latencyP99Ms", "p99 latency", true),
      new Tables.Compared("joins", "joinsPerSecond", "joins/s into one room", false),
      new Tables.Compared("joins", "serverCpuUsPerJoin", "server CPU µs per join", true),
      new Tables.Compared("idle", "rssKibPerConnection", "RSS per idle connection", true),
      new Tables.Compared("idle", "idleCpuUsPerConnectionPerMinute", "server CPU per idle connection and minute", true),
      new Tables.Compared("wake", "latencyP99Ms", "p99 of the first message after a pause", true),
      new Tables.Compared("durable-writes", "storedPerSecond", "stored messages/s", false),
      new Tables.Compared("durable-writes", "serverCpuUsPerStored", "server CPU µs per stored message", true));

  private BenchmarksDoc() {}

  /** Everything the document says about one run. */
  public record Run(String date, String mode, String command, double minutes, Map<String, Object> machine,
      Map<String, String> serverEnvironment, String sizes, List<Measurement> results, List<String> peers,
      String resultsFile, String chartFile, String findings) {}

  public static String write(Run run) {
    StringBuilder d = new StringBuilder();
    d.append("# Benchmarks\n\n");
    d.append("<!-- Written by bench/run.sh; edit bench/findings.md or the bench's BenchmarksDoc instead. -->\n\n");
    d.append("How Dormouse compares with what a team would otherwise pick for chat rooms: a plain Node `ws` ")
        .append("broadcast server (the reference), Socket.IO rooms, and the Durable Object room design on workerd, ")
        .append("with and without a SQL write per message. All are driven by the same generator in the same run on ")
        .append("the same machine. On a shared 2-core machine only ratios taken in one run mean much; absolute ")
        .append("figures move with whatever else the machine is doing.\n\n");
    d.append(String.format(Locale.ROOT, "Last full run: **%s**, %.1f minutes, `%s`. Results: [`%s`](%s), chart: [`%s`](%s).%n%n",
        run.date(), run.minutes(), run.command(), run.resultsFile(), "../" + run.resultsFile(), run.chartFile(), "../" + run.chartFile()));
    d.append("![Server CPU per delivered message, throughput and latency](../").append(run.chartFile()).append(")\n\n");

    d.append("## Findings\n\n").append(run.findings().strip()).append("\n\n");

    d.append("## Goals\n\n").append(Goals.table(run.results())).append('\n');

    d.append("## Ratios: Dormouse / peer\n\n");
    d.append("Each cell is Dormouse's figure divided by the peer's, for the same run. Where lower is better, ")
        .append("under 1 means Dormouse wins; where higher is better, over 1 does.\n\n");
    d.append(Tables.ratios(run.results(), COMPARED, run.peers())).append('\n');

    d.append("## Raw figures\n\n");
    d.append("Latencies are in ms, CPU in µs of CPU time per message, `serverCores` is the server's average use ")
        .append("of its pinned core (1.0 = all of it), `generatorCores` the same for the generator. `missing` counts ")
        .append("deliveries that had not arrived when the run stopped waiting. `loadAverage` is the machine's 1, 5 and ")
        .append("15 minute load when the scenario ended: on this shared machine, a load well above 2 means other work ")
        .append("competed for the pinned cores, which moves latency and throughput far more than CPU per message.\n\n");
    section(d, "Fanout", "N sockets in one room, one of them posting M messages at R per second or all at once (max).",
        Tables.raw(run.results(), "fanout", FANOUT));
    section(d, "Many rooms", "Rooms of 10 sockets, each room posting one message per second, spread over the second.",
        Tables.raw(run.results(), "many-rooms", MANY_ROOMS));
    section(d, "Joins", "K sockets joining one empty room at once (64 handshakes at a time). `seconds` runs until "
        + "the last socket has its opening snapshot (Dormouse: `ready`, `history` and `presence`; the peers: their "
        + "`ready`), `settledSeconds` until the updates the joins caused to the sockets already there stopped "
        + "arriving; server CPU is counted over the whole of it. `mibReceived` is what the generator read.",
        Tables.raw(run.results(), "joins", JOINS));
    section(d, "Idle connections", "Sockets that say nothing, in rooms of 100 or all in one room; memory difference "
        + "per socket still open. Heap: Dormouse's live Java heap in every generation after a full GC (the total of "
        + "`jcmd GC.class_histogram`) and the heap it committed, Node's heapUsed after gc(); workerd does not report "
        + "one. Idle CPU is taken over two of Dormouse's ping intervals (one whole heartbeat cycle), beyond what the "
        + "server used alone, per socket and minute; `closedWhileIdle` counts sockets the server closed meanwhile.",
        Tables.raw(run.results(), "idle", IDLE));
    section(d, "Wake", "One room; before each message the room is left alone until Dormouse reports it asleep "
        + "(one-second idle timeout); latency from the post to each socket's receipt.",
        Tables.raw(run.results(), "wake", WAKE));
    section(d, "Durable writes", "One socket per room keeping 64 posts in flight, posting again on each confirmation. "
        + "Only the servers that store every message take part.", Tables.raw(run.results(), "durable-writes", DURABLE));
    section(d, "Reconnect storm", "Clients in rooms of 100, each room with a log of 20 messages; then the server is "
        + "restarted (SIGTERM, then the same jar on the same port and data) and every client comes back with `since` and "
        + "`epoch` on the web client's jittered backoff, waiting out a 429's `Retry-After` where it asks for longer; each "
        + "room's first client posts 5 messages as soon as it is back, and once all are back, one more. Seconds are counted "
        + "from the new server's start (`startSeconds` until its health check answers; `caughtUpSeconds` until the last "
        + "client is in its room holding every seq of it, `caughtUpAfterHealthySeconds` the same from the health check). "
        + "`lost` and `duplicates` count seqs, over every client, that it never received or received twice; `storedTwice` "
        + "posts stored under two seqs. The *everyone back* run keeps the bench's lifted per-address caps; the *default caps* "
        + "run restarts into the product's (256 sockets per address), which the bench's clients, all on 127.0.0.1, exceed, "
        + "and watches for 20 s how the excess is refused. `resets` and `closedUnanswered` are upgrades the server dropped "
        + "without an answer, `timeouts` upgrades unanswered for 30 s; `listenOverflows` is the kernel's count (machine-wide) "
        + "of connections dropped because the accept queue was full.",
        Tables.raw(run.results(), "storm", STORM));
    d.append("The server meanwhile, from its start until the last client caught up (or the window ended): "
        + "`serverPeakCpuPercent` is its busiest second in percent of its one core, `rssPeakMib` the kernel's high-water "
        + "mark of its resident memory, the heap's peaks are sampled every 2 s through jcmd (used includes garbage), "
        + "`heapLiveAfterMib` is the live heap after a full GC once it is over; `healthFailures` counts health checks "
        + "(one a second) that got no answer once the first did. `synRetransmits` and `retransmittedSegments` are the "
        + "kernel's counts (machine-wide) of what TCP had to send again: a connection that waits for one waits a second "
        + "or more. On a shared machine two figures tell a starved server "
        + "from an idle one: `othersOnServerCorePercent`, how much of the server's pinned core other processes took, and "
        + "`serverWaitedForCpuSeconds`, how long its threads waited for a core, summed over them (schedstat).\n\n")
        .append(Tables.raw(run.results(), "storm", STORM_SERVER)).append('\n');
    notes(d, run.results());

    d.append("## Method\n\n").append(Method.text(run.sizes(), run.serverEnvironment())).append('\n');
    d.append("## Machine\n\n");
    List<List<String>> machine = new ArrayList<>();
    run.machine().forEach((k, v) -> machine.add(List.of(k, String.valueOf(v))));
    d.append(Tables.markdown(List.of("what", "value"), machine)).append('\n');
    return d.toString();
  }

  private static void section(StringBuilder d, String title, String what, String table) {
    d.append("### ").append(title).append("\n\n").append(what).append("\n\n").append(table).append('\n');
  }

  private static void notes(StringBuilder d, List<Measurement> results) {
    List<String> lines = new ArrayList<>();
    for (Measurement m : results) {
      for (String note : m.notes()) {
        lines.add("- " + m.target() + ", " + m.row() + ": " + note);
      }
      Object closes = m.figures().get("unexpectedCloses");
      if (closes != null) {
        lines.add("- " + m.target() + ", " + m.row() + ": sockets closed by the server, by close code: " + closes);
      }
    }
    if (!lines.isEmpty()) {
      d.append("### What went wrong during the run\n\n").append(String.join("\n", lines)).append("\n\n");
    }
  }
}
