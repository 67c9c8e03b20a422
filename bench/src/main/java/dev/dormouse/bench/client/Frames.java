package dev.dormouse.bench.client;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;

/**
 * RFC 6455 framing as a client needs it: frames it sends are masked, frames it receives are not.
 * Only what the bench needs; extensions are never negotiated, so the reserved bits stay zero.
 */
public final class Frames {

  public static final int CONTINUATION = 0x0;
  public static final int TEXT = 0x1;
  public static final int BINARY = 0x2;
  public static final int CLOSE = 0x8;
  public static final int PING = 0x9;
  public static final int PONG = 0xA;

  private Frames() {}

  /** The header of one received frame; reused for every frame to keep reading allocation-free. */
  public static final class Header {
    public boolean fin;
    public int opcode;
    public boolean masked;
    public int headerLength;
    public long payloadLength;

    /**
     * Reads the header starting at {@code pos}; false when fewer bytes than the header needs are
     * there yet. Does not move the buffer's position.
     */
    public boolean read(ByteBuffer buf, int pos, int limit) {
      if (limit - pos < 2) {
        return false;
      }
      int b0 = buf.get(pos) & 0xFF;
      int b1 = buf.get(pos + 1) & 0xFF;
      fin = (b0 & 0x80) != 0;
      opcode = b0 & 0x0F;
      masked = (b1 & 0x80) != 0;
      int len7 = b1 & 0x7F;
      int extra = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
      int maskBytes = masked ? 4 : 0;
      if (limit - pos < 2 + extra + maskBytes) {
        return false;
      }
      if (len7 == 126) {
        payloadLength = buf.getShort(pos + 2) & 0xFFFF;
      } else if (len7 == 127) {
        payloadLength = buf.getLong(pos + 2);
      } else {
        payloadLength = len7;
      }
      headerLength = 2 + extra + maskBytes;
      return true;
    }

    public long frameLength() {
      return headerLength + payloadLength;
    }
  }

  /** One complete, masked client frame. */
  public static ByteBuffer encode(int opcode, byte[] payload) {
    int length = payload.length;
    int extra = length < 126 ? 0 : length <= 0xFFFF ? 2 : 8;
    ByteBuffer frame = ByteBuffer.allocate(2 + extra + 4 + length);
    frame.put((byte) (0x80 | opcode));
    if (extra == 0) {
      frame.put((byte) (0x80 | length));
    } else if (extra == 2) {
      frame.put((byte) (0x80 | 126));
      frame.putShort((short) length);
    } else {
      frame.put((byte) (0x80 | 127));
      frame.putLong(length);
    }
    int mask = ThreadLocalRandom.current().nextInt();
    frame.putInt(mask);
    for (int i = 0; i < length; i++) {
      frame.put((byte) (payload[i] ^ (mask >>> (24 - 8 * (i & 3)))));
    }
    return frame.flip();
  }

  /** Close frame payload: the status code, big-endian, and no reason. */
  public static byte[] closePayload(int code) {
    return new byte[] {(byte) (code >>> 8), (byte) code};
  }
}
