package dev.dormouse.store;

import dev.dormouse.room.RoomId;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Durable message history: each room's log of messages and changes to them (edits, deletes,
 * reactions), one seq per entry. Every method runs its JDBC work on the store's own threads and
 * completes the stage there, never on the caller's, so actors may call it freely.
 */
public interface MessageStore extends AutoCloseable {

  /**
   * This database's epoch: the same for as long as its logs continue, different for a new or wiped
   * one. Read once when the store opens.
   */
  String epoch();

  /** Claimed rooms' settings and members, in the same database, on the same threads. */
  RoomSettingsStore rooms();

  /** Invites to claimed rooms, in the same database, on the same threads. */
  InviteStore invites();

  /** Reports of messages, in the same database, on the same threads. */
  ReportStore reports();

  /** The server API's keys, in the same database, on the same threads. */
  ApiKeyStore keys();

  /** The highest seq stored in the room, or 0 for a room that never had a message. */
  CompletionStage<Long> latestSeq(RoomId room);

  /**
   * Stores the batch in one transaction, numbering new entries {@code headSeq + 1, + 2…} in order.
   * An entry whose clientId the room already holds is not written again. A change is checked
   * against its target in the same transaction ({@link NewChange#judge}), as is a reply's target;
   * one that breaks a rule is refused and takes no seq. The stage completes only after the
   * transaction is durably committed.
   */
  CompletionStage<List<AppendOutcome>> append(
      RoomId room, long headSeq, List<? extends NewEntry> batch);

  /** The newest {@code limit} messages with a seq below {@code beforeSeq}, in current state. */
  CompletionStage<Page> before(RoomId room, long beforeSeq, int limit);

  /** The oldest {@code limit} messages with a seq above {@code afterSeq}, in current state. */
  CompletionStage<Page> after(RoomId room, long afterSeq, int limit);

  /**
   * Every entry with a seq in {@code afterSeq + 1 .. throughSeq}, messages and changes, in seq
   * order: what a socket that missed them is sent.
   */
  CompletionStage<List<LogEntry>> entries(RoomId room, long afterSeq, long throughSeq);

  /**
   * The messages with a seq up to {@code targetsThrough} that entries in {@code afterSeq + 1 ..
   * throughSeq} changed, each once, in current state, oldest first.
   */
  CompletionStage<List<dev.dormouse.protocol.ChatMessage>> updated(
      RoomId room, long afterSeq, long throughSeq, long targetsThrough);

  /** The newest {@code limit} change entries with a seq above {@code afterSeq}, oldest first. */
  CompletionStage<List<Change>> recentChanges(RoomId room, long afterSeq, int limit);

  /**
   * The lowest seq the room still holds, or 0 when it holds none. Above 1 when retention has
   * deleted older messages.
   */
  CompletionStage<Long> oldestSeq(RoomId room);

  /** Every person's read marker in the room. */
  CompletionStage<List<ReadMarker>> readMarkers(RoomId room);

  /**
   * Each person's newest message in the room sent after {@code sinceMillis}, so a room that wakes
   * with slow mode on knows who must still wait.
   */
  CompletionStage<List<LastPost>> lastPostsSince(RoomId room, long sinceMillis);

  /**
   * Stores the markers through the writer, creating those the room does not have yet. A stored
   * marker never moves back: a lower {@code lastRead} than the stored one changes nothing.
   */
  CompletionStage<Void> saveReadMarkers(
      RoomId room, Collection<ReadMarker> markers, long nowMillis);

  /**
   * How many messages with a seq in {@code (afterSeq, upToSeq]} are unread for {@code userId}: not
   * deleted, and sent by someone else. Changes to messages are entries of the log but not messages,
   * so they never count.
   */
  CompletionStage<Long> unreadCount(RoomId room, String userId, long afterSeq, long upToSeq);

  /**
   * The rooms {@code userId} has a marker in, the one with the newest latest message first and the
   * rooms without a message last, at most {@code limit}.
   */
  CompletionStage<List<RoomSummary>> roomsOf(String userId, int limit);

  /**
   * Every room that has stored an entry, by id, after {@code afterId} (null: from the first), at
   * most {@code limit}. A room visited but never written to is not one: it exists nowhere.
   */
  CompletionStage<List<StoredRoom>> storedRooms(String afterId, int limit);

  /**
   * Deletes what the retention policy no longer keeps, in every room, with the reactions of the
   * messages it deletes; returns how many entries.
   */
  CompletionStage<Integer> prune(Retention retention, long nowMillis);

  /** Whether the store answers a trivial query: readiness, not liveness. */
  CompletionStage<Boolean> isHealthy();

  @Override
  void close();
}
