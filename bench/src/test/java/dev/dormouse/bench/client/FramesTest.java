package dev.dormouse.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FramesTest {

  @Test
  void encodesMaskedFramesThatUnmaskToThePayload() {
    for (int length : new int[] {0, 5, 125, 126, 65535, 65536}) {
      byte[] payload = new byte[length];
      for (int i = 0; i < length; i++) {
        payload[i] = (byte) ('a' + i % 26);
      }
      ByteBuffer frame = Frames.encode(Frames.TEXT, payload);
      Frames.Header header = new Frames.Header();

      assertThat(header.read(frame, 0, frame.limit())).isTrue();
      assertThat(header.fin).isTrue();
      assertThat(header.opcode).isEqualTo(Frames.TEXT);
      assertThat(header.masked).isTrue();
      assertThat(header.payloadLength).isEqualTo(length);
      assertThat(header.frameLength()).isEqualTo(frame.limit());
      int maskAt = header.headerLength - 4;
      byte[] unmasked = new byte[length];
      for (int i = 0; i < length; i++) {
        unmasked[i] = (byte) (frame.get(header.headerLength + i) ^ frame.get(maskAt + (i & 3)));
      }
      assertThat(unmasked).isEqualTo(payload);
    }
  }

  @Test
  void readsAServerFrameAndWaitsForAnIncompleteHeader() {
    byte[] text = "hello".getBytes(StandardCharsets.UTF_8);
    ByteBuffer frame = ByteBuffer.allocate(2 + text.length).put((byte) 0x81).put((byte) text.length).put(text).flip();
    Frames.Header header = new Frames.Header();

    assertThat(header.read(frame, 0, 1)).isFalse();
    assertThat(header.read(frame, 0, frame.limit())).isTrue();
    assertThat(header.masked).isFalse();
    assertThat(header.headerLength).isEqualTo(2);
    assertThat(header.payloadLength).isEqualTo(5);
  }

  @Test
  void readsTheSixteenBitLength() {
    ByteBuffer frame = ByteBuffer.allocate(4).put((byte) 0x81).put((byte) 126).putShort((short) 40_000).flip();
    Frames.Header header = new Frames.Header();

    assertThat(header.read(frame, 0, 3)).isFalse();
    assertThat(header.read(frame, 0, 4)).isTrue();
    assertThat(header.payloadLength).isEqualTo(40_000);
    assertThat(header.headerLength).isEqualTo(4);
  }
}
