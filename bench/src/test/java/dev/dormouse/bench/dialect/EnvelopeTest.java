package dev.dormouse.bench.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aPostedTextStartsWithItsIndexAndHasAChatLikeLength() {
    assertThat(Envelope.text(42)).startsWith("#42 ").hasSize(Envelope.TEXT_LENGTH);
    assertThat(Envelope.text(1_234_567)).startsWith("#1234567 ").hasSize(Envelope.TEXT_LENGTH);
  }

  @Test
  void findsTheIndexInEveryServersEnvelope() {
    String dormouse = "{\"type\":\"message\",\"seq\":3,\"id\":\"x\",\"from\":\"u_1\",\"name\":\"b\",\"message\":\"" + Envelope.text(17) + "\",\"timestamp\":1}";
    String socketIo = "42[\"message\",{\"type\":\"message\",\"from\":\"a\",\"message\":\"" + Envelope.text(9) + "\",\"timestamp\":1}]";
    String other = "{\"type\":\"presence\",\"online\":[]}";

    assertThat(Envelope.messageIndex(bytes(dormouse), 0, dormouse.length())).isEqualTo(17);
    assertThat(Envelope.messageIndex(bytes(socketIo), 0, socketIo.length())).isEqualTo(9);
    assertThat(Envelope.messageIndex(bytes(other), 0, other.length())).isEqualTo(-1);
  }

  @Test
  void readsOnlyWithinTheFrame() {
    String two = "{\"message\":\"#5 a\"}{\"message\":\"#6 b\"}";
    int split = two.indexOf("}{") + 1;

    assertThat(Envelope.messageIndex(bytes(two), split, two.length())).isEqualTo(6);
    assertThat(Envelope.messageIndex(bytes(two), 0, split)).isEqualTo(5);
  }

  @Test
  void findsTheIndexInAnAck() {
    String ack = "{\"type\":\"ack\",\"clientId\":\"" + Envelope.clientId(99) + "\",\"seq\":4}";

    assertThat(Envelope.ackIndex(bytes(ack), 0, ack.length())).isEqualTo(99);
  }

  @Test
  void dialectsClassifyTheirFrames() {
    var dormouse = new DormouseDialect();
    String history = "{\"type\":\"history\",\"messages\":[],\"hasMore\":false}";
    String ack = "{\"type\":\"ack\",\"clientId\":\"c1\",\"seq\":1}";
    var plain = new PlainDialect("ws", "/");
    String ready = "{\"type\":\"ready\"}";

    assertThat(dormouse.read(null, bytes(history), 0, history.length())).isEqualTo(Dialect.Kind.JOINED);
    assertThat(dormouse.read(null, bytes(ack), 0, ack.length())).isEqualTo(Dialect.Kind.ACK);
    assertThat(plain.read(null, bytes(ready), 0, ready.length())).isEqualTo(Dialect.Kind.JOINED);
    assertThat(dormouse.post("#1 hi", "c1")).isEqualTo("{\"type\":\"send\",\"text\":\"#1 hi\",\"clientId\":\"c1\"}");
    assertThat(new SocketIoDialect().post("#1 hi", "c1")).isEqualTo("42[\"send\",\"#1 hi\"]");
  }
}
