package dev.dormouse.room;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dormouse.ChatClient;
import dev.dormouse.TestServer;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Presence over real sockets: deltas coalesced per interval, so churn costs the room one frame per
 * interval, not one per join; and large rooms that carry only a count, with the list paged over
 * HTTP.
 */
class PresenceTest {

  private static final long INTERVAL_MS = 100;

  @RegisterExtension
  static final TestServer server =
      TestServer.perClass(
          Map.of(
              "dormouse.room.presence-interval",
              INTERVAL_MS + "ms",
              "dormouse.room.presence-list-limit",
              3));

  @Test
  void someone_joining_and_leaving_over_and_over_costs_the_others_at_most_a_frame_per_interval()
      throws Exception {
    List<ChatClient> watchers = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        ChatClient watcher = ChatClient.connect(server.chat("churn?name=W" + i));
        watcher.ready();
        watchers.add(watcher);
      }
      watchers.getFirst().awaitOnline("W0", "W1", "W2");
      int[] before = watchers.stream().mapToInt(w -> w.rawFrames().size()).toArray();
      long started = System.nanoTime();
      int cycles = 100;
      long sentBytes = 0;
      for (int i = 0; i < cycles; i++) {
        String path = "churn?name=Mallory";
        sentBytes += upgradeRequestBytes(path);
        try (ChatClient guest = ChatClient.connect(server.chat(path))) {
          guest.ready();
        }
      }
      // Mallory's last departure is announced within an interval; then the storm is over.
      for (ChatClient watcher : watchers) {
        watcher.awaitOnline("W0", "W1", "W2");
      }
      long elapsedMs = (System.nanoTime() - started) / 1_000_000;
      long receivedBytes = 0;
      for (int w = 0; w < watchers.size(); w++) {
        List<String> during = watchers.get(w).rawFrames();
        during = during.subList(before[w], during.size());
        receivedBytes += during.stream().mapToLong(String::length).sum();
        assertThat(during.size())
            .as("frames to watcher %d over %d ms of %d cycles", w, elapsedMs, cycles)
            .isLessThanOrEqualTo((int) (elapsedMs / INTERVAL_MS) + 2)
            .isLessThan(cycles);
      }
      System.out.printf(
          "presence churn: %d cycles in %d ms, %d bytes sent by the guest, %d bytes to %d"
              + " watchers (%.2fx)%n",
          cycles,
          elapsedMs,
          sentBytes,
          receivedBytes,
          watchers.size(),
          (double) receivedBytes / sentBytes);
      assertThat(receivedBytes).isLessThan(sentBytes);
    } finally {
      watchers.forEach(ChatClient::close);
    }
  }

  @Test
  void above_the_list_limit_presence_is_a_count_and_the_list_is_paged_over_http() throws Exception {
    List<ChatClient> people = new ArrayList<>();
    try {
      for (String name : List.of("Ada", "Bob", "Cy", "Dee")) {
        ChatClient client = ChatClient.connect(server.chat("crowd?name=" + name));
        client.ready();
        people.add(client);
      }
      ServerFrame.Presence last = people.getLast().await(ServerFrame.Presence.class);
      assertThat(last.online()).isNull();
      assertThat(last.count()).isEqualTo(4);

      JsonNode first = json(server.get("/api/rooms/crowd/people?limit=3").body());
      assertThat(first.get("hasMore").asBoolean()).isTrue();
      List<String> names = new ArrayList<>();
      first.get("people").forEach(p -> names.add(p.get("name").asText()));
      String after = first.get("people").get(2).get("id").asText();
      JsonNode rest = json(server.get("/api/rooms/crowd/people?limit=3&after=" + after).body());
      assertThat(rest.get("hasMore").asBoolean()).isFalse();
      rest.get("people").forEach(p -> names.add(p.get("name").asText()));
      assertThat(names).containsExactlyInAnyOrder("Ada", "Bob", "Cy", "Dee");
      assertThat(server.get("/api/rooms/crowd/people?limit=0").statusCode()).isEqualTo(400);
    } finally {
      people.forEach(ChatClient::close);
    }
  }

  /** What the JDK's client sends to open a socket, at the least: the request line and headers. */
  private static int upgradeRequestBytes(String path) {
    return ("GET /api/chat/" + path + " HTTP/1.1\r\n").length()
        + "Connection: Upgrade\r\nUpgrade: websocket\r\nHost: 127.0.0.1:00000\r\n".length()
        + "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\nSec-WebSocket-Version: 13\r\n\r\n"
            .length();
  }

  private static JsonNode json(String body) throws Exception {
    return FrameCodec.json().readTree(body);
  }
}
