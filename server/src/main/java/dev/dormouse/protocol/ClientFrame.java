package dev.dormouse.protocol;

/** Everything a client may send, parsed once at the edge by {@link FrameCodec#decode}. */
public sealed interface ClientFrame {

  /**
   * Post a message. {@code clientId} is null for the article's plain-text frames, which are neither
   * deduplicated nor acked. {@code replyTo} is the id of the message it answers, or null.
   */
  record Send(String text, String clientId, String replyTo) implements ClientFrame {
    public Send(String text, String clientId) {
      this(text, clientId, null);
    }
  }

  /** Replace the text of one's own message {@code id}. */
  record Edit(String id, String text, String clientId) implements ClientFrame {}

  /** Delete one's own message {@code id}: it becomes a tombstone. */
  record Delete(String id, String clientId) implements ClientFrame {}

  /** Turn one's reaction with {@code emoji} to message {@code id} on or off. */
  record React(String id, String emoji, boolean on, String clientId) implements ClientFrame {}

  enum Typing implements ClientFrame {
    INSTANCE
  }

  /**
   * How far this person has read in the room: the room clamps {@code seq} to its own and never
   * moves a marker back. A seq beyond a long is taken as the largest long, which clamps the same.
   */
  record Read(long seq) implements ClientFrame {}

  enum Ping implements ClientFrame {
    INSTANCE
  }

  /** A frame that could not be accepted; the socket answers with the error and stays open. */
  record Invalid(ErrorCode code, String message, String clientId) implements ClientFrame {}
}
