package dev.dormouse.bench.client;

import java.nio.ByteBuffer;

/** What a scenario hears from its connections, always on the loop's thread. */
public interface ConnectionListener {

  /** The upgrade succeeded; the socket may now send. */
  void onOpen(Connection connection);

  /**
   * One whole text message, in {@code buffer} from {@code start} to {@code end} (absolute indexes;
   * valid only during the call). {@code nowNanos} is when the bytes were read.
   */
  void onText(Connection connection, ByteBuffer buffer, int start, int end, long nowNanos);

  /**
   * The server answered the upgrade with another status than 101, such as a 429; {@link #onClose}
   * follows, with -1.
   */
  default void onRefused(Connection connection, Handshake.Refusal refusal) {}

  /** The socket is gone: {@code code} is the server's close code, or -1 when there was none. */
  void onClose(Connection connection, int code, String reason);
}
