package dev.dormouse.store;

import dev.dormouse.room.RoomId;

/**
 * An invite to a claimed room, as stored.
 *
 * @param maxUses null when any number of people may use it
 * @param uses how many people became members through it
 * @param revokedAt when it was revoked, in epoch ms, or null
 */
public record Invite(
    String code,
    RoomId room,
    String createdBy,
    long createdAt,
    long expiresAt,
    Integer maxUses,
    int uses,
    Long revokedAt) {

  public boolean revoked() {
    return revokedAt != null;
  }

  /** Past its time or used up: it still names its room, but makes nobody a member. */
  public boolean spentAt(long now) {
    return now >= expiresAt || maxUses != null && uses >= maxUses;
  }
}
