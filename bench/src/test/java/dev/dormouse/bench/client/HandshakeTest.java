package dev.dormouse.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HandshakeTest {

  @Test
  void computesTheAcceptKeyOfRfc6455() {
    assertThat(Handshake.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  }

  @Test
  void findsTheEndOfTheResponseHead() {
    byte[] bytes = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\u0081\u0002hi".getBytes(StandardCharsets.ISO_8859_1);

    int end = Handshake.endOfHead(bytes, bytes.length);

    assertThat(end).isEqualTo(bytes.length - 4);
    assertThat(Handshake.endOfHead(bytes, end - 1)).isEqualTo(-1);
  }

  @Test
  void refusesAnythingButAMatching101() {
    Handshake handshake = new Handshake("127.0.0.1", 8080, "/api/chat/lobby", "dormouse.v2");
    String key = new String(handshake.request(), StandardCharsets.US_ASCII).lines()
        .filter(l -> l.startsWith("Sec-WebSocket-Key: ")).findFirst().orElseThrow().substring(19);

    assertThat(handshake.check("HTTP/1.1 101 Switching Protocols\r\nsec-websocket-accept: " + Handshake.accept(key) + "\r\n")).isNull();
    assertThat(handshake.check("HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: nope\r\n")).contains("wrong");
    assertThat(handshake.check("HTTP/1.1 400 Bad Request\r\n")).contains("400");
  }

  @Test
  void aRefusalSaysItsStatusAndItsRetryAfter() {
    Handshake.Refusal polite = Handshake.refusal("HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\nretry-after: 5\r\n");
    Handshake.Refusal bare = Handshake.refusal("HTTP/1.1 429 Too Many Requests\r\ncontent-length: 0\r\n");
    Handshake.Refusal dated = Handshake.refusal("HTTP/1.1 503 Service Unavailable\r\nRetry-After: Wed, 21 Oct 2026 07:28:00 GMT\r\n");

    assertThat(polite).isEqualTo(new Handshake.Refusal(429, "5"));
    assertThat(polite.retryAfterMillis()).isEqualTo(5000);
    assertThat(bare.retryAfter()).isNull();
    assertThat(bare.retryAfterMillis()).isEqualTo(-1);
    assertThat(dated.status()).isEqualTo(503);
    assertThat(dated.retryAfterMillis()).isEqualTo(-1);
    assertThat(Handshake.refusal("HTTP/1.1 101 Switching Protocols\r\n")).isNull();
    assertThat(Handshake.refusal("garbage")).isNull();
  }
}
