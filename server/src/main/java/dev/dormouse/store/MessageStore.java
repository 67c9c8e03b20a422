package dev.dormouse.store;

import dev.dormouse.room.RoomId;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Durable message history. Every method runs its JDBC work on the store's own threads and completes
 * the stage there, never on the caller's, so actors may call it freely.
 */
public interface MessageStore extends AutoCloseable {

  /**
   * This database's epoch: the same for as long as its logs continue, different for a new or wiped
   * one. Read once when the store opens.
   */
  String epoch();

  /** The highest seq stored in the room, or 0 for a room that never had a message. */
  CompletionStage<Long> latestSeq(RoomId room);

  /**
   * Stores the batch in one transaction, numbering new messages {@code headSeq + 1, + 2…} in order.
   * A message whose clientId the room already holds is not written again. The stage completes only
   * after the transaction is durably committed.
   */
  CompletionStage<List<AppendOutcome>> append(RoomId room, long headSeq, List<NewMessage> batch);

  /** The newest {@code limit} messages with a seq below {@code beforeSeq}. */
  CompletionStage<Page> before(RoomId room, long beforeSeq, int limit);

  /** The oldest {@code limit} messages with a seq above {@code afterSeq}. */
  CompletionStage<Page> after(RoomId room, long afterSeq, int limit);

  /**
   * The lowest seq the room still holds, or 0 when it holds none. Above 1 when retention has
   * deleted older messages.
   */
  CompletionStage<Long> oldestSeq(RoomId room);

  /** Deletes what the retention policy no longer keeps, in every room; returns how many. */
  CompletionStage<Integer> prune(Retention retention, long nowMillis);

  /** Whether the store answers a trivial query: readiness, not liveness. */
  CompletionStage<Boolean> isHealthy();

  @Override
  void close();
}
