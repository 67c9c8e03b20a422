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
      """;

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
