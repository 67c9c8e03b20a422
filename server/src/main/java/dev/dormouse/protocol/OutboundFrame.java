package dev.dormouse.protocol;

import org.apache.pekko.util.ByteString;

/**
 * A frame encoded once and shared by every socket it goes to. {@code seq} is the message's seq for
 * {@code message} frames and 0 for all others, so a socket catching up can drop what its history
 * already held.
 */
public record OutboundFrame(long seq, ByteString bytes) {

  public static final OutboundFrame PONG = new OutboundFrame(0, FrameCodec.PONG);

  public boolean isMessage() {
    return seq > 0;
  }
}
