package dev.dormouse.bench.dialect;

import dev.dormouse.bench.client.Connection;
import java.nio.ByteBuffer;

/**
 * How one kind of server is spoken to: where a room's socket connects, how a message is posted,
 * and what a received frame means. Every server answers a post with the same envelope
 * ({@code type, from, message, timestamp}), so the generator measures them all the same way.
 */
public interface Dialect {

  /** What a received text frame was, as far as the bench cares. */
  enum Kind {
    /** The socket is in its room: anything posted from now on reaches it. */
    JOINED,
    /** A chat message, in the envelope. */
    MESSAGE,
    /** The server says a post of this socket is stored. */
    ACK,
    /** The server refused something. */
    ERROR,
    /** Anything else: presence, protocol chatter. */
    OTHER
  }

  String name();

  /** The WebSocket subprotocol the client offers, or null for none. */
  default String subprotocol() {
    return null;
  }

  /** The path and query that open a socket in {@code room}. */
  String path(String room, int clientNumber);

  /** The text frame that posts {@code text}; {@code clientId} is unique per message. */
  String post(String text, String clientId);

  /** Classifies a frame, answering protocol chatter (pings, handshakes) on the connection. */
  Kind read(Connection connection, ByteBuffer buffer, int start, int end);

  /**
   * Which part of the opening snapshot a frame is, as one bit of {@link #snapshot()}, or 0. A
   * socket has its snapshot once it has seen every part: for Dormouse {@code ready}, {@code
   * history} and {@code presence}; for the peers their {@code ready}.
   */
  int snapshotPart(ByteBuffer buffer, int start, int end);

  /** Every bit {@link #snapshotPart} can answer, together. */
  int snapshot();

  /**
   * True when the server sends no ack, so a sender learns its post was handled only when its own
   * copy of the message comes back. Only Dormouse acks.
   */
  boolean confirmsByEcho();
}
