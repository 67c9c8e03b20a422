package dev.dormouse.protocol;

import java.util.List;

/**
 * A stored chat message in its current state. The server assigns every field: {@code seq} is the
 * message's place in its room's log (1, 2, 3… with no gaps; changes to messages take seqs too),
 * {@code id} a unique message id, {@code from} the sender's user id and {@code timestamp} the
 * server clock in epoch milliseconds when the room stored it.
 *
 * <p>{@code edited} is the time of the latest edit and {@code deleted} the time of deletion, each
 * null when it did not happen; a deleted message's text is {@code ""}. {@code replyTo} is the quote
 * of the message this one answers, or null. {@code reactions} are who reacted with what, every
 * person's own row, so that each recipient can be told whether they reacted ({@link
 * ReactionSummary}). A tombstone is {@code moderated} when someone other than its author deleted
 * it, with the {@code deleteReason} they gave (or null).
 */
public record ChatMessage(
    long seq,
    String id,
    String from,
    String name,
    String message,
    long timestamp,
    Long edited,
    Long deleted,
    Quote replyTo,
    List<Reaction> reactions,
    boolean moderated,
    String deleteReason)
    implements WireSerializable {

  public ChatMessage {
    reactions = reactions == null ? List.of() : List.copyOf(reactions);
  }

  public ChatMessage(
      long seq,
      String id,
      String from,
      String name,
      String message,
      long timestamp,
      Long edited,
      Long deleted,
      Quote replyTo,
      List<Reaction> reactions) {
    this(seq, id, from, name, message, timestamp, edited, deleted, replyTo, reactions, false, null);
  }

  /** A new message, neither changed nor a reply. */
  public ChatMessage(
      long seq, String id, String from, String name, String message, long timestamp) {
    this(seq, id, from, name, message, timestamp, null, null, null, List.of());
  }

  /**
   * What a reply quotes of its target: who wrote it and, until the target is deleted, an excerpt of
   * its text as it was when the reply was stored ({@code excerpt} null and {@code deleted} true
   * after).
   */
  public record Quote(
      long seq, String id, String from, String name, String excerpt, boolean deleted)
      implements WireSerializable {

    /** The most of the target's text a quote keeps, in code points. */
    public static final int EXCERPT_LENGTH = 120;

    public static String excerptOf(String text) {
      int length = text.codePointCount(0, text.length());
      return length <= EXCERPT_LENGTH
          ? text
          : text.substring(0, text.offsetByCodePoints(0, EXCERPT_LENGTH));
    }

    public Quote erased() {
      return new Quote(seq, id, from, name, null, true);
    }
  }

  /** One person's reaction with one emoji; {@code at} is when they reacted. */
  public record Reaction(String emoji, String userId, long at) implements WireSerializable {}

  /** The message as a tombstone: its text, edit, quote and reactions gone; the rest stays. */
  public ChatMessage tombstone(long at) {
    return tombstone(at, false, null);
  }

  /** The tombstone of a delete that a moderator ({@code moderated}) may have made. */
  public ChatMessage tombstone(long at, boolean moderated, String reason) {
    return new ChatMessage(
        seq, id, from, name, "", timestamp, null, at, null, List.of(), moderated, reason);
  }

  public ChatMessage edited(String text, long at) {
    return new ChatMessage(
        seq,
        id,
        from,
        name,
        text,
        timestamp,
        at,
        deleted,
        replyTo,
        reactions,
        moderated,
        deleteReason);
  }

  public ChatMessage withReplyTo(Quote quote) {
    return new ChatMessage(
        seq,
        id,
        from,
        name,
        message,
        timestamp,
        edited,
        deleted,
        quote,
        reactions,
        moderated,
        deleteReason);
  }

  public ChatMessage withReactions(List<Reaction> rows) {
    return new ChatMessage(
        seq,
        id,
        from,
        name,
        message,
        timestamp,
        edited,
        deleted,
        replyTo,
        rows,
        moderated,
        deleteReason);
  }
}
