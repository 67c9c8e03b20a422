package dev.dormouse.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.ChatClient;
import dev.dormouse.RawSocket;
import dev.dormouse.TestServer;
import dev.dormouse.protocol.ServerFrame;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Frames RFC 6455 forbids, and a client that asks for answers it never reads: each costs its own
 * socket only, and the server keeps serving everyone else.
 */
class ProtocolAbuseTest {

  private static final int PING = 0x80 | 0x9;
  private static final int TEXT = 0x80 | 0x1;
  private static final int RSV1 = 0x40;

  @RegisterExtension
  static final TestServer server =
      TestServer.perClass(Map.of("dormouse.limits.outgoing-buffer", "64KiB"));

  @Test
  void a_control_frame_over_125_bytes_closes_with_1002() {
    try (RawSocket raw = RawSocket.open(server.port(), "/api/chat/abuse")) {
      raw.sendFrame(PING, true, new byte[126]);
      assertThat(raw.readCloseCode()).isEqualTo(1002);
    }
    assertServerStillServes();
  }

  @Test
  void an_unmasked_client_frame_closes_with_1002() {
    try (RawSocket raw = RawSocket.open(server.port(), "/api/chat/abuse")) {
      raw.sendFrame(TEXT, false, "ping".getBytes());
      assertThat(raw.readCloseCode()).isEqualTo(1002);
    }
  }

  @Test
  void a_frame_with_a_reserved_bit_closes_with_1002() {
    try (RawSocket raw = RawSocket.open(server.port(), "/api/chat/abuse")) {
      raw.sendFrame(TEXT | RSV1, true, "ping".getBytes());
      assertThat(raw.readCloseCode()).isEqualTo(1002);
    }
  }

  /**
   * Every pong waits in the server's buffer for a reader that never comes; the budget that closes
   * slow readers counts them like any other frame, so the socket is closed, not the server.
   */
  @Test
  void pings_from_a_client_that_never_reads_close_it_as_a_slow_consumer() {
    double before = server.metric("dormouse_slow_consumers_total");
    byte[] legal = new byte[125];
    int sent = 0;
    try (RawSocket raw = RawSocket.open(server.port(), "/api/chat/pings")) {
      while (sent < 2_000_000 && server.metric("dormouse_slow_consumers_total") == before) {
        for (int i = 0; i < 2_000; i++, sent++) {
          raw.sendFrame(PING, true, legal);
        }
      }
    } catch (UncheckedIOException closedByTheServer) {
      // The server may drop the connection before the metric is read.
    }
    assertThat(server.metric("dormouse_slow_consumers_total")).isEqualTo(before + 1);
    assertServerStillServes();
  }

  private static void assertServerStillServes() {
    try (ChatClient ada = ChatClient.connect(server.chat("after-abuse"))) {
      ada.ready();
      ada.sendMessage("still here", "c" + System.nanoTime());
      ada.await(ServerFrame.Ack.class);
    }
    assertThat(server.get("/api/health").statusCode()).isEqualTo(200);
  }
}
