package dev.dormouse.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.protocol.ChatMessage;
import dev.dormouse.protocol.ServerFrame;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.room.RoomLogic.Effect;
import dev.dormouse.store.AppendOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoomLogicTest {

  private static final UserRef ADA = new UserRef("u1", "Ada");
  private static final UserRef BOB = new UserRef("u2", "Bob");
  private static final Occupant ADA_TAB_1 = new Occupant("s1", ADA);
  private static final Occupant ADA_TAB_2 = new Occupant("s2", ADA);
  private static final Occupant BOB_TAB = new Occupant("s3", BOB);
  private static final UserRef CY = new UserRef("u3", "Cy");
  private static final Occupant CY_TAB = new Occupant("s4", CY);

  private static final int LIMIT = 1000;

  private static RoomState room(Occupant... occupants) {
    RoomState state = RoomState.restored(0, List.of(occupants), List.of(), 50);
    return state;
  }

  @Test
  void the_joiner_hears_who_is_here_and_the_others_hear_of_the_arrival_in_the_next_delta() {
    RoomState state = room(ADA_TAB_1);
    RoomLogic.Decision d = RoomLogic.join(state, BOB_TAB, LIMIT);
    assertThat(d.effects())
        .containsExactly(
            new Effect(Audience.only("s3"), ServerFrame.Presence.snapshot(List.of(ADA, BOB))));
    assertThat(RoomLogic.presenceChanges(state, LIMIT).effects())
        .containsExactly(
            new Effect(
                Audience.everyone(), ServerFrame.Presence.delta(List.of(BOB), List.of(), 2)));
    assertThat(RoomLogic.presenceChanges(state, LIMIT).effects()).isEmpty();
  }

  @Test
  void someone_a_joiner_was_shown_who_leaves_before_being_announced_is_announced_as_left() {
    RoomState state = room(ADA_TAB_1);
    RoomLogic.join(state, BOB_TAB, LIMIT);
    RoomLogic.join(state, CY_TAB, LIMIT); // Cy's snapshot shows Bob, whom nobody else heard of yet
    RoomLogic.leave(state, BOB_TAB.socketId());
    assertThat(RoomLogic.presenceChanges(state, LIMIT).effects())
        .containsExactly(
            new Effect(
                Audience.everyone(), ServerFrame.Presence.delta(List.of(CY), List.of("u2"), 2)));
  }

  @Test
  void someone_who_left_before_a_joiner_came_is_not_in_the_joiners_snapshot_nor_announced() {
    RoomState state = room(ADA_TAB_1);
    RoomLogic.join(state, BOB_TAB, LIMIT);
    RoomLogic.leave(state, BOB_TAB.socketId());
    RoomLogic.join(state, CY_TAB, LIMIT);
    assertThat(RoomLogic.presenceChanges(state, LIMIT).effects())
        .containsExactly(
            new Effect(Audience.everyone(), ServerFrame.Presence.delta(List.of(CY), List.of(), 2)));
  }

  @Test
  void someone_who_comes_and_goes_unseen_within_one_interval_is_never_announced() {
    RoomState state = room(ADA_TAB_1);
    RoomLogic.join(state, BOB_TAB, LIMIT);
    RoomLogic.leave(state, BOB_TAB.socketId());
    assertThat(RoomLogic.presenceChanges(state, LIMIT).effects()).isEmpty();
  }

  @Test
  void a_second_tab_of_someone_present_changes_nobody_elses_presence() {
    RoomState state = room(ADA_TAB_1);
    RoomLogic.Decision d = RoomLogic.join(state, ADA_TAB_2, LIMIT);
    assertThat(d.effects())
        .containsExactly(
            new Effect(Audience.only("s2"), ServerFrame.Presence.snapshot(List.of(ADA))));
    assertThat(d.state().online()).containsExactly(ADA);
    assertThat(RoomLogic.presenceChanges(state, LIMIT).effects()).isEmpty();
  }

  @Test
  void a_tab_joining_under_a_new_name_renames_its_person_for_everyone() {
    RoomState state = room(ADA_TAB_1, BOB_TAB);
    UserRef renamed = new UserRef("u1", "Ada L");
    RoomLogic.join(state, new Occupant("s4", renamed), LIMIT);
    assertThat(state.online()).containsExactly(renamed, BOB);
    assertThat(RoomLogic.presenceChanges(state, LIMIT).effects())
        .containsExactly(
            new Effect(
                Audience.everyone(), ServerFrame.Presence.delta(List.of(renamed), List.of(), 2)));
  }

  @Test
  void a_person_leaves_only_when_their_last_socket_does() {
    RoomState state = room(ADA_TAB_1, ADA_TAB_2, BOB_TAB);
    RoomLogic.leave(state, "s1");
    assertThat(RoomLogic.presenceChanges(state, LIMIT).effects()).isEmpty();
    RoomLogic.leave(state, "s2");
    assertThat(RoomLogic.presenceChanges(state, LIMIT).effects())
        .containsExactly(
            new Effect(
                Audience.everyone(), ServerFrame.Presence.delta(List.of(), List.of("u1"), 1)));
  }

  @Test
  void someone_who_comes_and_goes_within_one_interval_is_never_announced() {
    RoomState state = room(ADA_TAB_1);
    for (int i = 0; i < 200; i++) {
      RoomLogic.join(state, BOB_TAB, LIMIT);
      RoomLogic.leave(state, BOB_TAB.socketId());
    }
    assertThat(RoomLogic.presenceChanges(state, LIMIT).effects()).isEmpty();
  }

  @Test
  void above_the_list_limit_presence_carries_only_a_changed_count() {
    RoomState state = room(ADA_TAB_1);
    assertThat(RoomLogic.join(state, BOB_TAB, 1).effects())
        .containsExactly(new Effect(Audience.only("s3"), ServerFrame.Presence.countOnly(2)));
    assertThat(RoomLogic.presenceChanges(state, 1).effects())
        .containsExactly(new Effect(Audience.everyone(), ServerFrame.Presence.countOnly(2)));
    RoomLogic.join(state, new Occupant("s5", new UserRef("u2", "Bob B")), 1);
    assertThat(RoomLogic.presenceChanges(state, 1).effects()).isEmpty();
  }

  @Test
  void people_are_listed_a_page_at_a_time_in_id_order() {
    RoomState state = room(BOB_TAB, ADA_TAB_1);
    assertThat(state.online(null, 1)).containsExactly(ADA);
    assertThat(state.online("u1", 5)).containsExactly(BOB);
    assertThat(state.online("u2", 5)).isEmpty();
  }

  @Test
  void a_page_after_someone_who_left_goes_on_from_where_they_were() {
    RoomState state = room(ADA_TAB_1, BOB_TAB);
    RoomLogic.leave(state, ADA_TAB_1.socketId());
    assertThat(state.online("u1", 5)).containsExactly(BOB);
  }

  @Test
  void stored_messages_are_broadcast_and_acked_and_duplicates_only_acked() {
    RoomEntity.Post first = new RoomEntity.Post(ADA_TAB_1, "hi", "c1");
    RoomEntity.Post again = new RoomEntity.Post(ADA_TAB_1, "hi", "c1");
    RoomEntity.Post plain = new RoomEntity.Post(BOB_TAB, "yo", null);
    ChatMessage m1 = new ChatMessage(8, "id8", "u1", "Ada", "hi", 1L);
    ChatMessage m2 = new ChatMessage(9, "id9", "u2", "Bob", "yo", 1L);
    RoomLogic.Decision d =
        RoomLogic.stored(
            new RoomState(7, 50),
            List.of(first, again, plain),
            List.of(
                new AppendOutcome.Stored(m1),
                new AppendOutcome.Duplicate(8),
                new AppendOutcome.Stored(m2)),
            1_000L);
    assertThat(d.state().seq()).isEqualTo(9);
    assertThat(d.state().recent()).containsExactly(m1, m2);
    assertThat(d.effects())
        .containsExactly(
            new Effect(Audience.everyone(), ServerFrame.Message.of(m1)),
            new Effect(Audience.only("s1"), new ServerFrame.Ack("c1", 8)),
            new Effect(Audience.only("s1"), new ServerFrame.Ack("c1", 8)),
            new Effect(Audience.everyone(), ServerFrame.Message.of(m2)));
  }

  @Test
  void typing_goes_to_everyone_but_the_typist() {
    assertThat(RoomLogic.typing(new RoomState(0, 50), BOB_TAB).effects())
        .containsExactly(new Effect(Audience.everyoneBut("s3"), new ServerFrame.Typing(BOB)));
  }

  @Test
  void messages_that_failed_to_store_are_refused_to_their_senders_with_their_client_ids() {
    List<Effect> effects =
        RoomLogic.notStored(List.of(new RoomEntity.Post(ADA_TAB_1, "hi", "c1")), 1_000L);
    assertThat(effects)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.audience()).isEqualTo(Audience.only(ADA_TAB_1.socketId()));
              assertThat(((ServerFrame.Error) e.frame()).code()).isEqualTo("unavailable");
              assertThat(((ServerFrame.Error) e.frame()).clientId()).isEqualTo("c1");
            });
  }
}
