package dev.dormouse.bench.dialect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The text the bench posts, and how to find it again in any server's envelope without decoding
 * JSON. A posted text starts with {@code #<index>}, the message's number in the run; the rest is
 * filler up to a chat-like length.
 */
public final class Envelope {

  /** Bytes of a posted text, about one line of chat. */
  public static final int TEXT_LENGTH = 64;

  private static final byte[] MESSAGE_FIELD = "\"message\":\"#".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLIENT_ID_FIELD = "\"clientId\":\"c".getBytes(StandardCharsets.US_ASCII);
  private static final String FILLER = " the quick brown dormouse sleeps through the whole winter again and again";

  private Envelope() {}

  public static String text(long index) {
    String number = "#" + index;
    return number + FILLER.substring(0, Math.max(1, TEXT_LENGTH - number.length()));
  }

  public static String clientId(long index) {
    return "c" + index;
  }

  /** The index of the posted text inside a frame, or -1 when the frame carries none. */
  public static long messageIndex(ByteBuffer buffer, int start, int end) {
    return numberAfter(buffer, start, end, MESSAGE_FIELD);
  }

  /** The index in an ack's {@code clientId}, or -1. */
  public static long ackIndex(ByteBuffer buffer, int start, int end) {
    return numberAfter(buffer, start, end, CLIENT_ID_FIELD);
  }

  public static boolean startsWith(ByteBuffer buffer, int start, int end, byte[] prefix) {
    if (end - start < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (buffer.get(start + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** The digits right after the first {@code field} at or after {@code start}, or -1. */
  static long numberAfter(ByteBuffer buffer, int start, int end, byte[] field) {
    int at = indexOf(buffer, start, end, field);
    if (at < 0) {
      return -1;
    }
    long value = 0;
    int digits = 0;
    for (int i = at + field.length; i < end; i++) {
      byte b = buffer.get(i);
      if (b < '0' || b > '9') {
        break;
      }
      value = value * 10 + (b - '0');
      digits++;
    }
    return digits == 0 ? -1 : value;
  }

  /** Where {@code needle} first starts at or after {@code start}, or -1. */
  static int indexOf(ByteBuffer buffer, int start, int end, byte[] needle) {
    byte first = needle[0];
    outer:
    for (int i = start; i <= end - needle.length; i++) {
      if (buffer.get(i) != first) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (buffer.get(i + j) != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
