package dev.dormouse.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A frame encoded once and shared by every socket it goes to: {@code bytes} is its UTF-8 text and
 * is never changed after encoding. {@code seq} is the message's seq for {@code message} frames and
 * 0 for all others, so a socket can drop what it already has and notice what it missed. {@code
 * answers} is the clientId of the send that an {@code ack} or {@code error} frame answers, and null
 * for every other frame, so the socket that told the room about the send knows it arrived.
 *
 * <p>A frame with a seq and no bytes is a <em>watermark</em>: nothing is written to the client, but
 * a socket that has seen less than {@code seq} fetches the rest from storage. Rooms send one when
 * they wake and before they sleep, so a message whose broadcast was lost between nodes is still
 * delivered even when no later message reveals the gap.
 */
public record OutboundFrame(long seq, byte[] bytes, String answers) implements WireSerializable {

  private static final byte[] NOTHING = new byte[0];

  public static final OutboundFrame PONG = new OutboundFrame(0, FrameCodec.pong(), null);

  /** {@code frame}, already encoded as {@code bytes}. */
  public static OutboundFrame of(ServerFrame frame, byte[] bytes) {
    return switch (frame) {
      case ServerFrame.Message message -> new OutboundFrame(message.seq(), bytes, null);
      case ServerFrame.Ack ack -> new OutboundFrame(0, bytes, ack.clientId());
      case ServerFrame.Error error -> new OutboundFrame(0, bytes, error.clientId());
      default -> new OutboundFrame(0, bytes, null);
    };
  }

  public static OutboundFrame watermark(long seq) {
    return new OutboundFrame(seq, NOTHING, null);
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
