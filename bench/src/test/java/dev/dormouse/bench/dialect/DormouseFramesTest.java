package dev.dormouse.bench.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Read against the shared examples in protocol/examples/, which the server's and the web's tests read too. */
class DormouseFramesTest {

  @Test
  void readyNamesTheRoomsLatestSeqAndTheEpochOfItsLog() throws IOException {
    ByteBuffer ready = example("ready.json");

    assertThat(DormouseFrames.type(ready, 0, ready.limit())).isEqualTo(DormouseFrames.Type.READY);
    assertThat(DormouseFrames.seq(ready, 0, ready.limit())).isEqualTo(42);
    assertThat(DormouseFrames.epoch(ready, 0, ready.limit())).isEqualTo("k3j9x2m1");
  }

  @Test
  void aHistoryHoldsTheSeqOfEachOfItsMessagesInOrder() throws IOException {
    ByteBuffer history = example("history.json");
    List<Long> seqs = new ArrayList<>();

    DormouseFrames.seqs(history, 0, history.limit(), seqs::add);

    assertThat(DormouseFrames.type(history, 0, history.limit())).isEqualTo(DormouseFrames.Type.HISTORY);
    assertThat(seqs).containsExactly(41L, 42L);
  }

  @Test
  void messagesAcksGapsAndResetsAreToldApart() throws IOException {
    assertThat(type("message.json")).isEqualTo(DormouseFrames.Type.MESSAGE);
    assertThat(type("ack.json")).isEqualTo(DormouseFrames.Type.ACK);
    assertThat(type("gap.json")).isEqualTo(DormouseFrames.Type.GAP);
    assertThat(type("reset.json")).isEqualTo(DormouseFrames.Type.RESET);
    assertThat(type("error.json")).isEqualTo(DormouseFrames.Type.ERROR);
    assertThat(type("presence.json")).isEqualTo(DormouseFrames.Type.OTHER);
    ByteBuffer ack = example("ack.json");
    assertThat(DormouseFrames.seq(ack, 0, ack.limit())).isEqualTo(43);
  }

  @Test
  void aSeqWrittenInsideAMessagesTextIsNoSeq() {
    ByteBuffer frame = ascii("{\"type\":\"message\",\"seq\":7,\"message\":\"say \\\"seq\\\":99 and \\\"epoch\\\":\\\"x\\\"\"}");
    List<Long> seqs = new ArrayList<>();

    DormouseFrames.seqs(frame, 0, frame.limit(), seqs::add);

    assertThat(seqs).containsExactly(7L);
    assertThat(DormouseFrames.epoch(frame, 0, frame.limit())).isNull();
  }

  private static DormouseFrames.Type type(String name) throws IOException {
    ByteBuffer frame = example(name);
    return DormouseFrames.type(frame, 0, frame.limit());
  }

  private static ByteBuffer example(String name) throws IOException {
    // The bench's tests run in bench/; the examples are the repository's.
    return ascii(Files.readString(Path.of("..", "protocol", "examples", "server", name)).strip());
  }

  private static ByteBuffer ascii(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }
}
