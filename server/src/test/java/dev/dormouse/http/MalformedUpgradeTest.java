package dev.dormouse.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.ChatClient;
import dev.dormouse.RawSocket;
import dev.dormouse.TestServer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A corpus of broken upgrade requests and junk frames: each is refused, none breaks the server. */
class MalformedUpgradeTest {

  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of());

  private static final List<String> CORPUS =
      List.of(
          "GET /api/chat/lobby HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n",
          "GET /api/chat/lobby HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: short\r\nSec-WebSocket-Version: 13\r\n\r\n",
          "GET /api/chat/lobby HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ZG9ybW91c2UtdGVzdC1reQ==\r\nSec-WebSocket-Version: 8\r\n\r\n",
          "GET /api/chat/lobby HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n",
          "GET /api/chat/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
          "GET /api/chat/%00 HTTP/1.1\r\nHost: x\r\n\r\n",
          "GET /api/chat/lobby?since=99999999999999999999999 HTTP/1.1\r\nHost: x\r\n\r\n",
          "GET /api/chat/lobby?name=%FF%FE HTTP/1.1\r\nHost: x\r\n\r\n",
          "GET /api/chat/" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
          "GET /api/chat/lobby HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n",
          "BREW /api/chat/lobby HTCPCP/1.0\r\n\r\n",
          "GET /api/chat/lobby\r\n\r\n",
          "\u0000\u0001\u0002garbage\r\n\r\n",
          "CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: x\r\n\r\n");

  @Test
  void every_malformed_upgrade_is_refused_without_a_server_error() {
    for (String request : CORPUS) {
      int status = RawSocket.statusOf(server.port(), request);
      // 501 is HTTP's answer to a method it does not know; 500 would mean something broke.
      assertThat(status).as(request.substring(0, Math.min(60, request.length()))).isNotIn(101, 500);
    }
    assertServerStillServes();
  }

  @Test
  void random_bytes_after_a_good_handshake_end_that_socket_only() {
    Random random = new Random(42);
    for (int i = 0; i < 20; i++) {
      try (RawSocket raw = RawSocket.open(server.port(), "/api/chat/noise")) {
        byte[] junk = new byte[1 + random.nextInt(400)];
        random.nextBytes(junk);
        raw.sendRaw(junk);
      }
    }
    assertServerStillServes();
  }

  private static void assertServerStillServes() {
    try (ChatClient ada = ChatClient.connect(server.chat("after-the-storm"))) {
      ada.ready();
      ada.sendMessage("still here", "c1");
      ada.await(dev.dormouse.protocol.ServerFrame.Ack.class);
    }
    assertThat(server.get("/api/health").statusCode()).isEqualTo(200);
  }
}
