package dev.dormouse.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dormouse.ChatClient;
import dev.dormouse.RawSocket;
import dev.dormouse.TestServer;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.protocol.ServerFrame;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Caps on connections per address and per room, and send limits per person across connections. */
class ConnectionLimitsTest {

  @Test
  void connections_beyond_the_per_address_cap_are_refused_with_429_and_retry_after() {
    try (TestServer server = TestServer.start(Map.of("dormouse.limits.connections-per-ip", 3))) {
      List<ChatClient> open = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        open.add(ChatClient.connect(server.chat("room-" + i)));
      }
      open.forEach(ChatClient::ready);
      assertThat(RawSocket.answerTo(server.port(), RawSocket.upgradeRequest("/api/chat/another")))
          .startsWith("HTTP/1.1 429")
          .containsIgnoringCase("\r\nretry-after: 5\r\n");
      open.get(0).close();
      Awaitility.await()
          .until(
              () ->
                  RawSocket.statusOf(server.port(), RawSocket.upgradeRequest("/api/chat/another"))
                      == 101);
      open.forEach(ChatClient::close);
    }
  }

  @Test
  void a_full_room_refuses_the_next_socket_with_429_room_full_and_retry_after() {
    try (TestServer server = TestServer.start(Map.of("dormouse.limits.connections-per-room", 2));
        ChatClient a = ChatClient.connect(server.chat("small"));
        ChatClient b = ChatClient.connect(server.chat("small"))) {
      a.ready();
      b.ready();
      assertThat(RawSocket.answerTo(server.port(), RawSocket.upgradeRequest("/api/chat/small")))
          .startsWith("HTTP/1.1 429")
          .containsIgnoringCase("\r\nretry-after: 5\r\n");
      assertThat(RawSocket.statusOf(server.port(), RawSocket.upgradeRequest("/api/chat/other")))
          .isEqualTo(101);
    }
  }

  @Test
  void one_persons_sends_are_limited_across_all_their_connections_and_others_are_not_slowed()
      throws Exception {
    try (TestServer server =
        TestServer.start(
            Map.of(
                "dormouse.limits.send-burst",
                100,
                "dormouse.limits.user-send-burst",
                6,
                "dormouse.limits.user-send-per-second",
                1,
                "dormouse.limits.address-send-burst",
                1000,
                "dormouse.limits.address-send-per-second",
                1000,
                "dormouse.limits.room-post-burst",
                1000,
                "dormouse.limits.room-posts-per-second",
                1000))) {
      JsonNode session =
          FrameCodec.json()
              .readTree(
                  server
                      .send(
                          HttpRequest.newBuilder(server.http("/api/session"))
                              .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Flood\"}"))
                              .build())
                      .body());
      String cookie = "dormouse_session=" + session.get("token").asText();
      try (ChatClient tab1 = ChatClient.connect(server.chat("shared"), "Cookie", cookie);
          ChatClient tab2 = ChatClient.connect(server.chat("shared"), "Cookie", cookie);
          ChatClient other = ChatClient.connect(server.chat("shared?name=Calm"))) {
        tab1.ready();
        tab2.ready();
        other.ready();
        IntStream.range(0, 5).forEach(i -> tab1.sendMessage("one " + i, "a" + i));
        IntStream.range(0, 5).forEach(i -> tab2.sendMessage("two " + i, "b" + i));
        // The two tabs' frames reach the server on separate connections, in either order: whichever
        // comes second meets the shared limit.
        Awaitility.await()
            .atMost(ChatClient.PATIENCE)
            .until(
                () ->
                    tab1.frames(ServerFrame.Error.class).size()
                            + tab2.frames(ServerFrame.Error.class).size()
                        >= 3);
        other.sendMessage("I am not limited", "calm");
        assertThat(other.await(ServerFrame.Ack.class).clientId()).isEqualTo("calm");
        long stored =
            tab1.frames(ServerFrame.Ack.class).size() + tab2.frames(ServerFrame.Ack.class).size();
        assertThat(stored).isLessThanOrEqualTo(7);
        assertThat(
                tab1.frames(ServerFrame.Error.class).size()
                    + tab2.frames(ServerFrame.Error.class).size())
            .isGreaterThanOrEqualTo(3);
      }
    }
  }
}
