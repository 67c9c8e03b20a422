package dev.dormouse.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dormouse.CpuHog;
import dev.dormouse.FreePorts;
import dev.dormouse.ServerProcess;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.protocol.ServerFrame;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A rolling restart of a three-node cluster under traffic, done as docs/operations.md tells an
 * operator to: for each node in turn, start its replacement, wait until the replacement is ready,
 * take the old node out of the load balancer's rotation, SIGTERM it and wait for it to exit. The
 * oldest node, which hosts the shard coordinator, goes last.
 *
 * <p>Meanwhile people talk in several rooms from every node, through a load balancer that hands out
 * the nodes in rotation. Each {@link FaultClient} behaves as the protocol asks: a closed socket
 * reconnects to another node with {@code since}, and what was not acked is resent under its
 * clientId. Afterwards every room's history and every client's log are audited as in {@link
 * DeliveryUnderFaultsIT}, every room lists exactly the people still connected (nobody left behind
 * on a stopped node), and the run prints how long clients were without a connection and how long
 * messages waited for their acks. Those figures are reported, not asserted: on a shared machine a
 * time bound only measures the neighbours.
 */
class RollingRestartIT {

  private static final String DATABASE_URL =
      System.getenv()
          .getOrDefault("TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  private static final int NODES = 3;
  private static final int ROOMS = 4;
  private static final int SENDERS_PER_ROOM = 3;
  private static final int READERS_PER_ROOM = 3;

  /** Up to this long between two sends of one sender: about five messages a second each. */
  private static final Duration MAX_SEND_PAUSE = Duration.ofMillis(250);

  /** More than any sender gets through in a run; it stops when told, not when these run out. */
  private static final int MESSAGES_EACH = 10_000;

  /** Acks each sender must have gained before the first restart and after each one. */
  private static final int ACKS_BETWEEN_RESTARTS = 10;

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  /** Sends a node's sockets told their room again because no answer came (see ChatSocket). */
  private static final String RETOLD = "dormouse_sends_retold_total";

  private static final Map<String, String> ENV =
      // Rate limits are not under test here, and every client shares 127.0.0.1's budget.
      ServerProcess.withSendLimitsLifted(
          Map.ofEntries(
              Map.entry("DATABASE_URL", DATABASE_URL),
              Map.entry("AUTH_SECRET", "cluster-test-secret-of-at-least-32-bytes"),
              Map.entry("CLUSTER_STABLE_AFTER", "3s")));

  /** A running node and its remoting address, which later nodes name as a seed. */
  private record Node(ServerProcess process, String remoting) {}

  private final List<ServerProcess> started = new ArrayList<>();
  private final List<Node> members = new ArrayList<>();
  private final Rotation rotation = new Rotation();
  private final List<String> restarts = new ArrayList<>();
  private double sendsRetold;
  private long restartsBegan;
  private long restartsEnded;

  @AfterEach
  void stopNodes() {
    started.forEach(ServerProcess::close);
  }

  @Test
  void restarting_every_node_in_turn_under_traffic_loses_nothing_and_every_client_sees_every_seq()
      throws Exception {
    // The whole run competes with a busy thread on every core, as on a shared CI machine.
    try (CpuHog hog = CpuHog.onEveryCore()) {
      rollingRestartUnderTraffic();
    }
  }

  private void rollingRestartUnderTraffic() throws Exception {
    long began = System.nanoTime();
    startCluster();
    String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    Map<String, List<FaultClient>> rooms = new TreeMap<>();
    List<FaultClient> senders = new ArrayList<>();
    try {
      for (int r = 0; r < ROOMS; r++) {
        String room = "rolling-" + r + "-" + run;
        List<FaultClient> inRoom = new ArrayList<>();
        for (int s = 0; s < SENDERS_PER_ROOM; s++) {
          FaultClient sender =
              new FaultClient(rotation, room, "s" + s, messages(room, "s" + s), MAX_SEND_PAUSE);
          inRoom.add(sender);
          senders.add(sender);
        }
        for (int n = 0; n < READERS_PER_ROOM; n++) {
          inRoom.add(new FaultClient(rotation, room, "r" + n, List.of(), MAX_SEND_PAUSE));
        }
        rooms.put(room, inRoom);
      }
      awaitAcksFromEverySender(senders);

      restartsBegan = System.nanoTime();
      List<Node> originals = List.copyOf(members);
      for (int i = 0; i < NODES; i++) {
        replace(originals.get(NODES - 1 - i), NODES + i);
        awaitAcksFromEverySender(senders);
      }
      restartsEnded = System.nanoTime();

      senders.forEach(FaultClient::finishPosting);
      Awaitility.await("every sent message acked")
          .atMost(PATIENCE)
          .until(() -> senders.stream().allMatch(FaultClient::allAcked));
      ServerProcess survivor = members.getFirst().process();
      for (var room : rooms.entrySet()) {
        List<ServerFrame.Message> history = RoomHistory.all(survivor, room.getKey());
        long last = history.isEmpty() ? 0 : history.getLast().seq();
        Awaitility.await("every client of " + room.getKey() + " at seq " + last)
            .atMost(PATIENCE)
            .until(() -> room.getValue().stream().allMatch(c -> c.highestSeen() >= last));
      }
      for (var room : rooms.entrySet()) {
        List<String> connected = room.getValue().stream().map(FaultClient::name).sorted().toList();
        Awaitility.await("only the connected clients online in " + room.getKey())
            .atMost(PATIENCE)
            .until(() -> online(survivor, room.getKey()), connected::equals);
      }
    } finally {
      rooms.values().forEach(clients -> clients.forEach(FaultClient::close));
    }

    // Every client is closed: nothing can be stored after these reads.
    ServerProcess survivor = members.getFirst().process();
    members.forEach(node -> sendsRetold += node.process().metric(RETOLD));
    List<ClientLog.Snapshot> everyone = new ArrayList<>();
    Map<String, DeliveryAudit> audits = new TreeMap<>();
    for (var room : rooms.entrySet()) {
      List<ClientLog.Snapshot> logs = room.getValue().stream().map(FaultClient::log).toList();
      everyone.addAll(logs);
      audits.put(room.getKey(), DeliveryAudit.of(RoomHistory.all(survivor, room.getKey()), logs));
    }
    report(audits, everyone, began);

    audits.forEach(
        (room, audit) -> {
          assertThat(audit.acked()).as("%s acked", room).isEqualTo(audit.posted()).isPositive();
          assertThat(audit.ackedButLost()).as("%s acked but lost", room).isZero();
          assertThat(audit.ackedWithAnotherSeq())
              .as("%s acked with a seq that holds another message", room)
              .isZero();
          assertThat(audit.ackConflicts()).as("%s one clientId, two seqs", room).isZero();
          assertThat(audit.storedMoreThanOnce()).as("%s stored more than once", room).isZero();
          assertThat(audit.storedButNeverPosted()).as("%s stored, never posted", room).isZero();
          assertThat(audit.seqsAreOneToK()).as("%s seqs are 1..K: %s", room, audit.seqs()).isTrue();
          assertThat(audit.stored()).as("%s stored", room).isEqualTo(audit.posted());
          assertThat(audit.clients())
              .as("%s: every client saw every seq exactly once, in order, as stored", room)
              .allSatisfy(
                  client -> {
                    assertThat(client.repeats()).as(client.name() + " repeats").isZero();
                    assertThat(client.skipped()).as(client.name() + " out of order").isZero();
                    assertThat(client.missing()).as(client.name() + " missing").isZero();
                    assertThat(client.divergent()).as(client.name() + " unlike stored").isZero();
                    assertThat(client.unexpected()).as(client.name() + " unexpected").isEmpty();
                  });
        });
    assertThat(everyone)
        .as("a stopping node closes every socket with 1012, never without a close frame")
        .allSatisfy(log -> assertThat(log.closeCodes().keySet()).isSubsetOf(1012));
    assertThat(everyone.stream().mapToInt(log -> log.outages().size()).sum())
        .as("clients moved off the stopped nodes")
        .isGreaterThanOrEqualTo(NODES);
  }

  private void startCluster() {
    int[] ports = FreePorts.take(2 * NODES);
    List<String> seeds = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      seeds.add("127.0.0.1:" + ports[NODES + i]);
    }
    for (int i = 0; i < NODES; i++) {
      // The first seed forms the cluster; each later node is started once the ones before are up.
      startNode(i, ports[i], ports[NODES + i], seeds);
    }
  }

  /**
   * One step of the rolling restart: a new node joins through the running ones and becomes ready,
   * then {@code old} leaves with SIGTERM while the others carry the traffic.
   */
  private void replace(Node old, int number) {
    int[] ports = FreePorts.take(2);
    List<String> seeds = members.stream().map(Node::remoting).toList();
    long starting = System.nanoTime();
    startNode(number, ports[0], ports[1], seeds);
    Duration startup = since(starting);

    members.remove(old);
    rotation.remove(old.process());
    sendsRetold += old.process().metric(RETOLD);
    long stopping = System.nanoTime();
    old.process().stop();
    restarts.add(
        "node-"
            + number
            + " ready in "
            + startup.toMillis()
            + " ms, then "
            + old.process().log().getFileName()
            + " exited "
            + since(stopping).toMillis()
            + " ms after SIGTERM");
  }

  private void startNode(int number, int port, int remotingPort, List<String> seeds) {
    Map<String, String> env = new HashMap<>(ENV);
    env.put("PORT", Integer.toString(port));
    env.put("CLUSTER_PORT", Integer.toString(remotingPort));
    env.put("CLUSTER_SEEDS", String.join(",", seeds));
    ServerProcess node = ServerProcess.start("rolling-node-" + number, env);
    started.add(node);
    members.add(new Node(node, "127.0.0.1:" + remotingPort));
    rotation.add(node);
  }

  /** Traffic flows everywhere: every sender has had this many more acks since the call. */
  private static void awaitAcksFromEverySender(List<FaultClient> senders) {
    Map<FaultClient, Integer> before = new HashMap<>();
    senders.forEach(s -> before.put(s, s.ackedCount()));
    Awaitility.await("every sender acked again")
        .atMost(PATIENCE)
        .until(
            () ->
                senders.stream()
                    .allMatch(s -> s.ackedCount() >= before.get(s) + ACKS_BETWEEN_RESTARTS));
  }

  private void report(
      Map<String, DeliveryAudit> audits, List<ClientLog.Snapshot> logs, long began) {
    Map<Integer, Integer> closes = new TreeMap<>();
    logs.forEach(log -> log.closeCodes().forEach((code, n) -> closes.merge(code, n, Integer::sum)));
    List<Duration> outages = logs.stream().flatMap(log -> log.outages().stream()).toList();
    // Acks are timed for the messages sent while nodes were being replaced, not before or after.
    List<Duration> ackWaits =
        logs.stream()
            .flatMap(log -> log.ackWaits().stream())
            .filter(w -> w.sentNanos() >= restartsBegan && w.sentNanos() <= restartsEnded)
            .map(ClientLog.AckWait::waited)
            .toList();
    restarts.forEach(step -> System.out.println("rolling-restart: " + step));
    audits.forEach(
        (room, audit) -> System.out.println("rolling-restart: " + room + " " + audit.summary()));
    System.out.printf(
        "rolling-restart: clients=%d server-closes=%s reconnects=%d sends-retold=%d gaps-filled=%d"
            + " refused=%d seconds=%d%n",
        logs.size(),
        closes,
        logs.stream().mapToInt(ClientLog.Snapshot::connections).sum() - logs.size(),
        (long) sendsRetold,
        logs.stream().mapToInt(ClientLog.Snapshot::gapsFilled).sum(),
        logs.stream().mapToInt(ClientLog.Snapshot::refusals).sum(),
        since(began).toSeconds());
    System.out.printf(
        "rolling-restart: without a connection: outages=%d median=%d ms p99=%d ms longest=%d ms%n",
        outages.size(), percentile(outages, 50), percentile(outages, 99), percentile(outages, 100));
    System.out.printf(
        "rolling-restart: waiting for an ack during the restarts: acks=%d median=%d ms p99=%d ms"
            + " longest=%d ms%n",
        ackWaits.size(),
        percentile(ackWaits, 50),
        percentile(ackWaits, 99),
        percentile(ackWaits, 100));
  }

  /** The names the room lists as online, sorted; the room has fewer people than a page holds. */
  private static List<String> online(ServerProcess node, String room) throws IOException {
    JsonNode page =
        FrameCodec.json().readTree(node.get("/api/rooms/" + room + "/people?limit=100").body());
    List<String> names = new ArrayList<>();
    page.path("people").forEach(person -> names.add(person.path("name").asText()));
    return names.stream().sorted().toList();
  }

  /** The nearest-rank percentile, in milliseconds; 0 of nothing. */
  private static long percentile(List<Duration> durations, int percent) {
    if (durations.isEmpty()) {
      return 0;
    }
    List<Duration> sorted = durations.stream().sorted(Comparator.naturalOrder()).toList();
    int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1)).toMillis();
  }

  private static Duration since(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos);
  }

  private static List<FaultClient.Outgoing> messages(String room, String sender) {
    List<FaultClient.Outgoing> messages = new ArrayList<>();
    for (int i = 0; i < MESSAGES_EACH; i++) {
      String clientId = sender + "-" + i;
      // The clientId leads the text, so the audit can tell every stored message apart.
      messages.add(new FaultClient.Outgoing(clientId, clientId + " in " + room));
    }
    return messages;
  }

  /**
   * What a load balancer in front of the cluster does: it hands out the nodes in its rotation in
   * turn. A node joins the rotation once it is ready and leaves it when it is told to stop.
   */
  private static final class Rotation implements Supplier<ServerProcess> {
    private final List<ServerProcess> nodes = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    void add(ServerProcess node) {
      nodes.add(node);
    }

    void remove(ServerProcess node) {
      nodes.remove(node);
    }

    @Override
    public ServerProcess get() {
      List<ServerProcess> now = List.copyOf(nodes);
      return now.get(Math.floorMod(next.getAndIncrement(), now.size()));
    }
  }
}
