package dev.dormouse.access;

/**
 * What a check needs about one person and one room: the room's settings, their role in it, and
 * their ban there ({@code ban} null when none is stored; one that ran out no longer counts).
 */
public record RoomAccess(RoomSettings settings, Role role, Restriction ban) {

  public RoomAccess(RoomSettings settings, Role role) {
    this(settings, role, null);
  }

  public Verdict decide(boolean admin, Action action) {
    return Permissions.decide(role, admin, settings, action);
  }

  /**
   * As a bearer of {@code grants} in room {@code roomId} at {@code now}: the higher role, the admin
   * claim, and the ban when it is in force.
   */
  public Verdict decide(Grants grants, String roomId, Action action, long now) {
    return Permissions.decide(
        grants.withStored(roomId, role), grants.admin(), settings, action, bannedAt(now));
  }

  public boolean bannedAt(long now) {
    return ban != null && ban.inForce(now);
  }

  /** The asker's role with what their token grants in the room. */
  public Role role(Grants grants, String roomId) {
    return grants.withStored(roomId, role);
  }
}
