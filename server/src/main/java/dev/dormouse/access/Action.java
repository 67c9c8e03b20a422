package dev.dormouse.access;

/** Something a person asks to do in a room, as {@link Permissions} judges it. */
public enum Action {
  /** Open a socket to the room. */
  JOIN,
  /** Read its history over HTTP, or its people. */
  READ_HISTORY,
  /** Read its settings ({@code GET /api/rooms/{id}}). */
  VIEW_SETTINGS,
  /** Send a message. */
  POST,
  /** Edit one's own message: in an announcement room that is posting, so it is judged alike. */
  EDIT_OWN,
  /** Delete one's own message. */
  DELETE_OWN,
  /** Turn a reaction on or off. */
  REACT,
  /** Change the title, topic, visibility, post policy or slow mode. */
  CHANGE_SETTINGS,
  /** Make someone a member, or demote nobody: the target is not a moderator. */
  ADD_MEMBER,
  /** Take a plain member out of the room. */
  REMOVE_MEMBER,
  /** Promote someone to moderator, demote or remove a moderator. */
  SET_MODERATOR,
  /** Change the owner's role: not possible through roles (no transfer yet). */
  CHANGE_OWNER,
  /** Create, list or revoke invites. */
  INVITE,
  /** Report a message to the room's moderators. */
  REPORT,
  /** Read the reports and resolve them. */
  VIEW_REPORTS,
  /** Read the room's audit log. */
  READ_AUDIT,
  /** Delete someone else's message, as a moderator. */
  DELETE_ANY,
  /** Close every socket of a person in the room; they may come back. */
  KICK,
  /** Keep a person out of the room, for a time or for good. */
  BAN,
  /** Refuse a person's sends, edits and reactions for a time. */
  MUTE,
  /** Lift a ban or a mute. */
  LIFT,
  /** Read the room's bans and mutes. */
  READ_RESTRICTIONS;

  /** Whether it is a moderator's action, which unclaimed rooms leave to operator admins. */
  public boolean moderates() {
    return compareTo(DELETE_ANY) >= 0;
  }

  /** Whether it acts on one person, whose role the target rule then weighs. */
  public boolean targetsPerson() {
    return this == DELETE_ANY || this == KICK || this == BAN || this == MUTE || this == LIFT;
  }

  /** What setting {@code target}'s role from {@code current} to {@code next} amounts to. */
  public static Action ofRoleChange(Role current, Role next) {
    if (current == Role.OWNER || next == Role.OWNER) {
      return CHANGE_OWNER;
    }
    if (current == Role.MODERATOR || next == Role.MODERATOR) {
      return SET_MODERATOR;
    }
    return next == Role.NONE ? REMOVE_MEMBER : ADD_MEMBER;
  }
}
