package dev.dormouse.access;

import dev.dormouse.protocol.ErrorCode;

/**
 * Who may do what in a room, as one pure function of the person's role, the operator's {@code
 * admin} claim, the room's settings and the action. Every check the server makes (the upgrade, the
 * HTTP history, the room's writes, the settings and member routes) asks here, so the rules live in
 * one table (written out in {@code PermissionsProperties}).
 *
 * <p>The order of refusals matters: a person who may not enter a private room hears {@code
 * not_a_member} whatever they ask, so no other answer tells them anything about it; a banned person
 * hears {@code banned} next, whatever they ask.
 *
 * <p>Moderation (deleting others' messages, kicks, bans, mutes, lifting them, reading them) is for
 * the owner, moderators and operator admins; in an unclaimed room for admins only. Acting on a
 * person also weighs their role ({@link #decide(Role, boolean, RoomSettings, Action, Role)}):
 * nobody acts on the owner, only the owner or an admin acts on a moderator, and a moderator acts on
 * members and on people with no role.
 */
public final class Permissions {

  private Permissions() {}

  public static Verdict decide(Role role, boolean admin, RoomSettings settings, Action action) {
    if (!settings.claimed()) {
      return switch (action) {
        case JOIN, READ_HISTORY, VIEW_SETTINGS, POST, EDIT_OWN, DELETE_OWN, REACT, REPORT ->
            allowed();
        case CHANGE_SETTINGS, ADD_MEMBER, REMOVE_MEMBER, SET_MODERATOR, CHANGE_OWNER, INVITE ->
            refused(ErrorCode.NOT_CLAIMED);
        // Nobody moderates an unclaimed room but an operator's admin.
        case VIEW_REPORTS, READ_AUDIT, DELETE_ANY, KICK, BAN, MUTE, LIFT, READ_RESTRICTIONS ->
            admin ? allowed() : refused(ErrorCode.NOT_CLAIMED);
      };
    }
    boolean staff = admin || role.atLeast(Role.MODERATOR);
    if (settings.visibility() == Visibility.PRIVATE && !admin && !role.atLeast(Role.MEMBER)) {
      return refused(ErrorCode.NOT_A_MEMBER);
    }
    return switch (action) {
      case JOIN, READ_HISTORY, VIEW_SETTINGS, DELETE_OWN, REACT, REPORT -> allowed();
      case POST, EDIT_OWN ->
          settings.postPolicy() == PostPolicy.MODERATORS && !staff
              ? refused(ErrorCode.READ_ONLY)
              : allowed();
      case CHANGE_SETTINGS,
          ADD_MEMBER,
          REMOVE_MEMBER,
          INVITE,
          VIEW_REPORTS,
          READ_AUDIT,
          DELETE_ANY,
          KICK,
          BAN,
          MUTE,
          LIFT,
          READ_RESTRICTIONS ->
          staff ? allowed() : refused(ErrorCode.FORBIDDEN);
      case SET_MODERATOR -> admin || role == Role.OWNER ? allowed() : refused(ErrorCode.FORBIDDEN);
      case CHANGE_OWNER -> refused(ErrorCode.FORBIDDEN);
    };
  }

  /**
   * {@code action} on a person whose role in the room is {@code target}: refused as {@link
   * #decide(Role, boolean, RoomSettings, Action)} refuses it, else by the target rule.
   */
  public static Verdict decide(
      Role role, boolean admin, RoomSettings settings, Action action, Role target) {
    Verdict verdict = decide(role, admin, settings, action);
    if (!verdict.allowed() || !action.targetsPerson()) {
      return verdict;
    }
    return switch (target) {
      case OWNER -> refused(ErrorCode.FORBIDDEN);
      case MODERATOR -> admin || role == Role.OWNER ? allowed() : refused(ErrorCode.FORBIDDEN);
      case MEMBER, NONE -> allowed();
    };
  }

  /**
   * As {@link #decide(Role, boolean, RoomSettings, Action)} for a person who may be {@code banned}:
   * after {@code not_a_member}, a ban refuses everything.
   */
  public static Verdict decide(
      Role role, boolean admin, RoomSettings settings, Action action, boolean banned) {
    Verdict verdict = decide(role, admin, settings, action);
    if (banned && !(verdict instanceof Verdict.Refused r && r.code() == ErrorCode.NOT_A_MEMBER)) {
      return refused(ErrorCode.BANNED);
    }
    return verdict;
  }

  /** Whether a message of this person waits for the room's slow mode: staff are never slowed. */
  public static boolean slowModeApplies(Role role, boolean admin, RoomSettings settings) {
    return settings.slowModeSeconds() > 0 && !admin && !role.atLeast(Role.MODERATOR);
  }

  private static Verdict allowed() {
    return Verdict.Allowed.INSTANCE;
  }

  private static Verdict refused(ErrorCode code) {
    return new Verdict.Refused(code);
  }
}
