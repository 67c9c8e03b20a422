package dev.dormouse.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.protocol.ChatMessage;
import dev.dormouse.room.RoomId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link MessageStore} must do; one subclass per database runs it. */
abstract class MessageStoreContract {

  protected MessageStore store;
  private RoomId room;

  protected abstract MessageStore open();

  /**
   * A plain connection to the same database, for rows this branch's store cannot write yet: change
   * entries and deleted messages.
   */
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
    assertThat(rooms.get(2)).isEqualTo(new RoomSummary(quiet, 0, 0, 0, null));
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
    append(0, batch.toArray(NewMessage[]::new));

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

  private static NewMessage message(String text, String clientId, String userId) {
    return new NewMessage(
        UUID.randomUUID().toString().substring(0, 12), userId, "Someone", text, 1L, clientId);
  }

  private static NewMessage timed(String text, String userId, long timestamp) {
    return new NewMessage(
        UUID.randomUUID().toString().substring(0, 12), userId, "Someone", text, timestamp, null);
  }

  private List<AppendOutcome> append(long head, NewMessage... messages) {
    return store.append(room, head, List.of(messages)).toCompletableFuture().join();
  }

  private static List<ChatMessage> page(java.util.concurrent.CompletionStage<Page> page) {
    return page.toCompletableFuture().join().messages();
  }

  private static NewMessage message(String text, String clientId) {
    return new NewMessage(
        UUID.randomUUID().toString().substring(0, 12), "u1", "Ada", text, 1L, clientId);
  }
}
