package dev.dormouse.access;

/** What a check needs about one person and one room: the room's settings and their role in it. */
public record RoomAccess(RoomSettings settings, Role role) {

  public Verdict decide(boolean admin, Action action) {
    return Permissions.decide(role, admin, settings, action);
  }
}
