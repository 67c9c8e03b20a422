package dev.dormouse.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.ChatClient;
import dev.dormouse.RawSocket;
import dev.dormouse.TestServer;
import dev.dormouse.protocol.ServerFrame;
import dev.dormouse.protocol.UserRef;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A socket that dies without a close frame is cleaned up like one that said goodbye: the room's
 * presence drops it and the server stops counting it. It may die three ways: the client aborts the
 * TCP connection, the connection is reset, or the peer just goes silent, which only the server's
 * heartbeat can find out.
 */
class DeadSocketCleanupTest {

  private static final Duration PING_INTERVAL = Duration.ofMillis(300);

  @RegisterExtension
  static final TestServer server =
      TestServer.perClass(
          Map.of(
              "dormouse.socket.ping-interval",
              PING_INTERVAL.toMillis() + "ms",
              "dormouse.socket.close-timeout",
              "500ms"));

  @Test
  void a_socket_its_client_aborts_leaves_presence_and_the_connection_count() {
    try (ChatClient ada = ChatClient.connect(server.chat("aborted?name=Ada"))) {
      ada.ready();
      WebSocket bob =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(server.chat("aborted?name=Bob"), new WebSocket.Listener() {})
              .join();
      int presencesWithBob = awaitBobOnline(ada);

      bob.abort();

      awaitBobGone(ada, presencesWithBob);
    }
  }

  @Test
  void a_socket_whose_connection_is_reset_leaves_presence_and_the_connection_count() {
    try (ChatClient ada = ChatClient.connect(server.chat("reset?name=Ada"))) {
      ada.ready();
      RawSocket bob = RawSocket.open(server.port(), "/api/chat/reset?name=Bob");
      int presencesWithBob = awaitBobOnline(ada);

      bob.reset();

      awaitBobGone(ada, presencesWithBob);
    }
  }

  @Test
  void a_peer_that_goes_silent_is_closed_with_4001_and_leaves_presence_and_the_connection_count() {
    try (ChatClient ada = ChatClient.connect(server.chat("silent?name=Ada"));
        RawSocket bob = RawSocket.open(server.port(), "/api/chat/silent?name=Bob")) {
      ada.ready();
      int presencesWithBob = awaitBobOnline(ada);

      // Bob neither reads nor answers pings from here on, like a machine whose cable was pulled.

      awaitBobGone(ada, presencesWithBob);
      assertThat(bob.readCloseCode())
          .as("close code the server sent the silent peer")
          .isEqualTo(4001);
    }
  }

  /**
   * Waits until Ada sees Bob online and the server counts both; returns her presence frames so far.
   */
  private static int awaitBobOnline(ChatClient ada) {
    Awaitility.await().atMost(ChatClient.PATIENCE).until(() -> names(ada.online()).contains("Bob"));
    Awaitility.await()
        .atMost(ChatClient.PATIENCE)
        .until(() -> server.metric("dormouse_connections") == 2);
    return ada.frames(ServerFrame.Presence.class).size();
  }

  /**
   * Waits for a presence frame, later than those with Bob, that has Ada alone, and for the count to
   * drop.
   */
  private static void awaitBobGone(ChatClient ada, int presencesWithBob) {
    Awaitility.await()
        .atMost(ChatClient.PATIENCE)
        .untilAsserted(
            () -> {
              List<ServerFrame.Presence> presences = ada.frames(ServerFrame.Presence.class);
              assertThat(presences).hasSizeGreaterThan(presencesWithBob);
              assertThat(names(ada.online())).containsExactly("Ada");
            });
    Awaitility.await()
        .atMost(ChatClient.PATIENCE)
        .untilAsserted(() -> assertThat(server.metric("dormouse_connections")).isEqualTo(1));
  }

  private static List<String> names(List<UserRef> users) {
    return users.stream().map(UserRef::name).toList();
  }
}
