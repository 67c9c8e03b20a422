package dev.dormouse.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.dormouse.access.Member;
import dev.dormouse.access.PostPolicy;
import dev.dormouse.access.Role;
import dev.dormouse.access.RoomAccess;
import dev.dormouse.access.RoomSettings;
import dev.dormouse.access.Visibility;
import dev.dormouse.room.RoomId;
import java.util.List;
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
    assertThat(join(rooms.claim(room, claimed, false))).isEqualTo(ClaimOutcome.CLAIMED);
    assertThat(join(rooms.settings(room))).contains(claimed);
    assertThat(join(rooms.access(room, owner))).isEqualTo(new RoomAccess(claimed, Role.OWNER));
    assertThat(join(rooms.access(room, "u_stranger")).role()).isEqualTo(Role.NONE);
    assertThat(join(rooms.access(room, null)).role()).isEqualTo(Role.NONE);
    assertThat(join(rooms.members(room))).containsExactly(new Member(owner, null, Role.OWNER));
  }

  @Test
  void a_claimed_room_cannot_be_claimed_again() {
    join(rooms.claim(room, settings(Visibility.PUBLIC), false));
    RoomSettings other =
        new RoomSettings("u_other", "Mine", "", Visibility.PUBLIC, PostPolicy.EVERYONE, 0, 2L);
    assertThat(join(rooms.claim(room, other, true))).isEqualTo(ClaimOutcome.ALREADY_CLAIMED);
    assertThat(join(rooms.settings(room)).orElseThrow().owner()).isEqualTo(owner);
  }

  @Test
  void a_room_with_messages_is_claimed_only_when_the_claimer_may_take_it_over() {
    join(store.append(room, 0, List.of(new NewMessage("m-1", "u_1", "Ada", "hello", 1L, "c-1"))));
    assertThat(join(rooms.claim(room, settings(Visibility.PUBLIC), false)))
        .isEqualTo(ClaimOutcome.HAS_HISTORY);
    assertThat(join(rooms.settings(room))).isEmpty();
    assertThat(join(rooms.claim(room, settings(Visibility.PUBLIC), true)))
        .isEqualTo(ClaimOutcome.CLAIMED);
  }

  @Test
  void settings_are_replaced_and_the_owner_stays() {
    join(rooms.claim(room, settings(Visibility.PUBLIC), false));
    RoomSettings changed =
        new RoomSettings(
            owner, "News", "read only", Visibility.UNLISTED, PostPolicy.MODERATORS, 30, 1_000L);
    join(rooms.updateSettings(room, changed));
    assertThat(join(rooms.settings(room))).contains(changed);
  }

  @Test
  void roles_are_given_changed_and_taken_away() {
    join(rooms.claim(room, settings(Visibility.PRIVATE), false));
    join(rooms.setRole(room, "u_bo", Role.MEMBER));
    join(rooms.setRole(room, "u_cy", Role.MEMBER));
    join(rooms.setRole(room, "u_cy", Role.MODERATOR));
    assertThat(join(rooms.access(room, "u_bo")).role()).isEqualTo(Role.MEMBER);
    assertThat(join(rooms.members(room)))
        .extracting(Member::userId, Member::role)
        .containsExactly(
            tuple(owner, Role.OWNER), tuple("u_cy", Role.MODERATOR), tuple("u_bo", Role.MEMBER));
    join(rooms.setRole(room, "u_bo", Role.NONE));
    assertThat(join(rooms.access(room, "u_bo")).role()).isEqualTo(Role.NONE);
    assertThat(join(rooms.members(room))).extracting(Member::userId).doesNotContain("u_bo");
  }

  @Test
  void a_members_name_is_the_one_last_seen_and_only_members_have_one() {
    join(rooms.claim(room, settings(Visibility.PRIVATE), false));
    join(rooms.setRole(room, "u_bo", Role.MEMBER, "Bo"));
    join(rooms.setRole(room, "u_cy", Role.MEMBER));
    join(rooms.rememberName(room, "u_cy", "Cy"));
    join(rooms.rememberName(room, "u_bo", "Bo B."));
    join(rooms.rememberName(room, "u_stranger", "Nobody"));
    // A role changed without a name keeps the one stored.
    join(rooms.setRole(room, "u_bo", Role.MODERATOR));
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
    join(rooms.claim(quiet, settings(Visibility.PUBLIC), false));
    join(rooms.claim(busy, settings(Visibility.PUBLIC), false));
    join(rooms.claim(later, settings(Visibility.PUBLIC), false));
    join(rooms.claim(hidden, settings(Visibility.UNLISTED), false));
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
            false));
    join(
        rooms.claim(
            byTopic,
            new RoomSettings(
                owner, "", "All about 100% " + tag, Visibility.PUBLIC, PostPolicy.EVERYONE, 0, 1L),
            false));
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
    join(rooms.claim(room, settings(Visibility.PRIVATE), false));
    join(rooms.claim(other, settings(Visibility.PRIVATE), false));
    join(rooms.setRole(room, "u_bo", Role.MEMBER));
    assertThat(join(rooms.access(other, "u_bo")).role()).isEqualTo(Role.NONE);
  }
}
