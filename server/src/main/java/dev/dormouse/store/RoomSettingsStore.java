package dev.dormouse.store;

import dev.dormouse.access.AuditEntry;
import dev.dormouse.access.Member;
import dev.dormouse.access.Restriction;
import dev.dormouse.access.Role;
import dev.dormouse.access.RoomAccess;
import dev.dormouse.access.RoomSettings;
import dev.dormouse.room.RoomId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Claimed rooms' settings and members. The room's entity is their only writer (so a change is
 * ordered with the room's own checks and reaches every node through it); anyone may read them. Like
 * {@link MessageStore}, every method runs on the store's threads, writes on its one writer.
 */
public interface RoomSettingsStore {

  /** The room's settings, or empty when nobody claimed it. */
  CompletionStage<Optional<RoomSettings>> settings(RoomId room);

  /**
   * The room's settings ({@link RoomSettings#UNCLAIMED} when it has none) and {@code userId}'s role
   * in it ({@link Role#NONE} for a null id, a guest), and their ban there if one is stored: what
   * the upgrade and the HTTP routes check.
   */
  CompletionStage<RoomAccess> access(RoomId room, String userId);

  /** Everyone with a role in the room: the owner, then moderators, then members, each by id. */
  CompletionStage<List<Member>> members(RoomId room);

  /**
   * Claims the room for {@code settings.owner()}, who becomes its owner, in one transaction: unless
   * someone claimed it already, or it has messages and {@code evenWithHistory} is false. Each
   * change records {@code audit} in the transaction that stores it, so an answered change is always
   * on record.
   */
  CompletionStage<ClaimOutcome> claim(
      RoomId room, RoomSettings settings, boolean evenWithHistory, AuditEntry audit);

  /** Replaces the settings of a claimed room; the owner stays. */
  CompletionStage<Void> updateSettings(RoomId room, RoomSettings settings, AuditEntry audit);

  /**
   * Gives {@code userId} the role ({@link Role#NONE} takes them out of the room), and remembers
   * their name unless it is null.
   */
  CompletionStage<Void> setRole(
      RoomId room, String userId, Role role, String name, AuditEntry audit);

  /** Records an action that stores nothing else (a kick), or whose store is elsewhere. */
  CompletionStage<Void> recordAudit(RoomId room, AuditEntry entry);

  /**
   * Up to {@code limit} entries of the room's audit log older than the entry {@code before} (null:
   * from the newest), newest first.
   */
  CompletionStage<AuditPage> auditLog(RoomId room, String before, int limit);

  /**
   * The room's bans and mutes, as stored: those that ran out too, until something replaces them.
   */
  CompletionStage<List<Restriction>> restrictions(RoomId room);

  /** Stores a ban or a mute, replacing the person's earlier one of the same kind. */
  CompletionStage<Void> restrict(RoomId room, Restriction restriction, AuditEntry audit);

  /** Lifts the person's ban or mute; true when there was one to remove (and only then audited). */
  CompletionStage<Boolean> lift(
      RoomId room, Restriction.Kind kind, String userId, AuditEntry audit);

  /** The name a member was last seen under; nothing for someone who is not a member. */
  CompletionStage<Void> rememberName(RoomId room, String userId, String name);

  /**
   * Public claimed rooms whose id, title or topic holds {@code query} (ignoring case; empty: all),
   * newest activity first, from after {@code after}, at most {@code limit}.
   */
  CompletionStage<List<ListedRoom>> directory(String query, ListedRoom.Position after, int limit);
}
