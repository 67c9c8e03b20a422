package dev.dormouse.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connections that never finish their request cannot hold the server: each is closed when its
 * request is late, however slowly its bytes trickle in, and one address cannot take more than its
 * share of connections, so others still reach the server and its health check.
 */
class SlowRequestsTest {

  private static final int SOCKETS_PER_IP = 3;
  private static final int HTTP_PER_IP = 2;

  @RegisterExtension
  static final TestServer server =
      TestServer.perClass(
          Map.of(
              "dormouse.http.request-timeout", "1s",
              "dormouse.limits.connections-per-ip", SOCKETS_PER_IP,
              "dormouse.limits.http-connections-per-ip", HTTP_PER_IP));

  @Test
  void a_request_trickled_a_byte_at_a_time_is_closed_when_it_is_late() throws Exception {
    try (Socket slow = new Socket("127.0.0.1", server.port())) {
      slow.setSoTimeout(100);
      byte[] request = "GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes();
      long started = System.nanoTime();
      boolean closed = false;
      // At most 60 s of trickling: far past the 1 s deadline, bounded in case it never comes.
      for (int i = 0; i < 600 && !closed; i++) {
        try {
          slow.getOutputStream().write(request[i % request.length]);
          closed = slow.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
          // nothing yet: keep trickling
        } catch (IOException reset) {
          closed = true;
        }
      }
      assertThat(closed)
          .as("closed after %d ms", (System.nanoTime() - started) / 1_000_000)
          .isTrue();
    }
  }

  @Test
  void one_address_cannot_take_every_connection_and_others_still_reach_health() throws Exception {
    List<Socket> hogs = new ArrayList<>();
    try {
      for (int i = 0; i < SOCKETS_PER_IP + HTTP_PER_IP; i++) {
        Socket hog = new Socket("127.0.0.1", server.port());
        hog.getOutputStream().write('G');
        hogs.add(hog);
      }
      try (Socket oneTooMany = new Socket("127.0.0.1", server.port())) {
        oneTooMany.setSoTimeout(10_000);
        assertThat(readAll(oneTooMany.getInputStream())).isEmpty();
      }
      // Linux routes all of 127.0.0.0/8 to the loopback: 127.0.0.2 is another address here.
      try (Socket other =
          new Socket(
              InetAddress.getByName("127.0.0.1"),
              server.port(),
              InetAddress.getByName("127.0.0.2"),
              0)) {
        other.setSoTimeout(10_000);
        other
            .getOutputStream()
            .write(
                "GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
        assertThat(readAll(other.getInputStream())).startsWith("HTTP/1.1 200");
      }
    } finally {
      for (Socket hog : hogs) {
        hog.close();
      }
    }
  }

  private static String readAll(InputStream in) throws IOException {
    try {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException reset) {
      return "";
    }
  }
}
