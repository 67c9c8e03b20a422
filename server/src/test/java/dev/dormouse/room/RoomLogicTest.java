package dev.dormouse.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.protocol.ChatMessage;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.ReactionSummary;
import dev.dormouse.protocol.ServerFrame;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.room.RoomLogic.Effect;
import dev.dormouse.store.AppendOutcome;
import dev.dormouse.store.Change;
import dev.dormouse.store.NewChange;
import dev.dormouse.store.ReadMarker;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
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

  private static Change change(long seq, Change.Kind kind, long target, String text, String emoji) {
    return new Change(seq, kind, target, "id" + target, BOB, 50L + seq, text, emoji, 1);
  }

  @Test
  void stored_changes_go_to_everyone_as_their_own_frames_and_are_acked_with_their_seqs() {
    RoomEntity.Edit edit = new RoomEntity.Edit(ADA_TAB_1, "id8", "fixed", "e1");
    RoomEntity.React react = new RoomEntity.React(BOB_TAB, "id8", "👍", true, "r1");
    RoomEntity.React again = new RoomEntity.React(BOB_TAB, "id8", "👍", true, "r2");
    RoomEntity.Delete delete = new RoomEntity.Delete(ADA_TAB_1, "id8", "d1");
    Change edited = change(10, Change.Kind.EDIT, 8, "fixed", null);
    Change reacted = change(11, Change.Kind.REACT, 8, null, "👍");
    Change deleted = change(12, Change.Kind.DELETE, 8, null, null);
    RoomLogic.Decision d =
        RoomLogic.stored(
            new RoomState(9, 50),
            List.of(edit, react, again, delete),
            List.of(
                new AppendOutcome.Changed(edited),
                new AppendOutcome.Changed(reacted),
                new AppendOutcome.Unchanged(11),
                new AppendOutcome.Changed(deleted)),
            1_000L);
    assertThat(d.state().seq()).isEqualTo(12);
    assertThat(d.effects())
        .containsExactly(
            new Effect(Audience.everyone(), new ServerFrame.Edited(10, "id8", "fixed", 60L)),
            new Effect(Audience.only("s1"), new ServerFrame.Ack("e1", 10)),
            new Effect(
                Audience.everyone(), new ServerFrame.Reaction(11, "id8", "👍", BOB, true, 1)),
            new Effect(Audience.only("s3"), new ServerFrame.Ack("r1", 11)),
            new Effect(Audience.only("s3"), new ServerFrame.Ack("r2", 11)),
            new Effect(Audience.everyone(), new ServerFrame.Deleted(12, "id8", 62L)),
            new Effect(Audience.only("s1"), new ServerFrame.Ack("d1", 12)));
  }

  @Test
  void a_refused_write_is_answered_to_its_writer_alone_with_its_client_id_and_takes_no_seq() {
    RoomEntity.Edit edit = new RoomEntity.Edit(BOB_TAB, "id8", "mine now", "e1");
    RoomLogic.Decision d =
        RoomLogic.stored(
            new RoomState(9, 50),
            List.of(edit),
            List.of(new AppendOutcome.Refused(ErrorCode.FORBIDDEN, "Not yours.")),
            1_000L);
    assertThat(d.state().seq()).isEqualTo(9);
    assertThat(d.effects())
        .containsExactly(
            new Effect(
                Audience.only("s3"),
                new ServerFrame.Error(ErrorCode.FORBIDDEN, "Not yours.", "e1", 1_000L)));
  }

  @Test
  void the_rooms_memory_holds_its_newest_messages_in_current_state() {
    ChatMessage target = new ChatMessage(8, "id8", "u1", "Ada", "hi", 1L);
    ChatMessage reply =
        new ChatMessage(9, "id9", "u2", "Bob", "hello", 2L)
            .withReplyTo(new ChatMessage.Quote(8, "id8", "u1", "Ada", "hi", false));
    RoomState state = RoomState.restored(9, List.of(), List.of(target, reply), 50);
    state.apply(change(10, Change.Kind.EDIT, 8, "hi there", null));
    assertThat(state.recent().getFirst().message()).isEqualTo("hi there");
    assertThat(state.recent().getFirst().edited()).isEqualTo(60L);
    state.apply(change(11, Change.Kind.REACT, 8, null, "👍"));
    state.apply(change(12, Change.Kind.REACT, 9, null, "🎉"));
    state.apply(change(13, Change.Kind.UNREACT, 9, null, "🎉"));
    assertThat(state.recent().getFirst().reactions())
        .containsExactly(new ChatMessage.Reaction("👍", "u2", 61L));
    assertThat(state.recent().getLast().reactions()).isEmpty();
    state.apply(change(14, Change.Kind.DELETE, 8, null, null));
    ChatMessage tombstone = state.recent().getFirst();
    assertThat(tombstone.message()).isEmpty();
    assertThat(tombstone.deleted()).isEqualTo(64L);
    assertThat(tombstone.edited()).isNull();
    assertThat(tombstone.reactions()).isEmpty();
    assertThat(state.recent().getLast().replyTo())
        .isEqualTo(new ChatMessage.Quote(8, "id8", "u1", "Ada", null, true));
    assertThat(state.recentChanges())
        .extracting(RoomState.ChangeMark::seq)
        .containsExactly(10L, 11L, 12L, 13L, 14L);
    assertThat(state.knownFrom()).isEqualTo(8);
  }

  @Test
  void the_rooms_memory_forgets_the_changes_older_than_its_oldest_message() {
    RoomState state = new RoomState(0, 2);
    RoomLogic.stored(
        state,
        List.of(new RoomEntity.Post(ADA_TAB_1, "a", null)),
        List.of(new AppendOutcome.Stored(new ChatMessage(1, "id1", "u1", "Ada", "a", 1L))),
        1L);
    state.apply(change(2, Change.Kind.EDIT, 1, "b", null));
    state.remember(new ChatMessage(3, "id3", "u1", "Ada", "c", 1L));
    assertThat(state.knownFrom()).isEqualTo(1);
    state.remember(new ChatMessage(4, "id4", "u1", "Ada", "d", 1L));
    assertThat(state.recent()).extracting(ChatMessage::seq).containsExactly(3L, 4L);
    assertThat(state.recentChanges()).isEmpty();
    assertThat(state.knownFrom()).isEqualTo(3);
  }

  @Test
  void
      the_rules_of_changes_let_only_the_author_edit_or_delete_and_spot_reactions_that_change_nothing() {
    NewChange.Target adas = new NewChange.Target(8, "u1", false);
    NewChange.Target gone = new NewChange.Target(8, "u1", true);
    assertThat(newChange("u1", Change.Kind.EDIT).judge(adas, false))
        .isEqualTo(NewChange.Verdict.APPLY);
    assertThat(newChange("u2", Change.Kind.EDIT).judge(adas, false))
        .isEqualTo(NewChange.Verdict.FORBIDDEN);
    assertThat(newChange("u2", Change.Kind.DELETE).judge(adas, false))
        .isEqualTo(NewChange.Verdict.FORBIDDEN);
    assertThat(newChange("u1", Change.Kind.DELETE).judge(gone, false))
        .isEqualTo(NewChange.Verdict.NOT_FOUND);
    assertThat(newChange("u1", Change.Kind.EDIT).judge(null, false))
        .isEqualTo(NewChange.Verdict.NOT_FOUND);
    assertThat(newChange("u2", Change.Kind.REACT).judge(adas, false))
        .isEqualTo(NewChange.Verdict.APPLY);
    assertThat(newChange("u2", Change.Kind.REACT).judge(adas, true))
        .isEqualTo(NewChange.Verdict.UNCHANGED);
    assertThat(newChange("u2", Change.Kind.UNREACT).judge(adas, false))
        .isEqualTo(NewChange.Verdict.UNCHANGED);
    assertThat(newChange("u2", Change.Kind.UNREACT).judge(adas, true))
        .isEqualTo(NewChange.Verdict.APPLY);
    assertThat(newChange("u2", Change.Kind.REACT).judge(gone, false))
        .isEqualTo(NewChange.Verdict.NOT_FOUND);
  }

  private static NewChange newChange(String userId, Change.Kind kind) {
    return new NewChange("x", userId, "Ada", kind, "id8", "t", "👍", 1L, "c");
  }

  @Test
  void reactions_are_summed_per_emoji_in_the_order_of_first_use_with_the_viewers_own_marked() {
    List<ChatMessage.Reaction> rows =
        List.of(
            new ChatMessage.Reaction("🎉", "u2", 5L),
            new ChatMessage.Reaction("👍", "u1", 3L),
            new ChatMessage.Reaction("👍", "u2", 7L));
    assertThat(ReactionSummary.of(rows, "u2"))
        .containsExactly(new ReactionSummary("👍", 2, true), new ReactionSummary("🎉", 1, true));
    assertThat(ReactionSummary.of(rows, "u1"))
        .containsExactly(new ReactionSummary("👍", 2, true), new ReactionSummary("🎉", 1, false));
    assertThat(ReactionSummary.of(rows, null))
        .extracting(ReactionSummary::mine)
        .containsOnly(false);
  }

  private static final Occupant ADA_SIGNED_IN = new Occupant("s5", ADA, true);

  /** A room at seq {@code seq} whose newest messages are {@code recent}, from senders in turn. */
  private static RoomState roomWith(long seq, int capacity, List<ChatMessage> recent) {
    return RoomState.restored(seq, List.of(), recent, capacity);
  }

  private static List<ChatMessage> messages(long from, long to, String... senders) {
    List<ChatMessage> messages = new ArrayList<>();
    for (long seq = from; seq <= to; seq++) {
      String sender = senders[(int) ((seq - from) % senders.length)];
      messages.add(new ChatMessage(seq, "id" + seq, sender, sender, "m" + seq, seq));
    }
    return messages;
  }

  @Test
  void a_persons_first_join_puts_their_marker_at_the_rooms_seq_and_later_joins_keep_it() {
    RoomState state = roomWith(7, 50, messages(1, 7, "u2"));
    RoomLogic.join(state, ADA_SIGNED_IN, LIMIT);
    assertThat(state.lastRead("u1")).isEqualTo(7);
    assertThat(state.unreadFromRecent("u1", 7)).isZero();
    assertThat(state.readMarkers().takeUnsaved()).containsExactly(new ReadMarker("u1", 7));
    state.setSeq(9);
    RoomLogic.join(state, new Occupant("s6", ADA, true), LIMIT);
    assertThat(state.lastRead("u1")).isEqualTo(7);
    assertThat(state.readMarkers().hasUnsaved()).isFalse();
  }

  @Test
  void a_read_is_clamped_to_the_rooms_seq_and_never_moves_a_marker_back() {
    RoomState state = roomWith(5, 50, messages(1, 5, "u2"));
    state.readMarkers().load(List.of(new ReadMarker("u1", 2)));
    assertThat(RoomLogic.read(state, ADA_SIGNED_IN, 99)).isEqualTo(OptionalLong.of(5));
    assertThat(RoomLogic.read(state, ADA_SIGNED_IN, 3)).isEmpty();
    assertThat(RoomLogic.read(state, ADA_SIGNED_IN, 5)).isEmpty();
    assertThat(state.lastRead("u1")).isEqualTo(5);
    assertThat(state.readMarkers().takeUnsaved())
        .as("one write, at the newest position")
        .containsExactly(new ReadMarker("u1", 5));
  }

  @Test
  void a_moved_marker_goes_to_every_socket_of_the_person() {
    assertThat(RoomLogic.markerMoved("u1", 4, 2))
        .containsExactly(new Effect(Audience.person("u1"), new ServerFrame.Read(4, 2)));
  }

  @Test
  void unread_counts_the_messages_after_the_marker_that_others_sent() {
    RoomState state = roomWith(10, 50, messages(1, 10, "u1", "u2"));
    assertThat(state.unreadFromRecent("u1", 0)).isEqualTo(5);
    assertThat(state.unreadFromRecent("u1", 7)).isEqualTo(2);
    assertThat(state.unreadFromRecent("u2", 7)).isEqualTo(1);
    assertThat(state.unreadFromRecent("u3", 10)).isZero();
  }

  @Test
  void unread_behind_the_newest_messages_in_memory_is_left_to_the_store() {
    RoomState state = roomWith(10, 4, messages(7, 10, "u2"));
    assertThat(state.unreadFromRecent("u1", 6)).as("the oldest in memory follows").isEqualTo(4);
    assertThat(state.unreadFromRecent("u1", 5)).as("seq 6 is not in memory").isNull();
    assertThat(roomWith(10, 0, List.of()).unreadFromRecent("u1", 3)).isNull();
  }

  @Test
  void a_room_that_keeps_no_messages_in_memory_leaves_every_count_to_the_store() {
    RoomState state = roomWith(10, 0, List.of());
    RoomLogic.stored(
        state,
        List.of(new RoomEntity.Post(BOB_TAB, "yo", null)),
        List.of(new AppendOutcome.Stored(new ChatMessage(11, "id11", "u2", "Bob", "yo", 1L))),
        1L);
    assertThat(state.unreadFromRecent("u1", 10)).isNull();
  }

  @Test
  void a_room_with_fewer_messages_than_memory_holds_counts_them_all_from_memory() {
    RoomState state = roomWith(6, 50, messages(4, 6, "u2"));
    assertThat(state.unreadFromRecent("u1", 0)).as("seqs 1-3 are gone for good").isEqualTo(3);
  }

  @Test
  void a_guests_marker_is_never_stored_and_is_forgotten_when_they_leave() {
    RoomState state = roomWith(3, 50, messages(1, 3, "u2"));
    RoomLogic.join(state, ADA_TAB_1, LIMIT);
    RoomLogic.join(state, ADA_TAB_2, LIMIT);
    state.setSeq(4);
    assertThat(RoomLogic.read(state, ADA_TAB_1, 4)).isEqualTo(OptionalLong.of(4));
    assertThat(state.readMarkers().hasUnsaved()).isFalse();
    RoomLogic.leave(state, ADA_TAB_1.socketId());
    assertThat(state.lastRead("u1")).as("another tab is still here").isEqualTo(4);
    RoomLogic.leave(state, ADA_TAB_2.socketId());
    assertThat(state.readMarkers().size()).isZero();
  }

  @Test
  void a_signed_in_persons_marker_stays_after_they_leave() {
    RoomState state = roomWith(3, 50, messages(1, 3, "u2"));
    RoomLogic.join(state, ADA_SIGNED_IN, LIMIT);
    RoomLogic.leave(state, ADA_SIGNED_IN.socketId());
    assertThat(state.lastRead("u1")).isEqualTo(3);
  }

  @Test
  void a_failed_write_of_markers_is_written_again_at_the_newest_position() {
    RoomState state = roomWith(9, 50, messages(1, 9, "u2"));
    state.readMarkers().load(List.of(new ReadMarker("u1", 1)));
    RoomLogic.read(state, ADA_SIGNED_IN, 4);
    List<ReadMarker> failed = state.readMarkers().takeUnsaved();
    RoomLogic.read(state, ADA_SIGNED_IN, 6);
    state.readMarkers().unsavedAgain(failed);
    assertThat(state.readMarkers().takeUnsaved()).containsExactly(new ReadMarker("u1", 6));
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
