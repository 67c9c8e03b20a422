package dev.dormouse.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.ChatClient;
import dev.dormouse.RawSocket;
import dev.dormouse.TestServer;
import dev.dormouse.protocol.ServerFrame;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad input gets its documented answer, and the server keeps serving. */
class SocketLimitsTest {

  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of());

  @Test
  void ping_is_answered_pong() {
    try (ChatClient ada = ChatClient.connect(server.chat("pings"))) {
      ada.ready();
      ada.send("ping");
      org.awaitility.Awaitility.await().until(() -> ada.rawFrames().contains("pong"));
    }
  }

  @Test
  void malformed_frames_get_bad_frame_and_the_socket_stays_open() {
    try (ChatClient ada = ChatClient.connect(server.chat("bad-frames"))) {
      ada.ready();
      ada.send("{\"type\":\"dance\"}");
      ada.send("{\"type\":\"send\",\"text\":42,\"clientId\":\"c1\"}");
      ada.send("{\"type\":\"send\",\"text\":\"no id\"}");
      ada.send("{\"type\":\"send\",\"text\":\"   \",\"clientId\":\"c2\"}");
      ada.sendBinary(new byte[] {1, 2, 3});
      ada.await(ServerFrame.Error.class, e -> ada.frames(ServerFrame.Error.class).size() == 5);
      assertThat(ada.frames(ServerFrame.Error.class)).allMatch(e -> e.code().equals("bad_frame"));
      assertThat(ada.frames(ServerFrame.Error.class).get(1).clientId()).isEqualTo("c1");
      ada.sendMessage("still here", "c3");
      assertThat(ada.await(ServerFrame.Ack.class).seq()).isEqualTo(1);
    }
  }

  @Test
  void a_message_over_2000_code_points_is_too_large_and_not_stored() {
    try (ChatClient ada = ChatClient.connect(server.chat("too-large"))) {
      ada.ready();
      ada.sendMessage("😀".repeat(2000), "fits");
      ada.await(ServerFrame.Ack.class);
      ada.sendMessage("x".repeat(2001), "big");
      ServerFrame.Error error = ada.await(ServerFrame.Error.class);
      assertThat(error.code()).isEqualTo("too_large");
      assertThat(error.clientId()).isEqualTo("big");
    }
    assertThat(server.get("/api/rooms/too-large/messages").body()).doesNotContain("xxxx");
  }

  @Test
  void more_than_a_burst_of_ten_sends_is_rate_limited() {
    try (ChatClient ada = ChatClient.connect(server.chat("flood"))) {
      ada.ready();
      IntStream.range(0, 15).forEach(i -> ada.sendMessage("m" + i, "f" + i));
      ada.await(ServerFrame.Error.class, e -> e.code().equals("rate_limited"));
      ada.awaitMessages(10);
      assertThat(ada.frames(ServerFrame.Error.class))
          .hasSizeGreaterThanOrEqualTo(3)
          .allMatch(e -> e.code().equals("rate_limited"));
    }
  }

  @Test
  void a_frame_over_64_kib_closes_the_socket_with_1009_and_others_carry_on() {
    try (ChatClient bob = ChatClient.connect(server.chat("huge?name=Bob"));
        ChatClient ada = ChatClient.connect(server.chat("huge?name=Ada"))) {
      bob.ready();
      ada.ready();
      ada.send("x".repeat(64 * 1024 + 1));
      assertThat(ada.awaitClose()).isEqualTo(1009);
      try (ChatClient cy = ChatClient.connect(server.chat("huge?name=Cy"))) {
        cy.ready();
        cy.sendMessage("still serving", "c1");
        assertThat(bob.await(ServerFrame.Message.class).message()).isEqualTo("still serving");
      }
    }
  }

  @Test
  void invalid_utf8_closes_the_socket_with_1007() {
    // The JDK client refuses to send bad UTF-8 in a text frame, so this speaks raw RFC 6455.
    try (RawSocket raw = RawSocket.open(server.port(), "/api/chat/utf8")) {
      raw.sendTextFrame(new byte[] {(byte) 0xC3, (byte) 0x28});
      assertThat(raw.readCloseCode()).isEqualTo(1007);
    }
  }

  @Test
  void a_socket_that_answers_no_pings_is_closed_with_4001() {
    try (TestServer quick = TestServer.start(Map.of("dormouse.socket.ping-interval", "300ms"));
        RawSocket silent = RawSocket.open(quick.port(), "/api/chat/silence")) {
      // RawSocket never answers the server's pings: after two silent intervals the server gives up.
      assertThat(silent.readCloseCode()).isEqualTo(4001);
      org.awaitility.Awaitility.await().until(() -> quick.metric("dormouse_connections") == 0);
    }
  }

  @Test
  void a_client_close_is_answered_with_the_same_code() {
    try (RawSocket raw = RawSocket.open(server.port(), "/api/chat/closing")) {
      raw.sendClose(4321);
      assertThat(raw.readCloseCode()).isEqualTo(4321);
    }
  }

  @Test
  void a_close_without_a_code_is_answered_1000_never_1005() {
    try (RawSocket raw = RawSocket.open(server.port(), "/api/chat/closing")) {
      raw.sendClose(-1);
      assertThat(raw.readCloseCode()).isEqualTo(1000);
    }
  }
}
