package dev.dormouse.bench.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotTest {

  @Test
  void aDormouseSocketHasItsSnapshotAfterReadyHistoryAndPresence() {
    Dialect dormouse = new DormouseDialect();

    int seen = parts(dormouse, List.of(
        "{\"type\":\"ready\",\"protocol\":1,\"you\":{\"id\":\"u_1\",\"name\":\"bench1\"},\"room\":\"r\",\"seq\":0}",
        "{\"type\":\"history\",\"messages\":[],\"hasMore\":false}"));
    assertThat(seen).isNotEqualTo(dormouse.snapshot());

    seen |= parts(dormouse, List.of("{\"type\":\"presence\",\"online\":[{\"id\":\"u_1\",\"name\":\"bench1\"}]}"));
    assertThat(seen).isEqualTo(dormouse.snapshot());
  }

  @Test
  void messagesAndAcksAreNoPartOfTheSnapshot() {
    Dialect dormouse = new DormouseDialect();

    assertThat(parts(dormouse, List.of("{\"type\":\"message\",\"seq\":1}", "{\"type\":\"ack\",\"clientId\":\"c1\"}"))).isZero();
  }

  @Test
  void aPeersSnapshotIsItsReady() {
    Dialect ws = new PlainDialect("ws", "/");

    assertThat(parts(ws, List.of("{\"type\":\"ready\"}"))).isEqualTo(ws.snapshot());
    assertThat(parts(ws, List.of("{\"type\":\"message\",\"message\":\"#1\"}"))).isZero();
  }

  @Test
  void aSocketIoSocketHasItsSnapshotOnceConnectedToTheNamespaceAndReady() {
    Dialect socketIo = new SocketIoDialect();

    assertThat(parts(socketIo, List.of("0{\"sid\":\"a\"}"))).isZero();
    assertThat(parts(socketIo, List.of("40{\"sid\":\"b\"}"))).isNotEqualTo(socketIo.snapshot());
    assertThat(parts(socketIo, List.of("40{\"sid\":\"b\"}", "42[\"ready\"]"))).isEqualTo(socketIo.snapshot());
  }

  private static int parts(Dialect dialect, List<String> frames) {
    int seen = 0;
    for (String frame : frames) {
      byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
      seen |= dialect.snapshotPart(ByteBuffer.wrap(bytes), 0, bytes.length);
    }
    return seen;
  }
}
