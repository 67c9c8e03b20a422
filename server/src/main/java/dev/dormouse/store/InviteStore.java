package dev.dormouse.store;

import dev.dormouse.access.AuditEntry;
import dev.dormouse.room.RoomId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Invites to claimed rooms. Anyone may create, list and revoke them here once the routes have
 * judged the asker; only the room's entity redeems one, since redeeming makes a member and the
 * entity is the single writer of its members. Every method runs on the store's threads, writes on
 * its one writer.
 */
public interface InviteStore {

  /** Stores a new invite with its audit entry. */
  CompletionStage<Void> create(Invite invite, AuditEntry audit);

  /** The invite under {@code code}, whatever its state; empty when there is none. */
  CompletionStage<Optional<Invite>> find(String code);

  /** The room's invites neither revoked nor expired at {@code now}, newest first. */
  CompletionStage<List<Invite>> list(RoomId room, long now);

  /**
   * Revokes the room's invite, with its audit entry; false when the room has no such invite, or it
   * was revoked.
   */
  CompletionStage<Boolean> revoke(RoomId room, String code, long now, AuditEntry audit);

  /**
   * In one transaction: takes a use of the room's invite, if it is neither revoked nor spent at
   * {@code now}, and makes {@code userId} a member under {@code name}. The use is counted in the
   * same statement that checks the limit, so two redeems never both take the last use; {@code
   * audit} is recorded when it redeems.
   */
  CompletionStage<Redemption> redeem(
      RoomId room, String code, String userId, String name, long now, AuditEntry audit);
}
