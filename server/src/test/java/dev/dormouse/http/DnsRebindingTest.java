package dev.dormouse.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.RawSocket;
import dev.dormouse.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DNS rebinding over real sockets. A page at {@code http://evil.example:PORT} whose name its owner
 * made resolve to 127.0.0.1 is same-origin with this server as far as its browser knows, so its
 * requests carry a Host and an Origin that agree: {@code evil.example:PORT}. It must get nothing
 * from the server: no socket, no session, no history, no metrics, not even the web app.
 */
class DnsRebindingTest {

  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of());

  @Test
  void a_page_under_a_rebound_name_gets_421_everywhere_but_health() {
    String evil = "evil.example:" + server.port();
    String origin = "Origin: http://" + evil;
    String refused = "HTTP/1.1 421 Misdirected Request";

    assertThat(answer(upgrade(evil, origin))).startsWith(refused).contains("\"unknown_host\"");
    assertThat(answer(signIn(evil, origin))).startsWith(refused).contains("\"unknown_host\"");
    assertThat(answer(get(evil, "/api/rooms/lobby/messages"))).startsWith(refused);
    // From this machine, /metrics answers whoever no proxy forwarded: a rebound page too, before.
    assertThat(answer(get(evil, "/metrics"))).startsWith(refused);
    assertThat(answer(get(evil, "/"))).startsWith(refused);
    assertThat(answer(get(evil, "/api/health"))).startsWith("HTTP/1.1 200");
  }

  @Test
  void the_quick_start_names_still_open_sockets_and_sign_in() {
    for (String self : new String[] {"localhost:" + server.port(), "127.0.0.1:" + server.port()}) {
      String origin = "Origin: http://" + self;
      assertThat(RawSocket.statusOf(server.port(), upgrade(self, origin))).as(self).isEqualTo(101);
      assertThat(answer(signIn(self, origin))).as(self).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void a_name_the_operator_lists_is_served_and_its_http_page_cannot_speak_for_its_https_site() {
    try (TestServer named = TestServer.start(Map.of("dormouse.http.allowed-hosts", "chat.test"))) {
      String host = "chat.test:" + named.port();
      assertThat(RawSocket.statusOf(named.port(), upgrade(host, "Origin: http://" + host)))
          .isEqualTo(101);
      // Behind a TLS proxy the request came by https; a plain-http page of the same name is not it.
      assertThat(
              RawSocket.answerTo(
                  named.port(),
                  upgrade(host, "Origin: http://" + host, "X-Forwarded-Proto: https")))
          .startsWith("HTTP/1.1 403")
          .contains("\"forbidden_origin\"");
      assertThat(
              RawSocket.statusOf(
                  named.port(),
                  upgrade(host, "Origin: https://" + host, "X-Forwarded-Proto: https")))
          .isEqualTo(101);
      assertThat(RawSocket.answerTo(named.port(), get("other.test:" + named.port(), "/")))
          .startsWith("HTTP/1.1 421");
    }
  }

  private static String answer(String request) {
    return RawSocket.answerTo(server.port(), request);
  }

  private static String upgrade(String host, String... headers) {
    return request("GET", "/api/chat/lobby", host, "", withUpgrade(headers));
  }

  private static String signIn(String host, String origin) {
    return request(
        "POST",
        "/api/session",
        host,
        "{\"name\":\"Mallory\"}",
        origin,
        "Content-Type: application/json");
  }

  private static String get(String host, String path) {
    return request("GET", path, host, "");
  }

  private static String[] withUpgrade(String... headers) {
    String[] all = new String[headers.length + 4];
    all[0] = "Upgrade: websocket";
    all[1] = "Connection: Upgrade";
    all[2] = "Sec-WebSocket-Key: ZG9ybW91c2UtdGVzdC1reQ==";
    all[3] = "Sec-WebSocket-Version: 13";
    System.arraycopy(headers, 0, all, 4, headers.length);
    return all;
  }

  /** A request as a browser would send it under {@code host}. */
  private static String request(
      String method, String path, String host, String body, String... headers) {
    StringBuilder request =
        new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
    for (String header : headers) {
      request.append(header).append("\r\n");
    }
    return request
        .append("Content-Length: ")
        .append(body.length())
        .append("\r\n\r\n")
        .append(body)
        .toString();
  }
}
