package dev.dormouse.access;

/** What a check needs about one person and one room: the room's settings and their role in it. */
public record RoomAccess(RoomSettings settings, Role role) {

  public Verdict decide(boolean admin, Action action) {
    return Permissions.decide(role, admin, settings, action);
  }

  /** As a bearer of {@code grants} in room {@code roomId}: the higher role, and the admin claim. */
  public Verdict decide(Grants grants, String roomId, Action action) {
    return Permissions.decide(grants.withStored(roomId, role), grants.admin(), settings, action);
  }

  /** The asker's role with what their token grants in the room. */
  public Role role(Grants grants, String roomId) {
    return grants.withStored(roomId, role);
  }
}
