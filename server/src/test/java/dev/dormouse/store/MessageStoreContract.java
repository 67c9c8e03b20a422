package dev.dormouse.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.dormouse.access.AuditAction;
import dev.dormouse.access.AuditEntry;
import dev.dormouse.protocol.ChatMessage;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.room.RoomId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link MessageStore} must do; one subclass per database runs it. */
abstract class MessageStoreContract {

  protected MessageStore store;
  private RoomId room;

  protected abstract MessageStore open();

  /** The database itself, to look at what no store method shows, and to write rows by hand. */
  protected abstract Connection connect() throws SQLException;

  @BeforeEach
  void openStore() {
    store = open();
    room = new RoomId("r-" + UUID.randomUUID().toString().substring(0, 8));
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void a_room_that_never_had_a_message_has_latest_seq_zero() {
    assertThat(store.latestSeq(room).toCompletableFuture().join()).isZero();
  }

  @Test
  void a_read_marker_is_created_then_only_moves_forward() {
    String ada = person();
    saveMarker(room, ada, 0);
    assertThat(markers(room)).containsExactly(new ReadMarker(ada, 0));
    saveMarker(room, ada, 5);
    saveMarker(room, ada, 3);
    assertThat(markers(room)).containsExactly(new ReadMarker(ada, 5));
  }

  @Test
  void read_markers_are_per_person_and_room() {
    String ada = person();
    String bob = person();
    RoomId other = new RoomId(room.value() + "-other");
    store
        .saveReadMarkers(room, List.of(new ReadMarker(ada, 2), new ReadMarker(bob, 4)), 1L)
        .toCompletableFuture()
        .join();
    saveMarker(other, ada, 9);
    assertThat(markers(room))
        .containsExactlyInAnyOrder(new ReadMarker(ada, 2), new ReadMarker(bob, 4));
    assertThat(markers(other)).containsExactly(new ReadMarker(ada, 9));
  }

  @Test
  void unread_counts_only_undeleted_messages_of_others_in_the_range() throws SQLException {
    String ada = person();
    append(
        0,
        message("from bob", null, "bob"),
        message("from ada", null, ada),
        message("deleted", null, "bob"),
        message("from cy", null, "cy"),
        message("after the range", null, "bob"));
    markDeleted(room, 3);
    insertChange(room, 6, "edit", 1, "bob");
    assertThat(unread(ada, 0, 4)).isEqualTo(2);
    assertThat(unread(ada, 1, 4)).isEqualTo(1);
    assertThat(unread(ada, 0, 6)).isEqualTo(3);
    assertThat(unread("bob", 0, 6)).isEqualTo(2);
    assertThat(unread(ada, 5, 6)).isZero();
  }

  @Test
  void a_persons_rooms_come_newest_latest_message_first_and_empty_rooms_last() throws SQLException {
    String ada = person();
    RoomId quiet = new RoomId(room.value() + "-quiet");
    RoomId older = new RoomId(room.value() + "-older");
    RoomId newer = new RoomId(room.value() + "-newer");
    saveMarker(quiet, ada, 0);
    store
        .append(older, 0, List.of(timed("old news", "bob", 1_000), timed("mine", ada, 2_000)))
        .toCompletableFuture()
        .join();
    store
        .append(
            newer,
            0,
            List.of(
                timed("one", "bob", 3_000),
                timed("two", "bob", 4_000),
                timed("gone", "bob", 5_000)))
        .toCompletableFuture()
        .join();
    markDeleted(newer, 3);
    insertChange(newer, 4, "edit", 2, "bob");
    saveMarker(older, ada, 0);
    saveMarker(newer, ada, 1);
    saveMarker(newer, person(), 0);

    List<RoomSummary> rooms = store.roomsOf(ada, 200).toCompletableFuture().join();
    assertThat(rooms).extracting(RoomSummary::room).containsExactly(newer, older, quiet);
    RoomSummary first = rooms.get(0);
    assertThat(first.lastRead()).isEqualTo(1);
    assertThat(first.unread()).isEqualTo(1);
    assertThat(first.seq()).isEqualTo(4);
    assertThat(first.latest().message()).isEqualTo("two");
    assertThat(first.latest().seq()).isEqualTo(2);
    assertThat(rooms.get(1).unread()).isEqualTo(1);
    assertThat(rooms.get(1).latest().message()).isEqualTo("mine");
    assertThat(rooms.get(2)).isEqualTo(new RoomSummary(quiet, null, 0, 0, 0, null));
    assertThat(store.roomsOf(ada, 2).toCompletableFuture().join())
        .extracting(RoomSummary::room)
        .containsExactly(newer, older);
    assertThat(store.roomsOf(person(), 200).toCompletableFuture().join()).isEmpty();
  }

  @Test
  void a_batch_is_numbered_from_the_head_in_order() {
    List<AppendOutcome> outcomes = append(0, message("a", null), message("b", null));
    assertThat(outcomes).extracting(AppendOutcome::seq).containsExactly(1L, 2L);
    assertThat(append(2, message("c", null))).extracting(AppendOutcome::seq).containsExactly(3L);
    assertThat(store.latestSeq(room).toCompletableFuture().join()).isEqualTo(3);
  }

  @Test
  void a_known_client_id_is_a_duplicate_and_burns_no_seq() {
    append(0, message("a", "c1"));
    List<AppendOutcome> outcomes =
        append(1, message("a", "c1"), message("b", "c2"), message("b", "c2"));
    assertThat(outcomes)
        .containsExactly(
            new AppendOutcome.Duplicate(1), outcomes.get(1), new AppendOutcome.Duplicate(2));
    assertThat(outcomes.get(1)).isInstanceOf(AppendOutcome.Stored.class);
    assertThat(outcomes.get(1).seq()).isEqualTo(2);
  }

  @Test
  void client_ids_are_per_room() {
    append(0, message("a", "c1"));
    RoomId other = new RoomId(room.value() + "-other");
    List<AppendOutcome> outcomes =
        store.append(other, 0, List.of(message("a", "c1"))).toCompletableFuture().join();
    assertThat(outcomes.get(0)).isInstanceOf(AppendOutcome.Stored.class);
  }

  @Test
  void writing_a_seq_twice_fails_rather_than_overwrite() {
    append(0, message("a", null));
    assertThat(store.append(room, 0, List.of(message("b", null))).toCompletableFuture())
        .failsWithin(java.time.Duration.ofSeconds(10));
    assertThat(page(store.before(room, Long.MAX_VALUE, 10)))
        .extracting(ChatMessage::message)
        .containsExactly("a");
  }

  @Test
  void batches_of_many_rooms_committed_together_succeed_or_fail_each_on_its_own() {
    RoomId other = new RoomId(room.value() + "-b");
    var first = store.append(room, 0, List.of(message("a1", null))).toCompletableFuture();
    var conflicting = store.append(room, 0, List.of(message("a2", null))).toCompletableFuture();
    var elsewhere = store.append(other, 0, List.of(message("b1", null))).toCompletableFuture();
    assertThat(first.join()).extracting(AppendOutcome::seq).containsExactly(1L);
    assertThat(conflicting).failsWithin(java.time.Duration.ofSeconds(10));
    assertThat(elsewhere.join()).extracting(AppendOutcome::seq).containsExactly(1L);
    assertThat(page(store.after(room, 0, 10)))
        .extracting(ChatMessage::message)
        .containsExactly("a1");
    assertThat(page(store.after(other, 0, 10)))
        .extracting(ChatMessage::message)
        .containsExactly("b1");
  }

  @Test
  void pages_go_backwards_and_forwards_oldest_first() {
    List<NewMessage> batch = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      batch.add(message("m" + i, null));
    }
    append(0, batch.toArray(NewEntry[]::new));

    Page newest = store.before(room, Long.MAX_VALUE, 2).toCompletableFuture().join();
    assertThat(newest.messages()).extracting(ChatMessage::seq).containsExactly(4L, 5L);
    assertThat(newest.hasMore()).isTrue();
    Page oldest = store.before(room, 3, 5).toCompletableFuture().join();
    assertThat(oldest.messages()).extracting(ChatMessage::seq).containsExactly(1L, 2L);
    assertThat(oldest.hasMore()).isFalse();
    Page after = store.after(room, 2, 2).toCompletableFuture().join();
    assertThat(after.messages()).extracting(ChatMessage::seq).containsExactly(3L, 4L);
    assertThat(after.hasMore()).isTrue();
    assertThat(after.messages().get(0).message()).isEqualTo("m3");
  }

  @Test
  void a_stored_message_keeps_every_field() {
    NewMessage sent =
        new NewMessage("id-1", "u1", "Ada", "multi\nline ✓", 1_764_208_800_000L, "c1");
    append(0, sent);
    ChatMessage read = page(store.after(room, 0, 1)).get(0);
    assertThat(read)
        .isEqualTo(new ChatMessage(1, "id-1", "u1", "Ada", "multi\nline ✓", 1_764_208_800_000L));
  }

  @Test
  void retention_by_count_keeps_the_newest_and_never_rewinds_the_seq() {
    append(0, message("m1", null), message("m2", null), message("m3", null), message("m4", null));
    store.prune(new Retention(2, null), 1L).toCompletableFuture().join();
    assertThat(page(store.after(room, 0, 10))).extracting(ChatMessage::seq).containsExactly(3L, 4L);
    assertThat(store.oldestSeq(room).toCompletableFuture().join()).isEqualTo(3);
    assertThat(store.latestSeq(room).toCompletableFuture().join()).isEqualTo(4);
  }

  @Test
  void retention_by_age_may_empty_a_room_but_its_next_message_still_gets_the_next_seq() {
    append(0, message("old", "c-old"));
    store
        .prune(new Retention(0, java.time.Duration.ofSeconds(1)), 1L + 10_000)
        .toCompletableFuture()
        .join();
    assertThat(store.oldestSeq(room).toCompletableFuture().join()).isZero();
    assertThat(store.latestSeq(room).toCompletableFuture().join()).isEqualTo(1);
    assertThat(append(1, message("new", null))).extracting(AppendOutcome::seq).containsExactly(2L);
  }

  @Test
  void an_edit_by_the_author_is_an_entry_of_its_own_and_the_message_shows_the_new_text() {
    append(0, message("m-1", "u1", "first", null), message("m-2", "u1", "second", null));
    List<AppendOutcome> outcomes = append(2, change("c-1", "u1", Change.Kind.EDIT, "m-1", "fixed"));
    assertThat(outcomes)
        .singleElement()
        .isInstanceOfSatisfying(
            AppendOutcome.Changed.class,
            changed -> {
              assertThat(changed.change().seq()).isEqualTo(3);
              assertThat(changed.change().target()).isEqualTo(1);
              assertThat(changed.change().targetId()).isEqualTo("m-1");
              assertThat(changed.change().text()).isEqualTo("fixed");
            });
    assertThat(store.latestSeq(room).toCompletableFuture().join()).isEqualTo(3);
    List<ChatMessage> messages = page(store.after(room, 0, 10));
    assertThat(messages).extracting(ChatMessage::seq).containsExactly(1L, 2L);
    assertThat(messages.get(0).message()).isEqualTo("fixed");
    assertThat(messages.get(0).edited()).isEqualTo(5L);
    assertThat(messages.get(1).edited()).isNull();
    assertThat(entries(0, 3))
        .extracting(LogEntry::seq, e -> e.getClass().getSimpleName())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, "Posted"),
            org.assertj.core.groups.Tuple.tuple(2L, "Posted"),
            org.assertj.core.groups.Tuple.tuple(3L, "Changed"));
  }

  @Test
  void changes_that_break_a_rule_are_refused_and_take_no_seq() {
    append(0, message("m-1", "u1", "mine", null));
    append(1, change("c-1", "u1", Change.Kind.DELETE, "m-1", null));
    append(2, message("m-3", "u1", "other", null));
    List<AppendOutcome> outcomes =
        append(
            3,
            change("c-2", "u2", Change.Kind.EDIT, "m-3", "not yours"),
            change("c-3", "u2", Change.Kind.DELETE, "m-3", null),
            change("c-4", "u1", Change.Kind.EDIT, "nope", "x"),
            change("c-5", "u1", Change.Kind.EDIT, "m-1", "back from the dead"),
            reaction("c-6", "u2", "m-1", "👍", true),
            reply("m-7", "nope"),
            reply("m-8", "m-1"));
    assertThat(outcomes)
        .extracting(o -> ((AppendOutcome.Refused) o).code())
        .containsExactly(
            ErrorCode.FORBIDDEN,
            ErrorCode.FORBIDDEN,
            ErrorCode.NOT_FOUND,
            ErrorCode.NOT_FOUND,
            ErrorCode.NOT_FOUND,
            ErrorCode.NOT_FOUND,
            ErrorCode.NOT_FOUND);
    assertThat(store.latestSeq(room).toCompletableFuture().join()).isEqualTo(3);
    assertThat(page(store.after(room, 0, 10)))
        .extracting(ChatMessage::message)
        .containsExactly("", "other");
    // A refused write's clientId is not taken: it may be used again.
    assertThat(append(3, change("c-2", "u1", Change.Kind.EDIT, "m-3", "mine now")))
        .singleElement()
        .isInstanceOf(AppendOutcome.Changed.class);
  }

  @Test
  void a_delete_leaves_a_tombstone_and_erases_the_excerpts_quoting_it() {
    append(0, message("m-1", "u1", "regrettable", null));
    append(1, reply("m-2", "m-1"), reaction("c-1", "u2", "m-1", "👍", true));
    append(3, change("c-2", "u1", Change.Kind.EDIT, "m-1", "still regrettable"));
    List<AppendOutcome> deleted = append(4, change("c-3", "u1", Change.Kind.DELETE, "m-1", null));
    assertThat(deleted.getFirst().seq()).isEqualTo(5);
    List<ChatMessage> messages = page(store.after(room, 0, 10));
    ChatMessage tombstone = messages.get(0);
    assertThat(tombstone.message()).isEmpty();
    assertThat(tombstone.deleted()).isEqualTo(5L);
    assertThat(tombstone.edited()).isNull();
    assertThat(tombstone.reactions()).isEmpty();
    assertThat(tombstone.id()).isEqualTo("m-1");
    assertThat(tombstone.from()).isEqualTo("u1");
    assertThat(messages.get(1).replyTo())
        .isEqualTo(new ChatMessage.Quote(1, "m-1", "u1", "Ada", null, true));
    // Reacting to, replying to or editing a tombstone finds nothing.
    assertThat(append(5, reaction("c-4", "u2", "m-1", "❤️", true)).getFirst())
        .isInstanceOf(AppendOutcome.Refused.class);
  }

  @Test
  void a_moderators_delete_is_stored_with_its_reason_and_spares_whom_it_must() {
    append(0, message("m-1", "u1", "spam", null), message("m-2", "u3", "the owner's", null));
    NewChange refused = moderatorDelete("u9", "m-2", "no", java.util.Set.of("u3"));
    assertThat(append(2, refused).getFirst()).isInstanceOf(AppendOutcome.Refused.class);
    NewChange plain = change(null, "u9", Change.Kind.DELETE, "m-1", null);
    assertThat(append(2, plain).getFirst()).isInstanceOf(AppendOutcome.Refused.class);

    List<AppendOutcome> deleted =
        append(2, moderatorDelete("u9", "m-1", "spam, twice", java.util.Set.of("u3")));
    Change change = ((AppendOutcome.Changed) deleted.getFirst()).change();
    assertThat(change.moderated()).isTrue();
    assertThat(change.reason()).isEqualTo("spam, twice");
    ChatMessage tombstone = page(store.after(room, 0, 10)).getFirst();
    assertThat(tombstone.deleted()).isEqualTo(5L);
    assertThat(tombstone.moderated()).isTrue();
    assertThat(tombstone.deleteReason()).isEqualTo("spam, twice");
    Change replayed = ((LogEntry.Changed) entries(2, 3).getFirst()).change();
    assertThat(replayed.moderated()).isTrue();
    assertThat(replayed.reason()).isEqualTo("spam, twice");
    assertThat(store.updated(room, 2, 3, 2).toCompletableFuture().join())
        .singleElement()
        .satisfies(m -> assertThat(m.moderated()).isTrue());
    // The delete is on the audit log, written with it; the refused one is not.
    assertThat(store.rooms().auditLog(room, null, 10).toCompletableFuture().join().entries())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.target()).isEqualTo("m-1");
              assertThat(a.reason()).isEqualTo("spam, twice");
            });

    // A moderator deleting their own message is no moderator's delete.
    append(3, message("m-4", "u9", "oops", null));
    Change own =
        ((AppendOutcome.Changed)
                append(4, moderatorDelete("u9", "m-4", null, java.util.Set.of())).getFirst())
            .change();
    assertThat(own.moderated()).isFalse();
    assertThat(page(store.after(room, 3, 10)).getFirst().moderated()).isFalse();
    // A delete without a reason is still a moderator's.
    append(5, message("m-6", "u1", "more", null));
    append(6, moderatorDelete("u9", "m-6", null, java.util.Set.of()));
    ChatMessage silent = page(store.after(room, 5, 10)).getFirst();
    assertThat(silent.moderated()).isTrue();
    assertThat(silent.deleteReason()).isNull();
    assertThat(((LogEntry.Changed) entries(6, 7).getFirst()).change().reason()).isNull();
  }

  private static NewChange moderatorDelete(
      String userId, String target, String reason, java.util.Set<String> shielded) {
    return new NewChange(
        UUID.randomUUID().toString().substring(0, 12),
        userId,
        "Mod",
        Change.Kind.DELETE,
        target,
        reason,
        null,
        5L,
        null,
        true,
        shielded,
        new AuditEntry(
            "a-" + target,
            5L,
            new UserRef(userId, "Mod"),
            AuditAction.MESSAGE_DELETED,
            target,
            reason,
            Map.of()));
  }

  @Test
  void a_reply_quotes_an_excerpt_of_its_target_even_one_of_the_same_batch() {
    String longText = "🦔".repeat(130);
    List<AppendOutcome> outcomes =
        append(0, message("m-1", "u1", longText, null), reply("m-2", "m-1"));
    ChatMessage.Quote expected =
        new ChatMessage.Quote(1, "m-1", "u1", "Ada", "🦔".repeat(120), false);
    assertThat(((AppendOutcome.Stored) outcomes.get(1)).message().replyTo()).isEqualTo(expected);
    assertThat(page(store.after(room, 1, 10)).getFirst().replyTo()).isEqualTo(expected);
    // The quote keeps the text the reply answered, whatever the target says later.
    append(2, change("c-1", "u1", Change.Kind.EDIT, "m-1", "short"));
    assertThat(page(store.after(room, 1, 10)).getFirst().replyTo()).isEqualTo(expected);
  }

  @Test
  void a_reaction_is_one_per_person_and_emoji_and_one_that_changes_nothing_is_not_stored() {
    append(0, message("m-1", "u1", "vote", null));
    List<AppendOutcome> outcomes =
        append(
            1,
            reaction("c-1", "u1", "m-1", "👍", true),
            reaction("c-2", "u2", "m-1", "👍", true),
            reaction("c-3", "u2", "m-1", "👍", true),
            reaction("c-4", "u2", "m-1", "🎉", true),
            reaction("c-5", "u1", "m-1", "👍", false),
            reaction("c-6", "u1", "m-1", "👍", false));
    assertThat(outcomes.get(0)).isInstanceOf(AppendOutcome.Changed.class);
    assertThat(((AppendOutcome.Changed) outcomes.get(1)).change().count()).isEqualTo(2);
    assertThat(outcomes.get(2)).isEqualTo(new AppendOutcome.Unchanged(3));
    assertThat(((AppendOutcome.Changed) outcomes.get(4)).change())
        .satisfies(
            c -> {
              assertThat(c.kind()).isEqualTo(Change.Kind.UNREACT);
              assertThat(c.count()).isEqualTo(1);
              assertThat(c.seq()).isEqualTo(5);
              assertThat(c.user()).isEqualTo(new dev.dormouse.protocol.UserRef("u1", "Ada"));
            });
    assertThat(outcomes.get(5)).isEqualTo(new AppendOutcome.Unchanged(5));
    ChatMessage voted = page(store.after(room, 0, 1)).getFirst();
    assertThat(dev.dormouse.protocol.ReactionSummary.of(voted.reactions(), "u2"))
        .containsExactly(
            new dev.dormouse.protocol.ReactionSummary("👍", 1, true),
            new dev.dormouse.protocol.ReactionSummary("🎉", 1, true));
    assertThat(dev.dormouse.protocol.ReactionSummary.of(voted.reactions(), "u1"))
        .extracting(dev.dormouse.protocol.ReactionSummary::mine)
        .containsExactly(false, false);
  }

  @Test
  void a_change_resent_under_its_client_id_is_a_duplicate_with_the_original_seq() {
    append(0, message("m-1", "u1", "a", null));
    append(1, change("c-1", "u1", Change.Kind.EDIT, "m-1", "b"));
    append(2, change("c-2", "u1", Change.Kind.DELETE, "m-1", null));
    assertThat(
            append(
                3,
                change("c-1", "u1", Change.Kind.EDIT, "m-1", "b"),
                change("c-2", "u1", Change.Kind.DELETE, "m-1", null)))
        .containsExactly(new AppendOutcome.Duplicate(2), new AppendOutcome.Duplicate(3));
    assertThat(store.latestSeq(room).toCompletableFuture().join()).isEqualTo(3);
  }

  @Test
  void entries_read_changes_back_as_changes_and_updated_finds_older_messages_changed_since() {
    append(0, message("m-1", "u1", "one", null), message("m-2", "u1", "two", null));
    append(
        2,
        change("c-1", "u1", Change.Kind.EDIT, "m-1", "uno"),
        reaction("c-2", "u2", "m-2", "👍", true),
        message("m-5", "u2", "five", null),
        change("c-3", "u2", Change.Kind.EDIT, "m-5", "cinco"));
    List<LogEntry> entries = entries(2, 6);
    assertThat(entries).extracting(LogEntry::seq).containsExactly(3L, 4L, 5L, 6L);
    Change reacted = ((LogEntry.Changed) entries.get(1)).change();
    assertThat(reacted.kind()).isEqualTo(Change.Kind.REACT);
    assertThat(reacted.targetId()).isEqualTo("m-2");
    assertThat(reacted.emoji()).isEqualTo("👍");
    assertThat(reacted.count()).isEqualTo(1);
    assertThat(((LogEntry.Posted) entries.get(2)).message().message()).isEqualTo("cinco");
    assertThat(store.updated(room, 2, 6, 2).toCompletableFuture().join())
        .extracting(ChatMessage::seq, ChatMessage::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, "uno"),
            org.assertj.core.groups.Tuple.tuple(2L, "two"));
    assertThat(store.updated(room, 3, 6, 3).toCompletableFuture().join())
        .extracting(ChatMessage::seq)
        .containsExactly(2L);
    assertThat(store.updated(room, 4, 6, 4).toCompletableFuture().join()).isEmpty();
    assertThat(store.recentChanges(room, 0, 2).toCompletableFuture().join())
        .extracting(Change::seq)
        .containsExactly(4L, 6L);
  }

  @Test
  void retention_erases_the_quotes_of_the_messages_it_deletes() throws Exception {
    append(0, message("m-1", "u1", "the quoted words", null), reply("m-2", "m-1"));
    store.prune(new Retention(1, null), 1L).toCompletableFuture().join();
    assertThat(page(store.after(room, 0, 10))).extracting(ChatMessage::seq).containsExactly(2L);
    try (java.sql.Connection connection = connect();
        java.sql.PreparedStatement st =
            connection.prepareStatement(
                "SELECT COUNT(*) FROM messages WHERE room_id = ? AND reply_excerpt IS NOT NULL")) {
      st.setString(1, room.value());
      try (java.sql.ResultSet rs = st.executeQuery()) {
        rs.next();
        assertThat(rs.getLong(1)).as("excerpts left of pruned messages").isZero();
      }
    }
  }

  @Test
  void retention_takes_the_reactions_of_the_messages_it_deletes() {
    append(0, message("m-1", "u1", "old", null), message("m-2", "u1", "new", null));
    append(2, reaction("c-1", "u2", "m-1", "👍", true), reaction("c-2", "u2", "m-2", "👍", true));
    store.prune(new Retention(3, null), 1L).toCompletableFuture().join();
    assertThat(store.oldestSeq(room).toCompletableFuture().join()).isEqualTo(2);
    assertThat(page(store.after(room, 0, 10)).getFirst().reactions()).hasSize(1);
    assertThat(orphanReactions()).isZero();
  }

  @Test
  void the_store_reports_itself_healthy() {
    assertThat(store.isHealthy().toCompletableFuture().join()).isTrue();
  }

  private static String person() {
    return "u_" + UUID.randomUUID().toString().substring(0, 8);
  }

  private void saveMarker(RoomId in, String userId, long lastRead) {
    store
        .saveReadMarkers(in, List.of(new ReadMarker(userId, lastRead)), 1L)
        .toCompletableFuture()
        .join();
  }

  private List<ReadMarker> markers(RoomId in) {
    return store.readMarkers(in).toCompletableFuture().join();
  }

  private long unread(String userId, long after, long upTo) {
    return store.unreadCount(room, userId, after, upTo).toCompletableFuture().join();
  }

  private void markDeleted(RoomId in, long seq) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement st =
            connection.prepareStatement(
                "UPDATE messages SET body = '', deleted_at = 9 WHERE room_id = ? AND seq = ?")) {
      st.setString(1, in.value());
      st.setLong(2, seq);
      assertThat(st.executeUpdate()).isEqualTo(1);
    }
  }

  /** A change entry of the log (an edit, say): it has a seq but is not a message. */
  private void insertChange(RoomId in, long seq, String kind, long targetSeq, String userId)
      throws SQLException {
    try (Connection connection = connect();
        PreparedStatement st =
            connection.prepareStatement(
                "INSERT INTO messages (room_id, seq, id, user_id, user_name, body, created_at,"
                    + " kind, target_seq) VALUES (?, ?, ?, ?, 'Bob', '', 9, ?, ?)");
        PreparedStatement head =
            connection.prepareStatement("UPDATE rooms SET last_seq = ? WHERE room_id = ?")) {
      st.setString(1, in.value());
      st.setLong(2, seq);
      st.setString(3, UUID.randomUUID().toString().substring(0, 12));
      st.setString(4, userId);
      st.setString(5, kind);
      st.setLong(6, targetSeq);
      st.executeUpdate();
      head.setLong(1, seq);
      head.setString(2, in.value());
      head.executeUpdate();
    }
  }

  @Test
  void each_persons_newest_message_since_a_time_is_found_for_slow_mode() {
    append(
        0,
        timed("old", "u1", 1_000L),
        timed("first", "u1", 5_000L),
        timed("second", "u1", 6_000L),
        timed("bo's", "u2", 5_500L),
        timed("too old", "u3", 2_000L));

    List<LastPost> posts = store.lastPostsSince(room, 4_000L).toCompletableFuture().join();

    assertThat(posts)
        .extracting(LastPost::userId, LastPost::at)
        .containsExactlyInAnyOrder(tuple("u1", 6_000L), tuple("u2", 5_500L));
  }

  private static NewMessage message(String text, String clientId, String userId) {
    return new NewMessage(
        UUID.randomUUID().toString().substring(0, 12), userId, "Someone", text, 1L, clientId);
  }

  private static NewMessage timed(String text, String userId, long timestamp) {
    return new NewMessage(
        UUID.randomUUID().toString().substring(0, 12), userId, "Someone", text, timestamp, null);
  }

  private List<AppendOutcome> append(long head, NewEntry... messages) {
    return store.append(room, head, List.of(messages)).toCompletableFuture().join();
  }

  private static List<ChatMessage> page(java.util.concurrent.CompletionStage<Page> page) {
    return page.toCompletableFuture().join().messages();
  }

  private List<LogEntry> entries(long after, long through) {
    return store.entries(room, after, through).toCompletableFuture().join();
  }

  /** Reactions of this room whose message is gone. */
  private long orphanReactions() {
    try (java.sql.Connection connection = connect();
        java.sql.PreparedStatement st =
            connection.prepareStatement(
                "SELECT COUNT(*) FROM reactions r WHERE r.room_id = ? AND NOT EXISTS"
                    + " (SELECT 1 FROM messages m WHERE m.room_id = r.room_id"
                    + " AND m.seq = r.message_seq)")) {
      st.setString(1, room.value());
      try (java.sql.ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static NewMessage message(String id, String userId, String text, String clientId) {
    return new NewMessage(id, userId, "Ada", text, 1L, clientId);
  }

  private static NewMessage reply(String id, String replyTo) {
    return new NewMessage(id, "u2", "Bo", "re", 2L, null, replyTo);
  }

  private static NewChange change(
      String clientId, String userId, Change.Kind kind, String target, String text) {
    return new NewChange(
        UUID.randomUUID().toString().substring(0, 12),
        userId,
        "Ada",
        kind,
        target,
        text,
        null,
        5L,
        clientId);
  }

  private static final java.util.concurrent.atomic.AtomicLong clock =
      new java.util.concurrent.atomic.AtomicLong(100);

  /** A reaction, each a millisecond after the last, so the order of first use is plain. */
  private static NewChange reaction(
      String clientId, String userId, String target, String emoji, boolean on) {
    return new NewChange(
        UUID.randomUUID().toString().substring(0, 12),
        userId,
        "Ada",
        on ? Change.Kind.REACT : Change.Kind.UNREACT,
        target,
        null,
        emoji,
        clock.incrementAndGet(),
        clientId);
  }

  private static NewMessage message(String text, String clientId) {
    return new NewMessage(
        UUID.randomUUID().toString().substring(0, 12), "u1", "Ada", text, 1L, clientId);
  }
}
