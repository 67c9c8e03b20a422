package dev.dormouse.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.protocol.ErrorCode;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Every role × action × room setting against the table below, written out by hand: the rules as a
 * reader would check them, not as the code computes them.
 */
class PermissionsProperties {

  // Columns: a room nobody claimed; a claimed public or unlisted room; the same as an announcement
  // room (postPolicy moderators); a private room; a private announcement room.
  // ok: allowed; nm: not_a_member; ro: read_only; fb: forbidden; nc: not_claimed.
  private static final String TABLE =
      """
      action           who        unclaimed open  open-announce private private-announce
      JOIN             none       ok        ok    ok            nm      nm
      JOIN             member     ok        ok    ok            ok      ok
      JOIN             moderator  ok        ok    ok            ok      ok
      JOIN             owner      ok        ok    ok            ok      ok
      JOIN             admin      ok        ok    ok            ok      ok
      READ_HISTORY     none       ok        ok    ok            nm      nm
      READ_HISTORY     member     ok        ok    ok            ok      ok
      READ_HISTORY     moderator  ok        ok    ok            ok      ok
      READ_HISTORY     owner      ok        ok    ok            ok      ok
      READ_HISTORY     admin      ok        ok    ok            ok      ok
      VIEW_SETTINGS    none       ok        ok    ok            nm      nm
      VIEW_SETTINGS    member     ok        ok    ok            ok      ok
      VIEW_SETTINGS    moderator  ok        ok    ok            ok      ok
      VIEW_SETTINGS    owner      ok        ok    ok            ok      ok
      VIEW_SETTINGS    admin      ok        ok    ok            ok      ok
      POST             none       ok        ok    ro            nm      nm
      POST             member     ok        ok    ro            ok      ro
      POST             moderator  ok        ok    ok            ok      ok
      POST             owner      ok        ok    ok            ok      ok
      POST             admin      ok        ok    ok            ok      ok
      EDIT_OWN         none       ok        ok    ro            nm      nm
      EDIT_OWN         member     ok        ok    ro            ok      ro
      EDIT_OWN         moderator  ok        ok    ok            ok      ok
      EDIT_OWN         owner      ok        ok    ok            ok      ok
      EDIT_OWN         admin      ok        ok    ok            ok      ok
      DELETE_OWN       none       ok        ok    ok            nm      nm
      DELETE_OWN       member     ok        ok    ok            ok      ok
      DELETE_OWN       moderator  ok        ok    ok            ok      ok
      DELETE_OWN       owner      ok        ok    ok            ok      ok
      DELETE_OWN       admin      ok        ok    ok            ok      ok
      REACT            none       ok        ok    ok            nm      nm
      REACT            member     ok        ok    ok            ok      ok
      REACT            moderator  ok        ok    ok            ok      ok
      REACT            owner      ok        ok    ok            ok      ok
      REACT            admin      ok        ok    ok            ok      ok
      CHANGE_SETTINGS  none       nc        fb    fb            nm      nm
      CHANGE_SETTINGS  member     nc        fb    fb            fb      fb
      CHANGE_SETTINGS  moderator  nc        ok    ok            ok      ok
      CHANGE_SETTINGS  owner      nc        ok    ok            ok      ok
      CHANGE_SETTINGS  admin      nc        ok    ok            ok      ok
      ADD_MEMBER       none       nc        fb    fb            nm      nm
      ADD_MEMBER       member     nc        fb    fb            fb      fb
      ADD_MEMBER       moderator  nc        ok    ok            ok      ok
      ADD_MEMBER       owner      nc        ok    ok            ok      ok
      ADD_MEMBER       admin      nc        ok    ok            ok      ok
      REMOVE_MEMBER    none       nc        fb    fb            nm      nm
      REMOVE_MEMBER    member     nc        fb    fb            fb      fb
      REMOVE_MEMBER    moderator  nc        ok    ok            ok      ok
      REMOVE_MEMBER    owner      nc        ok    ok            ok      ok
      REMOVE_MEMBER    admin      nc        ok    ok            ok      ok
      SET_MODERATOR    none       nc        fb    fb            nm      nm
      SET_MODERATOR    member     nc        fb    fb            fb      fb
      SET_MODERATOR    moderator  nc        fb    fb            fb      fb
      SET_MODERATOR    owner      nc        ok    ok            ok      ok
      SET_MODERATOR    admin      nc        ok    ok            ok      ok
      CHANGE_OWNER     none       nc        fb    fb            nm      nm
      CHANGE_OWNER     member     nc        fb    fb            fb      fb
      CHANGE_OWNER     moderator  nc        fb    fb            fb      fb
      CHANGE_OWNER     owner      nc        fb    fb            fb      fb
      CHANGE_OWNER     admin      nc        fb    fb            fb      fb
      INVITE           none       nc        fb    fb            nm      nm
      INVITE           member     nc        fb    fb            fb      fb
      INVITE           moderator  nc        ok    ok            ok      ok
      INVITE           owner      nc        ok    ok            ok      ok
      INVITE           admin      nc        ok    ok            ok      ok
      REPORT           none       ok        ok    ok            nm      nm
      REPORT           member     ok        ok    ok            ok      ok
      REPORT           moderator  ok        ok    ok            ok      ok
      REPORT           owner      ok        ok    ok            ok      ok
      REPORT           admin      ok        ok    ok            ok      ok
      VIEW_REPORTS     none       nc        fb    fb            nm      nm
      VIEW_REPORTS     member     nc        fb    fb            fb      fb
      VIEW_REPORTS     moderator  nc        ok    ok            ok      ok
      VIEW_REPORTS     owner      nc        ok    ok            ok      ok
      VIEW_REPORTS     admin      ok        ok    ok            ok      ok
      READ_AUDIT       none       nc        fb    fb            nm      nm
      READ_AUDIT       member     nc        fb    fb            fb      fb
      READ_AUDIT       moderator  nc        ok    ok            ok      ok
      READ_AUDIT       owner      nc        ok    ok            ok      ok
      READ_AUDIT       admin      ok        ok    ok            ok      ok
      DELETE_ANY       none       nc        fb    fb            nm      nm
      DELETE_ANY       member     nc        fb    fb            fb      fb
      DELETE_ANY       moderator  nc        ok    ok            ok      ok
      DELETE_ANY       owner      nc        ok    ok            ok      ok
      DELETE_ANY       admin      ok        ok    ok            ok      ok
      KICK             none       nc        fb    fb            nm      nm
      KICK             member     nc        fb    fb            fb      fb
      KICK             moderator  nc        ok    ok            ok      ok
      KICK             owner      nc        ok    ok            ok      ok
      KICK             admin      ok        ok    ok            ok      ok
      BAN              none       nc        fb    fb            nm      nm
      BAN              member     nc        fb    fb            fb      fb
      BAN              moderator  nc        ok    ok            ok      ok
      BAN              owner      nc        ok    ok            ok      ok
      BAN              admin      ok        ok    ok            ok      ok
      MUTE             none       nc        fb    fb            nm      nm
      MUTE             member     nc        fb    fb            fb      fb
      MUTE             moderator  nc        ok    ok            ok      ok
      MUTE             owner      nc        ok    ok            ok      ok
      MUTE             admin      ok        ok    ok            ok      ok
      LIFT             none       nc        fb    fb            nm      nm
      LIFT             member     nc        fb    fb            fb      fb
      LIFT             moderator  nc        ok    ok            ok      ok
      LIFT             owner      nc        ok    ok            ok      ok
      LIFT             admin      ok        ok    ok            ok      ok
      READ_RESTRICTIONS none       nc        fb    fb            nm      nm
      READ_RESTRICTIONS member     nc        fb    fb            fb      fb
      READ_RESTRICTIONS moderator  nc        ok    ok            ok      ok
      READ_RESTRICTIONS owner      nc        ok    ok            ok      ok
      READ_RESTRICTIONS admin      ok        ok    ok            ok      ok
      """;

  // Acting on a person, once the action itself is allowed: who acts (rows) on whom (columns, the
  // target's role in the room). Nobody acts on the owner; only the owner or an admin on a
  // moderator.
  private static final String TARGETS =
      """
      who        none  member  moderator  owner
      moderator  ok    ok      fb         fb
      owner      ok    ok      ok         fb
      admin      ok    ok      ok         fb
      """;

  /** The actions that act on one person, whose role the target table weighs. */
  private static final java.util.Set<Action> ON_A_PERSON =
      java.util.EnumSet.of(Action.DELETE_ANY, Action.KICK, Action.BAN, Action.MUTE, Action.LIFT);

  private static final Map<String, ErrorCode> CODES = new HashMap<>();

  static {
    CODES.put("ok", null);
    CODES.put("nm", ErrorCode.NOT_A_MEMBER);
    CODES.put("ro", ErrorCode.READ_ONLY);
    CODES.put("fb", ErrorCode.FORBIDDEN);
    CODES.put("nc", ErrorCode.NOT_CLAIMED);
  }

  /** action → who → column → expected code (null: allowed). */
  private static final Map<Action, Map<String, String[]>> EXPECTED = parse();

  /** who → target's role → expected cell. */
  private static final Map<String, Map<Role, String>> TARGET_RULE = parseTargets();

  private static Map<String, Map<Role, String>> parseTargets() {
    Map<String, Map<Role, String>> table = new HashMap<>();
    TARGETS
        .lines()
        .skip(1)
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .forEach(
            line -> {
              String[] cells = line.split("\\s+");
              Map<Role, String> row = new EnumMap<>(Role.class);
              row.put(Role.NONE, cells[1]);
              row.put(Role.MEMBER, cells[2]);
              row.put(Role.MODERATOR, cells[3]);
              row.put(Role.OWNER, cells[4]);
              table.put(cells[0], row);
            });
    return table;
  }

  private static RoomSettings settings(
      boolean claimed, Visibility visibility, PostPolicy postPolicy) {
    return new RoomSettings(claimed ? "u_owner" : null, "t", "", visibility, postPolicy, 0, 1L);
  }

  private static String expectedCell(
      Action action, String who, boolean claimed, Visibility visibility, PostPolicy postPolicy) {
    int column;
    if (!claimed) {
      column = 0;
    } else if (visibility == Visibility.PRIVATE) {
      column = postPolicy == PostPolicy.MODERATORS ? 4 : 3;
    } else {
      column = postPolicy == PostPolicy.MODERATORS ? 2 : 1;
    }
    String[] row = EXPECTED.get(action).get(who);
    assertThat(row).as("a row for %s %s", action, who).isNotNull();
    return row[column];
  }

  private static Verdict verdictOf(String cell) {
    ErrorCode code = CODES.get(cell);
    return code == null ? Verdict.Allowed.INSTANCE : new Verdict.Refused(code);
  }

  private static Map<Action, Map<String, String[]>> parse() {
    Map<Action, Map<String, String[]>> table = new EnumMap<>(Action.class);
    TABLE
        .lines()
        .skip(1)
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .forEach(
            line -> {
              String[] cells = line.split("\\s+");
              table
                  .computeIfAbsent(Action.valueOf(cells[0]), a -> new HashMap<>())
                  .put(cells[1], new String[] {cells[2], cells[3], cells[4], cells[5], cells[6]});
            });
    return table;
  }

  @Property(generation = GenerationMode.EXHAUSTIVE)
  void every_role_action_and_setting_is_answered_as_the_table_says(
      @ForAll Role role,
      @ForAll boolean admin,
      @ForAll boolean claimed,
      @ForAll Visibility visibility,
      @ForAll PostPolicy postPolicy,
      @ForAll Action action) {
    RoomSettings settings =
        new RoomSettings(claimed ? "u_owner" : null, "t", "", visibility, postPolicy, 0, 1L);
    String who = admin ? "admin" : role.wire();
    int column;
    if (!claimed) {
      column = 0;
    } else if (visibility == Visibility.PRIVATE) {
      column = postPolicy == PostPolicy.MODERATORS ? 4 : 3;
    } else {
      column = postPolicy == PostPolicy.MODERATORS ? 2 : 1;
    }
    String[] row = EXPECTED.get(action).get(who);
    assertThat(row).as("a row for %s %s", action, who).isNotNull();
    ErrorCode expected = CODES.get(row[column]);

    Verdict verdict = Permissions.decide(role, admin, settings, action);

    if (expected == null) {
      assertThat(verdict).isEqualTo(Verdict.Allowed.INSTANCE);
    } else {
      assertThat(verdict).isEqualTo(new Verdict.Refused(expected));
    }
  }

  @Property(generation = GenerationMode.EXHAUSTIVE)
  void acting_on_a_person_weighs_their_role_as_the_target_table_says(
      @ForAll Role role,
      @ForAll boolean admin,
      @ForAll boolean claimed,
      @ForAll Visibility visibility,
      @ForAll PostPolicy postPolicy,
      @ForAll Action action,
      @ForAll Role target) {
    String who = admin ? "admin" : role.wire();
    String cell = expectedCell(action, who, claimed, visibility, postPolicy);
    if (cell.equals("ok") && ON_A_PERSON.contains(action)) {
      assertThat(TARGET_RULE).as("a target row for %s", who).containsKey(who);
      cell = TARGET_RULE.get(who).get(target);
    }

    Verdict verdict =
        Permissions.decide(role, admin, settings(claimed, visibility, postPolicy), action, target);

    assertThat(verdict).isEqualTo(verdictOf(cell));
  }

  @Property(generation = GenerationMode.EXHAUSTIVE)
  void a_ban_refuses_everything_after_not_a_member(
      @ForAll Role role,
      @ForAll boolean admin,
      @ForAll boolean claimed,
      @ForAll Visibility visibility,
      @ForAll PostPolicy postPolicy,
      @ForAll Action action,
      @ForAll boolean banned) {
    String who = admin ? "admin" : role.wire();
    String cell = expectedCell(action, who, claimed, visibility, postPolicy);
    Verdict expected =
        banned && !cell.equals("nm") ? new Verdict.Refused(ErrorCode.BANNED) : verdictOf(cell);

    assertThat(
            Permissions.decide(
                role, admin, settings(claimed, visibility, postPolicy), action, banned))
        .isEqualTo(expected);
  }

  @Property(generation = GenerationMode.EXHAUSTIVE)
  void the_table_has_one_row_for_every_action_and_person(@ForAll Action action, @ForAll Role role) {
    assertThat(EXPECTED.get(action)).containsKeys(role.wire(), "admin");
  }

  @Property
  void slow_mode_slows_members_and_strangers_never_staff(
      @ForAll Role role,
      @ForAll boolean admin,
      @ForAll Visibility visibility,
      @ForAll @IntRange(min = 0, max = RoomSettings.MAX_SLOW_MODE_SECONDS) int seconds) {
    RoomSettings settings =
        new RoomSettings("u_owner", "t", "", visibility, PostPolicy.EVERYONE, seconds, 1L);
    boolean expected = seconds > 0 && !admin && (role == Role.NONE || role == Role.MEMBER);
    assertThat(Permissions.slowModeApplies(role, admin, settings)).isEqualTo(expected);
  }

  @Property(generation = GenerationMode.EXHAUSTIVE)
  void a_role_change_is_judged_by_the_higher_of_the_two_roles(
      @ForAll Role current, @ForAll Role next) {
    Action expected;
    if (current == Role.OWNER || next == Role.OWNER) {
      expected = Action.CHANGE_OWNER;
    } else if (current == Role.MODERATOR || next == Role.MODERATOR) {
      expected = Action.SET_MODERATOR;
    } else if (next == Role.NONE) {
      expected = Action.REMOVE_MEMBER;
    } else {
      expected = Action.ADD_MEMBER;
    }
    assertThat(Action.ofRoleChange(current, next)).isEqualTo(expected);
  }
}
