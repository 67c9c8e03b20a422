package dev.dormouse.bench.dialect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;

/**
 * What a resuming client needs from Dormouse's frames (docs/protocol.md), read in place like
 * {@link Envelope} does: the frame's type, its seqs and the log's epoch. Inside a JSON string every
 * quote is escaped, so {@code "seq":} and {@code "epoch":"} can only be keys, whatever people wrote.
 */
public final class DormouseFrames {

  /** The frames a resume is made of; anything else (presence, typing, pong) is OTHER. */
  public enum Type {
    READY("ready"),
    RESET("reset"),
    GAP("gap"),
    HISTORY("history"),
    MESSAGE("message"),
    ACK("ack"),
    ERROR("error"),
    OTHER(null);

    private final byte[] prefix;

    Type(String wire) {
      this.prefix = wire == null ? null : Envelope.ascii("{\"type\":\"" + wire + "\"");
    }
  }

  private static final byte[] SEQ = Envelope.ascii("\"seq\":");
  private static final byte[] EPOCH = Envelope.ascii("\"epoch\":\"");

  private DormouseFrames() {}

  public static Type type(ByteBuffer buffer, int start, int end) {
    for (Type type : Type.values()) {
      if (type.prefix != null && Envelope.startsWith(buffer, start, end, type.prefix)) {
        return type;
      }
    }
    return Type.OTHER;
  }

  /**
   * Every seq in the frame, in order: one for a {@code message}, an {@code ack} or a {@code ready}
   * (the room's latest), one per message for a {@code history}.
   */
  public static void seqs(ByteBuffer buffer, int start, int end, LongConsumer each) {
    int at = Envelope.indexOf(buffer, start, end, SEQ);
    while (at >= 0) {
      long seq = Envelope.numberAfter(buffer, at, end, SEQ);
      if (seq >= 0) {
        each.accept(seq);
      }
      at = Envelope.indexOf(buffer, at + SEQ.length, end, SEQ);
    }
  }

  /** The first seq in the frame, or -1. */
  public static long seq(ByteBuffer buffer, int start, int end) {
    return Envelope.numberAfter(buffer, start, end, SEQ);
  }

  /** The {@code epoch} of a {@code ready} or {@code reset}, or null when the frame has none. */
  public static String epoch(ByteBuffer buffer, int start, int end) {
    int at = Envelope.indexOf(buffer, start, end, EPOCH);
    if (at < 0) {
      return null;
    }
    int from = at + EPOCH.length;
    int to = from;
    while (to < end && buffer.get(to) != '"') {
      to++;
    }
    byte[] value = new byte[to - from];
    buffer.get(from, value);
    return new String(value, StandardCharsets.UTF_8);
  }
}
