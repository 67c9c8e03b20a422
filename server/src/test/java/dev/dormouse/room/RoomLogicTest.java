package dev.dormouse.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.protocol.ChatMessage;
import dev.dormouse.protocol.ServerFrame;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.room.RoomLogic.Effect;
import dev.dormouse.store.AppendOutcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoomLogicTest {

  private static final UserRef ADA = new UserRef("u1", "Ada");
  private static final UserRef BOB = new UserRef("u2", "Bob");
  private static final Occupant ADA_TAB_1 = new Occupant("s1", ADA);
  private static final Occupant ADA_TAB_2 = new Occupant("s2", ADA);
  private static final Occupant BOB_TAB = new Occupant("s3", BOB);

  @Test
  void a_new_person_is_announced_to_everyone_and_the_joiner_hears_who_is_here() {
    RoomLogic.Decision d = RoomLogic.join(new RoomState(0, Map.of()).with(ADA_TAB_1), BOB_TAB);
    ServerFrame presence = new ServerFrame.Presence(List.of(ADA, BOB));
    assertThat(d.effects())
        .containsExactly(
            new Effect(Audience.only("s3"), presence),
            new Effect(Audience.everyoneBut("s3"), presence));
  }

  @Test
  void a_second_tab_of_someone_present_changes_nobody_elses_presence() {
    RoomLogic.Decision d = RoomLogic.join(new RoomState(0, Map.of()).with(ADA_TAB_1), ADA_TAB_2);
    assertThat(d.effects())
        .containsExactly(new Effect(Audience.only("s2"), new ServerFrame.Presence(List.of(ADA))));
    assertThat(d.state().online()).containsExactly(ADA);
  }

  @Test
  void a_tab_joining_under_a_new_name_renames_its_person_for_everyone() {
    Occupant renamed = new Occupant("s4", new UserRef("u1", "Ada L"));
    RoomLogic.Decision d =
        RoomLogic.join(new RoomState(0, Map.of()).with(ADA_TAB_1).with(BOB_TAB), renamed);
    ServerFrame presence = new ServerFrame.Presence(List.of(new UserRef("u1", "Ada L"), BOB));
    assertThat(d.effects())
        .containsExactly(
            new Effect(Audience.only("s4"), presence),
            new Effect(Audience.everyoneBut("s4"), presence));
  }

  @Test
  void a_person_leaves_only_when_their_last_socket_does() {
    RoomState both = new RoomState(0, Map.of()).with(ADA_TAB_1).with(ADA_TAB_2).with(BOB_TAB);
    RoomLogic.Decision first = RoomLogic.leave(both, "s1");
    assertThat(first.effects()).isEmpty();
    RoomLogic.Decision last = RoomLogic.leave(first.state(), "s2");
    assertThat(last.effects())
        .containsExactly(new Effect(Audience.everyone(), new ServerFrame.Presence(List.of(BOB))));
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
            new RoomState(7, Map.of()),
            List.of(first, again, plain),
            List.of(
                new AppendOutcome.Stored(m1),
                new AppendOutcome.Duplicate(8),
                new AppendOutcome.Stored(m2)));
    assertThat(d.state().seq()).isEqualTo(9);
    assertThat(d.effects())
        .containsExactly(
            new Effect(Audience.everyone(), ServerFrame.Message.of(m1)),
            new Effect(Audience.only("s1"), new ServerFrame.Ack("c1", 8)),
            new Effect(Audience.only("s1"), new ServerFrame.Ack("c1", 8)),
            new Effect(Audience.everyone(), ServerFrame.Message.of(m2)));
  }

  @Test
  void typing_goes_to_everyone_but_the_typist() {
    assertThat(RoomLogic.typing(new RoomState(0, Map.of()), BOB_TAB).effects())
        .containsExactly(new Effect(Audience.everyoneBut("s3"), new ServerFrame.Typing(BOB)));
  }

  @Test
  void messages_that_failed_to_store_are_refused_to_their_senders_with_their_client_ids() {
    List<Effect> effects = RoomLogic.notStored(List.of(new RoomEntity.Post(ADA_TAB_1, "hi", "c1")));
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
