package dev.dormouse.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A frame encoded once and shared by every socket it goes to: {@code bytes} is its UTF-8 text and
 * is never changed after encoding. {@code seq} is the entry's seq for frames of the room's log
 * ({@code message}, {@code edited}, {@code deleted}, {@code reaction}) and 0 for all others, so a
 * socket can drop what it already has and notice what it missed. {@code articleRow} says whether a
 * client of the article's plain protocol is sent it ({@link Subprotocol}). {@code answers} is the
 * clientId of the send that an {@code ack} or {@code error} frame answers, and null for every other
 * frame, so the socket that told the room about the send knows it arrived.
 *
 * <p>A frame with a seq and no bytes is a <em>watermark</em>: nothing is written to the client, but
 * a socket that has seen less than {@code seq} fetches the rest from storage. Rooms send one when
 * they wake and before they sleep, so a message whose broadcast was lost between nodes is still
 * delivered even when no later message reveals the gap.
 *
 * <p>{@code closeAfter}: the socket closes with this code once the frame is written (a kick, a ban,
 * a member taken out of a private room); null for every other frame. It travels with the frame, so
 * it reaches the person's sockets on every node the way the frame does.
 */
public record OutboundFrame(
    long seq, byte[] bytes, boolean articleRow, String answers, CloseCode closeAfter)
    implements WireSerializable {

  public OutboundFrame(long seq, byte[] bytes, boolean articleRow, String answers) {
    this(seq, bytes, articleRow, answers, null);
  }

  /** The same frame, after which the socket closes with {@code code}. */
  public OutboundFrame closing(CloseCode code) {
    return new OutboundFrame(seq, bytes, articleRow, answers, code);
  }

  private static final byte[] NOTHING = new byte[0];

  /** Every client gets the answer to its own {@code ping}, the article's client too. */
  public static final OutboundFrame PONG = new OutboundFrame(0, FrameCodec.pong(), true, null);

  /** {@code frame}, encoded once for every socket it goes to. */
  public static OutboundFrame of(ServerFrame frame, FrameCodec codec) {
    byte[] bytes = codec.encode(frame);
    boolean row = frame.isArticleRow();
    return switch (frame) {
      case ServerFrame.Message message -> new OutboundFrame(message.seq(), bytes, row, null);
      case ServerFrame.Edited edited -> new OutboundFrame(edited.seq(), bytes, row, null);
      case ServerFrame.Deleted deleted -> new OutboundFrame(deleted.seq(), bytes, row, null);
      case ServerFrame.Reaction reaction -> new OutboundFrame(reaction.seq(), bytes, row, null);
      case ServerFrame.Ack ack -> new OutboundFrame(0, bytes, row, ack.clientId());
      case ServerFrame.Error error -> new OutboundFrame(0, bytes, row, error.clientId());
      default -> new OutboundFrame(0, bytes, row, null);
    };
  }

  public static OutboundFrame watermark(long seq) {
    return new OutboundFrame(seq, NOTHING, false, null);
  }

  /** A frame of the room's log: a message or a change, with a seq of its own. */
  @JsonIgnore
  public boolean isLogEntry() {
    return seq > 0 && bytes.length > 0;
  }

  @JsonIgnore
  public boolean isWatermark() {
    return seq > 0 && bytes.length == 0;
  }
}
