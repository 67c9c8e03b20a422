package dev.dormouse.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A frame encoded once and shared by every socket it goes to: {@code bytes} is its UTF-8 text and
 * is never changed after encoding. {@code seq} is the message's seq for {@code message} frames and
 * 0 for all others, so a socket can drop what it already has and notice what it missed. {@code
 * articleRow} says whether a client of the article's plain protocol is sent it ({@link
 * Subprotocol}).
 *
 * <p>A frame with a seq and no bytes is a <em>watermark</em>: nothing is written to the client, but
 * a socket that has seen less than {@code seq} fetches the rest from storage. Rooms send one when
 * they wake and before they sleep, so a message whose broadcast was lost between nodes is still
 * delivered even when no later message reveals the gap.
 */
public record OutboundFrame(long seq, byte[] bytes, boolean articleRow)
    implements WireSerializable {

  private static final byte[] NOTHING = new byte[0];

  /** Every client gets the answer to its own {@code ping}, the article's client too. */
  public static final OutboundFrame PONG = new OutboundFrame(0, FrameCodec.pong(), true);

  /** {@code frame}, encoded once for every socket it goes to. */
  public static OutboundFrame of(ServerFrame frame, FrameCodec codec) {
    long seq = frame instanceof ServerFrame.Message m ? m.seq() : 0;
    return new OutboundFrame(seq, codec.encode(frame), frame.isArticleRow());
  }

  public static OutboundFrame watermark(long seq) {
    return new OutboundFrame(seq, NOTHING, false);
  }

  @JsonIgnore
  public boolean isMessage() {
    return seq > 0 && bytes.length > 0;
  }

  @JsonIgnore
  public boolean isWatermark() {
    return seq > 0 && bytes.length == 0;
  }
}
