package dev.dormouse.protocol;

/** Everything a client may send, parsed once at the edge by {@link FrameCodec#decode}. */
public sealed interface ClientFrame {

  /**
   * Post a message. {@code clientId} is null for the article's plain-text frames, which are neither
   * deduplicated nor acked.
   */
  record Send(String text, String clientId) implements ClientFrame {}

  enum Typing implements ClientFrame {
    INSTANCE
  }

  enum Ping implements ClientFrame {
    INSTANCE
  }

  /** A frame that could not be accepted; the socket answers with the error and stays open. */
  record Invalid(ErrorCode code, String message, String clientId) implements ClientFrame {}
}
