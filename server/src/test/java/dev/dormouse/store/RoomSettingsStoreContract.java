package dev.dormouse.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.dormouse.access.AuditAction;
import dev.dormouse.access.AuditEntry;
import dev.dormouse.access.Member;
import dev.dormouse.access.PostPolicy;
import dev.dormouse.access.Restriction;
import dev.dormouse.access.Role;
import dev.dormouse.access.RoomAccess;
import dev.dormouse.access.RoomSettings;
import dev.dormouse.access.Visibility;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.room.RoomId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link RoomSettingsStore} must do; one subclass per database runs it. */
abstract class RoomSettingsStoreContract {

  private MessageStore store;
  private RoomSettingsStore rooms;
  private RoomId room;
  private String owner;

  protected abstract MessageStore open();

  @BeforeEach
  void openStore() {
    store = open();
    rooms = store.rooms();
    room = new RoomId("r-" + UUID.randomUUID().toString().substring(0, 8));
    owner = "u_" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private RoomSettings settings(Visibility visibility) {
    return new RoomSettings(owner, "Team", "plans", visibility, PostPolicy.EVERYONE, 0, 1_000L);
  }

  private int audits;

  /** An entry with a fresh, later id each time, by a fixed person. */
  private AuditEntry audit(AuditAction action) {
    audits++;
    return new AuditEntry(
        String.format("%016d", audits),
        audits,
        new UserRef(owner, "Ada"),
        action,
        "u_bo",
        "because " + audits,
        Map.of("n", audits));
  }

  private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  @Test
  void an_unclaimed_room_has_no_settings_and_answers_as_public_and_open() {
    assertThat(join(rooms.settings(room))).isEmpty();
    assertThat(join(rooms.access(room, owner)))
        .isEqualTo(new RoomAccess(RoomSettings.UNCLAIMED, Role.NONE));
    assertThat(join(rooms.members(room))).isEmpty();
  }

  @Test
  void a_claim_stores_the_settings_and_makes_the_claimer_owner() {
    RoomSettings claimed = settings(Visibility.PRIVATE);
    assertThat(join(rooms.claim(room, claimed, false, audit(AuditAction.ROOM_CLAIMED))))
        .isEqualTo(ClaimOutcome.CLAIMED);
    assertThat(join(rooms.settings(room))).contains(claimed);
    assertThat(join(rooms.access(room, owner))).isEqualTo(new RoomAccess(claimed, Role.OWNER));
    assertThat(join(rooms.access(room, "u_stranger")).role()).isEqualTo(Role.NONE);
    assertThat(join(rooms.access(room, null)).role()).isEqualTo(Role.NONE);
    assertThat(join(rooms.members(room))).containsExactly(new Member(owner, null, Role.OWNER));
  }

  @Test
  void a_claimed_room_cannot_be_claimed_again() {
    join(rooms.claim(room, settings(Visibility.PUBLIC), false, audit(AuditAction.ROOM_CLAIMED)));
    RoomSettings other =
        new RoomSettings("u_other", "Mine", "", Visibility.PUBLIC, PostPolicy.EVERYONE, 0, 2L);
    assertThat(join(rooms.claim(room, other, true, audit(AuditAction.ROOM_CLAIMED))))
        .isEqualTo(ClaimOutcome.ALREADY_CLAIMED);
    assertThat(join(rooms.settings(room)).orElseThrow().owner()).isEqualTo(owner);
  }

  @Test
  void a_room_with_messages_is_claimed_only_when_the_claimer_may_take_it_over() {
    join(store.append(room, 0, List.of(new NewMessage("m-1", "u_1", "Ada", "hello", 1L, "c-1"))));
    assertThat(
            join(
                rooms.claim(
                    room, settings(Visibility.PUBLIC), false, audit(AuditAction.ROOM_CLAIMED))))
        .isEqualTo(ClaimOutcome.HAS_HISTORY);
    assertThat(join(rooms.settings(room))).isEmpty();
    assertThat(
            join(
                rooms.claim(
                    room, settings(Visibility.PUBLIC), true, audit(AuditAction.ROOM_CLAIMED))))
        .isEqualTo(ClaimOutcome.CLAIMED);
  }

  @Test
  void settings_are_replaced_and_the_owner_stays() {
    join(rooms.claim(room, settings(Visibility.PUBLIC), false, audit(AuditAction.ROOM_CLAIMED)));
    RoomSettings changed =
        new RoomSettings(
            owner, "News", "read only", Visibility.UNLISTED, PostPolicy.MODERATORS, 30, 1_000L);
    join(rooms.updateSettings(room, changed, audit(AuditAction.ROOM_CHANGED)));
    assertThat(join(rooms.settings(room))).contains(changed);
  }

  @Test
  void roles_are_given_changed_and_taken_away() {
    join(rooms.claim(room, settings(Visibility.PRIVATE), false, audit(AuditAction.ROOM_CLAIMED)));
    join(rooms.setRole(room, "u_bo", Role.MEMBER, null, audit(AuditAction.ROLE_SET)));
    join(rooms.setRole(room, "u_cy", Role.MEMBER, null, audit(AuditAction.ROLE_SET)));
    join(rooms.setRole(room, "u_cy", Role.MODERATOR, null, audit(AuditAction.ROLE_SET)));
    assertThat(join(rooms.access(room, "u_bo")).role()).isEqualTo(Role.MEMBER);
    assertThat(join(rooms.members(room)))
        .extracting(Member::userId, Member::role)
        .containsExactly(
            tuple(owner, Role.OWNER), tuple("u_cy", Role.MODERATOR), tuple("u_bo", Role.MEMBER));
    join(rooms.setRole(room, "u_bo", Role.NONE, null, audit(AuditAction.ROLE_SET)));
    assertThat(join(rooms.access(room, "u_bo")).role()).isEqualTo(Role.NONE);
    assertThat(join(rooms.members(room))).extracting(Member::userId).doesNotContain("u_bo");
  }

  @Test
  void a_members_name_is_the_one_last_seen_and_only_members_have_one() {
    join(rooms.claim(room, settings(Visibility.PRIVATE), false, audit(AuditAction.ROOM_CLAIMED)));
    join(rooms.setRole(room, "u_bo", Role.MEMBER, "Bo", audit(AuditAction.ROLE_SET)));
    join(rooms.setRole(room, "u_cy", Role.MEMBER, null, audit(AuditAction.ROLE_SET)));
    join(rooms.rememberName(room, "u_cy", "Cy"));
    join(rooms.rememberName(room, "u_bo", "Bo B."));
    join(rooms.rememberName(room, "u_stranger", "Nobody"));
    // A role changed without a name keeps the one stored.
    join(rooms.setRole(room, "u_bo", Role.MODERATOR, null, audit(AuditAction.ROLE_SET)));
    assertThat(join(rooms.members(room)))
        .containsExactly(
            new Member(owner, null, Role.OWNER),
            new Member("u_bo", "Bo B.", Role.MODERATOR),
            new Member("u_cy", "Cy", Role.MEMBER));
  }

  @Test
  void the_directory_lists_public_claimed_rooms_by_newest_activity_and_pages_on() {
    String tag = "d" + UUID.randomUUID().toString().substring(0, 6);
    RoomId quiet = new RoomId(tag + "-quiet");
    RoomId busy = new RoomId(tag + "-busy");
    RoomId later = new RoomId(tag + "-later");
    RoomId hidden = new RoomId(tag + "-hidden");
    RoomId unclaimed = new RoomId(tag + "-unclaimed");
    join(rooms.claim(quiet, settings(Visibility.PUBLIC), false, audit(AuditAction.ROOM_CLAIMED)));
    join(rooms.claim(busy, settings(Visibility.PUBLIC), false, audit(AuditAction.ROOM_CLAIMED)));
    join(rooms.claim(later, settings(Visibility.PUBLIC), false, audit(AuditAction.ROOM_CLAIMED)));
    join(
        rooms.claim(hidden, settings(Visibility.UNLISTED), false, audit(AuditAction.ROOM_CLAIMED)));
    join(store.append(busy, 0, List.of(new NewMessage("m-b1", "u_1", "Ada", "hi", 5_000L, "c"))));
    join(store.append(later, 0, List.of(new NewMessage("m-l1", "u_1", "Ada", "hi", 9_000L, "c"))));
    join(store.append(unclaimed, 0, List.of(new NewMessage("m-u", "u_1", "A", "x", 9_500L, "c"))));

    List<ListedRoom> first = join(rooms.directory(tag, ListedRoom.Position.START, 2));
    assertThat(first).extracting(ListedRoom::id).containsExactly(later, busy);
    assertThat(first.getFirst().lastActivity()).isEqualTo(9_000L);
    List<ListedRoom> rest = join(rooms.directory(tag, first.getLast().position(), 2));
    assertThat(rest).extracting(ListedRoom::id).containsExactly(quiet);
    assertThat(rest.getFirst().lastActivity()).isNull();
  }

  @Test
  void the_directory_searches_id_title_and_topic_ignoring_case_and_takes_wildcards_literally() {
    String tag = "s" + UUID.randomUUID().toString().substring(0, 6);
    RoomId byTitle = new RoomId(tag + "-one");
    RoomId byTopic = new RoomId(tag + "-two");
    join(
        rooms.claim(
            byTitle,
            new RoomSettings(
                owner, "Gardening " + tag, "", Visibility.PUBLIC, PostPolicy.EVERYONE, 0, 1L),
            false,
            audit(AuditAction.ROOM_CLAIMED)));
    join(
        rooms.claim(
            byTopic,
            new RoomSettings(
                owner, "", "All about 100% " + tag, Visibility.PUBLIC, PostPolicy.EVERYONE, 0, 1L),
            false,
            audit(AuditAction.ROOM_CLAIMED)));
    assertThat(
            join(rooms.directory("GARDENING " + tag.toUpperCase(), ListedRoom.Position.START, 10)))
        .extracting(ListedRoom::id)
        .containsExactly(byTitle);
    assertThat(join(rooms.directory("100% " + tag, ListedRoom.Position.START, 10)))
        .extracting(ListedRoom::id)
        .containsExactly(byTopic);
    assertThat(join(rooms.directory(tag + "-tw", ListedRoom.Position.START, 10)))
        .extracting(ListedRoom::id)
        .containsExactly(byTopic);
    assertThat(join(rooms.directory("1_0% " + tag, ListedRoom.Position.START, 10))).isEmpty();
  }

  @Test
  void one_rooms_members_are_not_anothers() {
    RoomId other = new RoomId(room.value() + "-b");
    join(rooms.claim(room, settings(Visibility.PRIVATE), false, audit(AuditAction.ROOM_CLAIMED)));
    join(rooms.claim(other, settings(Visibility.PRIVATE), false, audit(AuditAction.ROOM_CLAIMED)));
    join(rooms.setRole(room, "u_bo", Role.MEMBER, null, audit(AuditAction.ROLE_SET)));
    assertThat(join(rooms.access(other, "u_bo")).role()).isEqualTo(Role.NONE);
  }

  @Test
  void every_stored_change_is_on_the_audit_log_newest_first_and_a_refused_claim_is_not() {
    join(rooms.claim(room, settings(Visibility.PUBLIC), false, audit(AuditAction.ROOM_CLAIMED)));
    join(rooms.claim(room, settings(Visibility.PUBLIC), true, audit(AuditAction.ROOM_CLAIMED)));
    join(rooms.setRole(room, "u_bo", Role.MODERATOR, null, audit(AuditAction.ROLE_SET)));
    join(rooms.recordAudit(room, audit(AuditAction.PERSON_KICKED)));

    AuditPage page = join(rooms.auditLog(room, null, 10));

    assertThat(page.hasMore()).isFalse();
    assertThat(page.entries())
        .extracting(AuditEntry::action)
        .containsExactly(AuditAction.PERSON_KICKED, AuditAction.ROLE_SET, AuditAction.ROOM_CLAIMED);
    AuditEntry kick = page.entries().getFirst();
    assertThat(kick.actor()).isEqualTo(new UserRef(owner, "Ada"));
    assertThat(kick.target()).isEqualTo("u_bo");
    assertThat(kick.reason()).isEqualTo("because 4");
    assertThat(kick.detail()).isEqualTo(Map.of("n", 4));
  }

  @Test
  void the_audit_log_pages_backwards_and_belongs_to_one_room() {
    join(rooms.claim(room, settings(Visibility.PUBLIC), false, audit(AuditAction.ROOM_CLAIMED)));
    for (int i = 0; i < 4; i++) {
      join(rooms.recordAudit(room, audit(AuditAction.PERSON_KICKED)));
    }
    RoomId other = new RoomId(room.value() + "-b");
    join(rooms.recordAudit(other, audit(AuditAction.PERSON_KICKED)));

    AuditPage first = join(rooms.auditLog(room, null, 3));
    AuditPage second = join(rooms.auditLog(room, first.entries().getLast().id(), 3));

    assertThat(first.hasMore()).isTrue();
    assertThat(second.hasMore()).isFalse();
    assertThat(first.entries())
        .extracting(AuditEntry::id)
        .containsExactly(
            String.format("%016d", 5), String.format("%016d", 4), String.format("%016d", 3));
    assertThat(second.entries())
        .extracting(AuditEntry::id)
        .containsExactly(String.format("%016d", 2), String.format("%016d", 1));
    assertThat(join(rooms.auditLog(other, null, 10)).entries()).hasSize(1);
  }

  @Test
  void a_ban_or_mute_is_stored_replaced_listed_and_lifted() {
    Restriction ban = new Restriction(Restriction.Kind.BAN, "u_bo", null, "spam", owner, 5L);
    Restriction mute = new Restriction(Restriction.Kind.MUTE, "u_bo", 9_000L, "", owner, 6L);
    join(rooms.restrict(room, ban, audit(AuditAction.PERSON_BANNED)));
    join(rooms.restrict(room, mute, audit(AuditAction.PERSON_BANNED)));
    assertThat(join(rooms.restrictions(room))).containsExactlyInAnyOrder(ban, mute);
    // Bans hold in unclaimed rooms too (an operator admin may set them there).
    assertThat(join(rooms.access(room, "u_bo")).ban()).isEqualTo(ban);
    assertThat(join(rooms.access(room, "u_cy")).ban()).isNull();
    assertThat(join(rooms.access(room, null)).ban()).isNull();

    Restriction timed = new Restriction(Restriction.Kind.BAN, "u_bo", 7_000L, "again", "u_mod", 7L);
    join(rooms.restrict(room, timed, audit(AuditAction.PERSON_BANNED)));
    assertThat(join(rooms.restrictions(room))).containsExactlyInAnyOrder(timed, mute);
    join(rooms.claim(room, settings(Visibility.PRIVATE), true, audit(AuditAction.ROOM_CLAIMED)));
    RoomAccess access = join(rooms.access(room, "u_bo"));
    assertThat(access.ban()).isEqualTo(timed);
    assertThat(access.bannedAt(6_999L)).isTrue();
    assertThat(access.bannedAt(7_000L)).isFalse();

    assertThat(join(rooms.lift(room, Restriction.Kind.BAN, "u_bo", audit(AuditAction.BAN_LIFTED))))
        .isTrue();
    assertThat(join(rooms.lift(room, Restriction.Kind.BAN, "u_bo", audit(AuditAction.BAN_LIFTED))))
        .isFalse();
    assertThat(join(rooms.restrictions(room))).containsExactly(mute);
    assertThat(join(rooms.restrictions(new RoomId("elsewhere")))).isEmpty();
  }
}
