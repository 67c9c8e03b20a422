package dev.dormouse.store;

import dev.dormouse.access.AuditEntry;
import java.util.Set;

/**
 * A change the room wants stored: {@code kind} of the message with id {@code targetId}, by {@code
 * userId}. {@code text} is an edit's new text and {@code emoji} a reaction's, null otherwise.
 *
 * <p>{@code byModerator}: a delete by someone whose role lets them delete others' messages, so the
 * target need not be theirs; its {@code text} is then the reason (or null), and {@code
 * protectedAuthors} are the people whose messages they may not delete (the owner, and moderators
 * unless the deleter is the owner or an admin), as the room knew its roles when it took the delete;
 * {@code audit} is its entry on the room's audit log, stored with it when it deletes someone else's
 * message (null for every other change).
 */
public record NewChange(
    String id,
    String userId,
    String userName,
    Change.Kind kind,
    String targetId,
    String text,
    String emoji,
    long timestamp,
    String clientId,
    boolean byModerator,
    Set<String> protectedAuthors,
    AuditEntry audit)
    implements NewEntry {

  public NewChange {
    protectedAuthors = protectedAuthors == null ? Set.of() : Set.copyOf(protectedAuthors);
  }

  public NewChange(
      String id,
      String userId,
      String userName,
      Change.Kind kind,
      String targetId,
      String text,
      String emoji,
      long timestamp,
      String clientId) {
    this(
        id, userId, userName, kind, targetId, text, emoji, timestamp, clientId, false, Set.of(),
        null);
  }

  /** What a change does to its target, as {@link #judge} decides it. */
  public enum Verdict {
    /** Store it. */
    APPLY,
    /** No message of the room has that id, or it is deleted. */
    NOT_FOUND,
    /** Only the author may edit or delete a message (or a moderator delete it). */
    FORBIDDEN,
    /** A reaction that is already on, or already off: nothing to store. */
    UNCHANGED
  }

  /** The state of a change's target that the rules look at. */
  public record Target(long seq, String authorId, boolean deleted) {}

  /**
   * The rules of changes, as a pure function so that the store applies them inside the transaction
   * that writes the change (the target's state then cannot move under it).
   *
   * @param target the message the change names, or null when the room has no message with that id
   * @param reacted whether this person already reacted to it with this emoji
   */
  public Verdict judge(Target target, boolean reacted) {
    if (target == null || target.deleted()) {
      return Verdict.NOT_FOUND;
    }
    return switch (kind) {
      case EDIT -> target.authorId().equals(userId) ? Verdict.APPLY : Verdict.FORBIDDEN;
      case DELETE -> {
        if (target.authorId().equals(userId)) {
          yield Verdict.APPLY;
        }
        yield byModerator && !protectedAuthors.contains(target.authorId())
            ? Verdict.APPLY
            : Verdict.FORBIDDEN;
      }
      case REACT -> reacted ? Verdict.UNCHANGED : Verdict.APPLY;
      case UNREACT -> reacted ? Verdict.APPLY : Verdict.UNCHANGED;
    };
  }
}
