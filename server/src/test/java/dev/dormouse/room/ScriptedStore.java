package dev.dormouse.room;

import dev.dormouse.protocol.ChatMessage;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.store.AppendOutcome;
import dev.dormouse.store.Change;
import dev.dormouse.store.LastPost;
import dev.dormouse.store.LogEntry;
import dev.dormouse.store.MessageStore;
import dev.dormouse.store.NewChange;
import dev.dormouse.store.NewEntry;
import dev.dormouse.store.NewMessage;
import dev.dormouse.store.Page;
import dev.dormouse.store.ReadMarker;
import dev.dormouse.store.Retention;
import dev.dormouse.store.RoomSummary;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A store in memory whose slow parts the test drives: every append and every wake waits until the
 * test lets it succeed or fail, so a room can be caught mid-write or mid-wake.
 */
final class ScriptedStore implements MessageStore {

  /** The rooms' settings: none claimed; bans and lifts are stored when the test says so. */
  final UnclaimedRooms rooms = new UnclaimedRooms();

  /** One append the room is waiting on. */
  record Append(long headSeq, List<NewEntry> batch, CompletableFuture<List<AppendOutcome>> done) {

    /** Commits the batch: seqs after {@code headSeq}, in order. */
    void succeed() {
      List<AppendOutcome> outcomes = new ArrayList<>();
      long seq = headSeq;
      for (NewEntry entry : batch) {
        seq++;
        outcomes.add(
            switch (entry) {
              case NewMessage m ->
                  new AppendOutcome.Stored(
                      new ChatMessage(
                          seq, m.id(), m.userId(), m.userName(), m.text(), m.timestamp()));
              case NewChange c ->
                  new AppendOutcome.Changed(
                      new Change(
                          seq,
                          c.kind(),
                          0,
                          c.targetId(),
                          new UserRef(c.userId(), c.userName()),
                          c.timestamp(),
                          c.text(),
                          c.emoji(),
                          1));
            });
      }
      done.complete(outcomes);
    }

    void fail() {
      done.completeExceptionally(new IllegalStateException("disk full"));
    }
  }

  /** One write of read markers the room is waiting on; the test completes {@code done}. */
  record MarkerWrite(List<ReadMarker> markers, CompletableFuture<Void> done) {}

  private final LinkedBlockingQueue<Append> appends = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<MarkerWrite> markerWrites = new LinkedBlockingQueue<>();
  private volatile CompletableFuture<Long> latestSeq = CompletableFuture.completedFuture(0L);

  /** What a waking room finds stored. */
  volatile List<ReadMarker> storedMarkers = List.of();

  /** Wakes wait until the returned future is completed. */
  CompletableFuture<Long> stallWakes() {
    latestSeq = new CompletableFuture<>();
    return latestSeq;
  }

  Append nextAppend() throws InterruptedException {
    Append append = appends.poll(10, TimeUnit.SECONDS);
    if (append == null) {
      throw new AssertionError("the room did not write");
    }
    return append;
  }

  MarkerWrite nextMarkerWrite() throws InterruptedException {
    MarkerWrite write = markerWrites.poll(10, TimeUnit.SECONDS);
    if (write == null) {
      throw new AssertionError("the room did not write its read markers");
    }
    return write;
  }

  boolean hasMarkerWrite() {
    return !markerWrites.isEmpty();
  }

  @Override
  public String epoch() {
    return "test";
  }

  /** Every room is unclaimed: these tests are about writes and wakes, not about settings. */
  @Override
  public dev.dormouse.store.RoomSettingsStore rooms() {
    return rooms;
  }

  @Override
  public dev.dormouse.store.InviteStore invites() {
    throw new UnsupportedOperationException("invites");
  }

  @Override
  public dev.dormouse.store.ReportStore reports() {
    throw new UnsupportedOperationException("reports");
  }

  @Override
  public CompletionStage<List<dev.dormouse.store.StoredRoom>> storedRooms(
      String afterId, int limit) {
    throw new UnsupportedOperationException("storedRooms");
  }

  @Override
  public dev.dormouse.store.ApiKeyStore keys() {
    throw new UnsupportedOperationException("keys");
  }

  @Override
  public CompletionStage<Long> latestSeq(RoomId room) {
    return latestSeq;
  }

  @Override
  public CompletionStage<List<AppendOutcome>> append(
      RoomId room, long headSeq, List<? extends NewEntry> batch) {
    Append append = new Append(headSeq, List.copyOf(batch), new CompletableFuture<>());
    appends.add(append);
    return append.done();
  }

  @Override
  public CompletionStage<Page> before(RoomId room, long beforeSeq, int limit) {
    return CompletableFuture.completedFuture(new Page(List.of(), false));
  }

  @Override
  public CompletionStage<Page> after(RoomId room, long afterSeq, int limit) {
    return CompletableFuture.completedFuture(new Page(List.of(), false));
  }

  @Override
  public CompletionStage<List<LogEntry>> entries(RoomId room, long afterSeq, long throughSeq) {
    return CompletableFuture.completedFuture(List.of());
  }

  @Override
  public CompletionStage<List<ChatMessage>> updated(
      RoomId room, long afterSeq, long throughSeq, long targetsThrough) {
    return CompletableFuture.completedFuture(List.of());
  }

  @Override
  public CompletionStage<List<Change>> recentChanges(RoomId room, long afterSeq, int limit) {
    return CompletableFuture.completedFuture(List.of());
  }

  @Override
  public CompletionStage<Long> oldestSeq(RoomId room) {
    return CompletableFuture.completedFuture(0L);
  }

  @Override
  public CompletionStage<List<LastPost>> lastPostsSince(RoomId room, long sinceMillis) {
    return CompletableFuture.completedFuture(List.of());
  }

  @Override
  public CompletionStage<List<ReadMarker>> readMarkers(RoomId room) {
    return CompletableFuture.completedFuture(storedMarkers);
  }

  @Override
  public CompletionStage<Void> saveReadMarkers(
      RoomId room, Collection<ReadMarker> markers, long nowMillis) {
    MarkerWrite write = new MarkerWrite(List.copyOf(markers), new CompletableFuture<>());
    markerWrites.add(write);
    return write.done();
  }

  @Override
  public CompletionStage<Long> unreadCount(
      RoomId room, String userId, long afterSeq, long upToSeq) {
    return CompletableFuture.completedFuture(0L);
  }

  @Override
  public CompletionStage<List<RoomSummary>> roomsOf(String userId, int limit) {
    return CompletableFuture.completedFuture(List.of());
  }

  @Override
  public CompletionStage<Integer> prune(Retention retention, long nowMillis) {
    return CompletableFuture.completedFuture(0);
  }

  @Override
  public CompletionStage<Boolean> isHealthy() {
    return CompletableFuture.completedFuture(true);
  }

  @Override
  public void close() {}
}
