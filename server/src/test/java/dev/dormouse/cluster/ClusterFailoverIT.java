package dev.dormouse.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.ChatClient;
import dev.dormouse.CpuHog;
import dev.dormouse.FreePorts;
import dev.dormouse.ServerProcess;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.protocol.HistoryPage;
import dev.dormouse.protocol.ServerFrame;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three nodes from the built jar share one PostgreSQL. Clients on every node talk in a few rooms;
 * one node is killed with SIGKILL mid-conversation; its clients reconnect to a survivor with {@code
 * since} and resend what was not acked. Afterwards every acked message is stored exactly once, seqs
 * have no gaps, and every client has seen every seq exactly once, including the clients that never
 * reconnected: a broadcast lost with the killed node is fetched from storage by their sockets.
 */
class ClusterFailoverIT {

  private static final String DATABASE_URL =
      System.getenv()
          .getOrDefault("TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  private static final int MESSAGES_PER_CLIENT = 30;

  private final List<ServerProcess> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() {
    nodes.forEach(ServerProcess::close);
  }

  @Test
  void killing_a_node_during_traffic_loses_no_acked_message_and_every_client_sees_every_seq()
      throws Exception {
    // The whole run competes with a busy thread on every core, as on a shared CI machine.
    try (CpuHog hog = CpuHog.onEveryCore()) {
      killANodeDuringTraffic();
    }
  }

  private void killANodeDuringTraffic() throws Exception {
    startCluster(3);
    String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    List<String> rooms = List.of("fail-a-" + run, "fail-b-" + run, "fail-c-" + run);

    List<Participant> participants = new ArrayList<>();
    for (String room : rooms) {
      for (int n = 0; n < nodes.size(); n++) {
        participants.add(new Participant(room, "p" + n, n));
      }
    }
    participants.forEach(p -> p.connect(nodes.get(p.node), null));
    participants.forEach(p -> p.client.ready());

    ServerProcess victim = nodes.get(1);
    for (int i = 0; i < MESSAGES_PER_CLIENT; i++) {
      if (i == MESSAGES_PER_CLIENT / 3) {
        victim.kill();
      }
      for (Participant p : participants) {
        p.post(i);
      }
      Thread.sleep(50); // the workload's pace, not a wait for a condition
      for (Participant p : participants) {
        if (p.client.isClosed()) {
          p.reconnect(nodes.get(0));
        }
      }
    }

    // Whoever is still missing acks keeps resending through a live node until all are stored.
    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              for (Participant p : participants) {
                if (p.client.isClosed()) {
                  p.reconnect(nodes.get(0));
                }
                p.collectAcks();
                if (!p.unacked().isEmpty()) {
                  p.resendUnacked();
                }
              }
              return participants.stream().allMatch(p -> p.unacked().isEmpty());
            });

    int expectedPerRoom = MESSAGES_PER_CLIENT * nodes.size();
    for (String room : rooms) {
      List<ServerFrame.Message> stored = readAll(nodes.get(0), room);
      List<String> texts = stored.stream().map(ServerFrame.Message::message).toList();
      long lost =
          participants.stream()
              .filter(p -> p.room.equals(room))
              .flatMap(p -> p.acked.keySet().stream())
              .filter(text -> !texts.contains(text))
              .count();
      long duplicates = texts.size() - new LinkedHashSet<>(texts).size();
      System.out.printf(
          "cluster: room=%s stored=%d lost=%d duplicates=%d%n",
          room, stored.size(), lost, duplicates);
      assertThat(lost).isZero();
      assertThat(duplicates).isZero();
      assertThat(stored)
          .extracting(ServerFrame.Message::seq)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, expectedPerRoom).boxed().toList());
    }
    for (Participant p : participants) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> p.seenSeqs().size() >= expectedPerRoom);
      List<Long> seen = p.seenSeqs();
      assertThat(seen)
          .as("seqs seen by %s in %s", p.name, p.room)
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(
              LongStream.rangeClosed(1, expectedPerRoom).boxed().toList());
    }
  }

  private void startCluster(int size) {
    int[] ports = FreePorts.take(2 * size);
    String seeds =
        java.util.stream.IntStream.range(0, size)
            .mapToObj(i -> "127.0.0.1:" + ports[size + i])
            .collect(Collectors.joining(","));
    for (int i = 0; i < size; i++) {
      Map<String, String> env = new HashMap<>();
      env.put("PORT", Integer.toString(ports[i]));
      env.put("CLUSTER_PORT", Integer.toString(ports[size + i]));
      env.put("CLUSTER_SEEDS", seeds);
      env.put("DATABASE_URL", DATABASE_URL);
      env.put("AUTH_SECRET", "cluster-test-secret-of-at-least-32-bytes");
      env.put("CLUSTER_STABLE_AFTER", "3s");
      // The first seed forms the cluster; each later node is started once the ones before are up.
      nodes.add(ServerProcess.start("cluster-node-" + i, ServerProcess.withSendLimitsLifted(env)));
    }
  }

  private static List<ServerFrame.Message> readAll(ServerProcess node, String room)
      throws IOException {
    List<ServerFrame.Message> all = new ArrayList<>();
    long after = 0;
    while (true) {
      HistoryPage page =
          readPage(
              node.get("/api/rooms/" + room + "/messages?after=" + after + "&limit=100").body());
      all.addAll(page.messages());
      if (!page.hasMore()) {
        return all;
      }
      after = page.messages().get(page.messages().size() - 1).seq();
    }
  }

  private static HistoryPage readPage(String json) {
    try {
      return FrameCodec.json().readValue(json, HistoryPage.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** One person in one room, on one node until that node dies. */
  private static final class Participant {
    final String room;
    final String name;
    final int node;
    final Map<String, String> sent = new HashMap<>();
    final Map<String, Long> acked = new HashMap<>();
    final List<ChatClient> past = new ArrayList<>();
    ChatClient client;

    Participant(String room, String name, int node) {
      this.room = room;
      this.name = name;
      this.node = node;
    }

    void connect(ServerProcess target, Long since) {
      client =
          ChatClient.connect(
              target.chat(room + "?name=" + name + (since == null ? "" : "&since=" + since)));
    }

    void post(int i) {
      String text = room + "/" + name + "/" + i;
      sent.put(text, text);
      if (!client.isClosed()) {
        try {
          client.sendMessage(text, text.replace('/', '.'));
        } catch (RuntimeException dropped) {
          // the node died under us; the message stays unacked and is resent after reconnecting
        }
      }
    }

    void reconnect(ServerProcess survivor) {
      collectAcks();
      long highest = seenSeqs().stream().mapToLong(Long::longValue).max().orElse(0);
      past.add(client);
      connect(survivor, highest);
      resendUnacked();
    }

    void collectAcks() {
      for (ChatClient c : allClients()) {
        for (ServerFrame.Ack ack : c.frames(ServerFrame.Ack.class)) {
          acked.put(ack.clientId().replace('.', '/'), ack.seq());
        }
      }
    }

    Set<String> unacked() {
      Set<String> missing = new LinkedHashSet<>(sent.keySet());
      missing.removeAll(acked.keySet());
      return missing;
    }

    void resendUnacked() {
      for (String text : unacked()) {
        try {
          client.sendMessage(text, text.replace('/', '.'));
        } catch (RuntimeException dropped) {
          return;
        }
      }
    }

    List<ChatClient> allClients() {
      List<ChatClient> all = new ArrayList<>(past);
      all.add(client);
      return all;
    }

    List<Long> seenSeqs() {
      return allClients().stream()
          .flatMap(c -> c.messages().stream())
          .map(ServerFrame.Message::seq)
          .toList();
    }
  }
}
