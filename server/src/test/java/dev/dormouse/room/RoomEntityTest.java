package dev.dormouse.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.access.Grants;
import dev.dormouse.access.Restriction;
import dev.dormouse.config.Settings;
import dev.dormouse.ops.ServerMetrics;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.protocol.ServerFrame;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.store.ReadMarker;
import dev.dormouse.store.Retention;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The room's failure branches, fast and without sockets: a store that fails or stalls on command,
 * and a fan-out that records what each socket would have been sent.
 */
class RoomEntityTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final FrameCodec CODEC = new FrameCodec(2000);
  private static final Occupant ADA = new Occupant("s1", new UserRef("u1", "Ada"));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** What the room sent, by socket id. */
  private static final class RecordingFanout implements RoomFanout {
    final List<Delivery> sent = new CopyOnWriteArrayList<>();

    @Override
    public void deliver(RoomId room, List<Delivery> batch) {
      sent.addAll(batch);
    }

    @Override
    public CompletionStage<List<Occupant>> occupants(RoomId room) {
      return CompletableFuture.completedFuture(List.of());
    }

    List<ServerFrame> to(String socketId) {
      return sent.stream()
          .filter(d -> d.audience().includes(socketId, null) && d.frame().bytes().length > 0)
          .map(
              d ->
                  FrameCodec.decodeServerFrame(
                      new String(d.frame().bytes(), StandardCharsets.UTF_8)))
          .toList();
    }

    /** The read frames every socket of the person was sent. */
    List<ServerFrame.Read> readsOf(String userId) {
      return sent.stream()
          .filter(d -> d.audience().equals(Audience.person(userId)))
          .map(
              d ->
                  (ServerFrame.Read)
                      FrameCodec.decodeServerFrame(
                          new String(d.frame().bytes(), StandardCharsets.UTF_8)))
          .toList();
    }

    <T extends ServerFrame> List<T> to(String socketId, Class<T> type) {
      return to(socketId).stream().filter(type::isInstance).map(type::cast).toList();
    }
  }

  /** Only the room's post budget matters here; it is set out of the way. */
  private static final Settings.Limits LIMITS =
      new Settings.Limits(
          2000,
          65536,
          10,
          5,
          20,
          10,
          60,
          30,
          1_000_000,
          1_000_000,
          256,
          64,
          32768,
          Duration.ofSeconds(1),
          512 * 1024,
          Duration.ofSeconds(3));

  private final ScriptedStore store = new ScriptedStore();
  private final RecordingFanout fanout = new RecordingFanout();
  private final TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();

  private ActorRef<RoomEntity.Command> room() {
    Settings.Room settings =
        new Settings.Room(
            Duration.ofMinutes(5),
            Duration.ofMillis(50),
            1000,
            50,
            1000,
            256,
            new Retention(0, null),
            Duration.ofMinutes(1));
    return testKit.spawn(
        RoomEntity.create(
            new RoomId("r" + System.nanoTime()),
            shard.getRef(),
            new RoomEntity.Dependencies(
                store, fanout, CODEC, new ServerMetrics(), settings, LIMITS, Clock.systemUTC())));
  }

  @Test
  void a_lift_sent_while_its_ban_is_being_stored_waits_for_it_and_lifts_it() throws Exception {
    ActorRef<RoomEntity.Command> room = room();
    UserRef admin = new UserRef("op_boss", "Boss");
    Grants everywhere = new Grants(true, Map.of());
    TestProbe<RoomEntity.Moderated> banned = testKit.createTestProbe();
    TestProbe<RoomEntity.Moderated> lifted = testKit.createTestProbe();

    room.tell(new RoomEntity.Ban(admin, everywhere, "u1", null, "spam", banned.getRef()));
    room.tell(new RoomEntity.Lift(admin, everywhere, Restriction.Kind.BAN, "u1", lifted.getRef()));
    CompletableFuture<Void> storing = store.rooms.restricting.poll(10, TimeUnit.SECONDS);
    lifted.expectNoMessage(Duration.ofMillis(200));
    storing.complete(null);

    assertThat(banned.receiveMessage().refusal()).isNull();
    assertThat(lifted.receiveMessage().refusal()).isNull();
  }

  @Test
  void a_failed_write_refuses_every_waiting_message_with_unavailable_and_acks_none()
      throws Exception {
    ActorRef<RoomEntity.Command> room = room();
    room.tell(new RoomEntity.Post(ADA, "one", "c1"));
    ScriptedStore.Append first = store.nextAppend();
    room.tell(new RoomEntity.Post(ADA, "two", "c2"));
    first.fail();
    Awaitility.await().until(() -> fanout.to("s1", ServerFrame.Error.class).size() == 2);
    assertThat(fanout.to("s1", ServerFrame.Error.class))
        .allMatch(e -> e.code().equals("unavailable"))
        .extracting(ServerFrame.Error::clientId)
        .containsExactlyInAnyOrder("c1", "c2");
    assertThat(fanout.to("s1", ServerFrame.Ack.class)).isEmpty();
    assertThat(fanout.to("s1", ServerFrame.Message.class)).isEmpty();
    // The room passivates rather than guess its seq; the next wake reloads it from storage.
    assertThat(shard.expectMessageClass(ClusterSharding.Passivate.class).entity()).isEqualTo(room);
    room.tell(RoomEntity.Stop.INSTANCE);
    testKit.createTestProbe().expectTerminated(room, Duration.ofSeconds(10));
  }

  @Test
  void changes_ride_the_batches_of_messages_in_order_and_a_failed_write_refuses_them_out_loud()
      throws Exception {
    ActorRef<RoomEntity.Command> room = room();
    room.tell(new RoomEntity.Post(ADA, "one", "c1"));
    ScriptedStore.Append first = store.nextAppend();
    room.tell(new RoomEntity.Edit(ADA, "id1", "uno", "e1"));
    room.tell(new RoomEntity.React(ADA, "id1", "👍", false, "r1"));
    room.tell(new RoomEntity.Post(ADA, "re", "c2", "id1"));
    first.succeed();
    ScriptedStore.Append second = store.nextAppend();
    assertThat(second.batch()).extracting(e -> e.clientId()).containsExactly("e1", "r1", "c2");
    assertThat(second.batch().get(0))
        .isEqualTo(
            new dev.dormouse.store.NewChange(
                second.batch().get(0).id(),
                "u1",
                "Ada",
                dev.dormouse.store.Change.Kind.EDIT,
                "id1",
                "uno",
                null,
                second.batch().get(0).timestamp(),
                "e1"));
    assertThat(((dev.dormouse.store.NewChange) second.batch().get(1)).kind())
        .isEqualTo(dev.dormouse.store.Change.Kind.UNREACT);
    assertThat(((dev.dormouse.store.NewMessage) second.batch().get(2)).replyTo()).isEqualTo("id1");
    second.fail();
    Awaitility.await().until(() -> fanout.to("s1", ServerFrame.Error.class).size() == 3);
    assertThat(fanout.to("s1", ServerFrame.Error.class))
        .allMatch(e -> e.code().equals("unavailable"))
        .extracting(ServerFrame.Error::clientId)
        .containsExactly("e1", "r1", "c2");
    assertThat(fanout.to("s1", ServerFrame.Ack.class))
        .containsExactly(new ServerFrame.Ack("c1", 1));
    shard.expectMessageClass(ClusterSharding.Passivate.class);
    room.tell(RoomEntity.Stop.INSTANCE);
    testKit.createTestProbe().expectTerminated(room, Duration.ofSeconds(10));
  }

  @Test
  void a_post_that_reaches_a_room_after_its_write_failed_is_refused_out_loud_not_dropped()
      throws Exception {
    ActorRef<RoomEntity.Command> room = room();
    room.tell(new RoomEntity.Post(ADA, "one", "c1"));
    store.nextAppend().fail();
    shard.expectMessageClass(ClusterSharding.Passivate.class);
    // Sharding has not stopped the room yet: what is in its mailbox meanwhile is answered.
    room.tell(new RoomEntity.Post(ADA, "two", "c2"));
    Awaitility.await().until(() -> fanout.to("s1", ServerFrame.Error.class).size() == 2);
    assertThat(fanout.to("s1", ServerFrame.Error.class))
        .allMatch(e -> e.code().equals("unavailable"))
        .extracting(ServerFrame.Error::clientId)
        .containsExactly("c1", "c2");
    assertThat(fanout.to("s1", ServerFrame.Ack.class)).isEmpty();
    room.tell(RoomEntity.Stop.INSTANCE);
    testKit.createTestProbe().expectTerminated(room, Duration.ofSeconds(10));
  }

  @Test
  void a_room_that_cannot_wake_refuses_what_waited_and_passivates_instead_of_dropping_the_rest() {
    CompletableFuture<Long> wake = store.stallWakes();
    ActorRef<RoomEntity.Command> room = room();
    room.tell(new RoomEntity.Post(ADA, "early", "c1"));
    wake.completeExceptionally(new IllegalStateException("database away"));
    shard.expectMessageClass(ClusterSharding.Passivate.class);
    room.tell(new RoomEntity.Post(ADA, "late", "c2"));
    Awaitility.await().until(() -> fanout.to("s1", ServerFrame.Error.class).size() == 2);
    assertThat(fanout.to("s1", ServerFrame.Error.class))
        .extracting(ServerFrame.Error::clientId)
        .containsExactly("c1", "c2");
    room.tell(RoomEntity.Stop.INSTANCE);
    testKit.createTestProbe().expectTerminated(room, Duration.ofSeconds(10));
  }

  @Test
  void a_room_whose_stash_is_full_while_it_wakes_refuses_out_loud() {
    CompletableFuture<Long> wake = store.stallWakes();
    ActorRef<RoomEntity.Command> room = room();
    int sent = 10_001;
    for (int i = 0; i < sent; i++) {
      room.tell(new RoomEntity.Post(ADA, "m" + i, "c" + i));
    }
    Awaitility.await().until(() -> fanout.to("s1", ServerFrame.Error.class).size() == 1);
    ServerFrame.Error refused = fanout.to("s1", ServerFrame.Error.class).getFirst();
    assertThat(refused.code()).isEqualTo("unavailable");
    assertThat(refused.clientId()).isEqualTo("c10000");
    wake.complete(0L);
  }

  @Test
  void a_stop_during_a_write_finishes_the_write_its_acks_and_broadcast_first() throws Exception {
    ActorRef<RoomEntity.Command> room = room();
    room.tell(new RoomEntity.Post(ADA, "in flight", "c1"));
    ScriptedStore.Append append = store.nextAppend();
    room.tell(RoomEntity.Stop.INSTANCE);
    // Still running: it answers, and has acked nothing yet.
    TestProbe<RoomEntity.People> alive = testKit.createTestProbe();
    room.tell(new RoomEntity.ListPeople(null, 10, alive.getRef()));
    alive.receiveMessage();
    assertThat(fanout.to("s1", ServerFrame.Ack.class)).isEmpty();
    TestProbe<Object> watcher = testKit.createTestProbe();
    append.succeed();
    watcher.expectTerminated(room, Duration.ofSeconds(10));
    assertThat(fanout.to("s1", ServerFrame.Ack.class))
        .containsExactly(new ServerFrame.Ack("c1", 1));
    assertThat(fanout.to("s1", ServerFrame.Message.class))
        .extracting(ServerFrame.Message::message)
        .containsExactly("in flight");
  }

  @Test
  void a_join_is_answered_with_the_seq_and_the_newest_messages_from_memory() throws Exception {
    ActorRef<RoomEntity.Command> room = room();
    room.tell(new RoomEntity.Post(ADA, "hello", "c1"));
    store.nextAppend().succeed();
    Awaitility.await().until(() -> fanout.to("s1", ServerFrame.Ack.class).size() == 1);
    TestProbe<RoomEntity.Joined> joined = testKit.createTestProbe();
    room.tell(new RoomEntity.Join(new Occupant("s2", new UserRef("u2", "Bob")), joined.getRef()));
    RoomEntity.Joined answer = joined.receiveMessage();
    assertThat(answer.seq()).isEqualTo(1);
    assertThat(answer.recent()).extracting(m -> m.message()).containsExactly("hello");
  }

  private static final Occupant ADA_SIGNED_IN = new Occupant("s1", new UserRef("u1", "Ada"), true);

  /** A room at seq 3 that finds Ada's marker at 0 when it wakes. */
  private ActorRef<RoomEntity.Command> roomWhereAdaReadNothing() {
    store.storedMarkers = List.of(new ReadMarker("u1", 0));
    CompletableFuture<Long> wake = store.stallWakes();
    ActorRef<RoomEntity.Command> room = room();
    wake.complete(3L);
    return room;
  }

  @Test
  void read_markers_that_move_while_a_write_is_in_flight_are_written_once_at_the_newest()
      throws Exception {
    ActorRef<RoomEntity.Command> room = roomWhereAdaReadNothing();
    room.tell(new RoomEntity.MarkRead(ADA_SIGNED_IN, 1));
    ScriptedStore.MarkerWrite first = store.nextMarkerWrite();
    assertThat(first.markers()).containsExactly(new ReadMarker("u1", 1));
    room.tell(new RoomEntity.MarkRead(ADA_SIGNED_IN, 2));
    room.tell(new RoomEntity.MarkRead(ADA_SIGNED_IN, 99));
    room.tell(new RoomEntity.MarkRead(ADA_SIGNED_IN, 2));
    Awaitility.await().until(() -> fanout.readsOf("u1").size() == 3);
    assertThat(fanout.readsOf("u1"))
        .extracting(ServerFrame.Read::seq)
        .as("clamped to the room's seq, and the lower one ignored")
        .containsExactly(1L, 2L, 3L);
    assertThat(store.hasMarkerWrite()).as("one write in flight at a time").isFalse();
    first.done().complete(null);
    assertThat(store.nextMarkerWrite().markers()).containsExactly(new ReadMarker("u1", 3));
  }

  @Test
  void a_stopping_room_writes_the_marker_that_moved_before_it_stops() throws Exception {
    ActorRef<RoomEntity.Command> room = roomWhereAdaReadNothing();
    room.tell(new RoomEntity.MarkRead(ADA_SIGNED_IN, 2));
    room.tell(RoomEntity.Stop.INSTANCE);
    ScriptedStore.MarkerWrite write = store.nextMarkerWrite();
    assertThat(write.markers()).containsExactly(new ReadMarker("u1", 2));
    TestProbe<RoomEntity.People> alive = testKit.createTestProbe();
    room.tell(new RoomEntity.ListPeople(null, 10, alive.getRef()));
    alive.receiveMessage();
    write.done().complete(null);
    testKit.createTestProbe().expectTerminated(room, Duration.ofSeconds(10));
  }

  @Test
  void a_join_is_answered_with_the_joiners_stored_marker_and_a_first_join_with_the_rooms_seq() {
    ActorRef<RoomEntity.Command> room = roomWhereAdaReadNothing();
    TestProbe<RoomEntity.Joined> joined = testKit.createTestProbe();
    room.tell(new RoomEntity.Join(ADA_SIGNED_IN, joined.getRef()));
    RoomEntity.Joined ada = joined.receiveMessage();
    assertThat(ada.lastRead()).isZero();
    room.tell(new RoomEntity.Join(new Occupant("s2", new UserRef("u2", "Bob")), joined.getRef()));
    RoomEntity.Joined bob = joined.receiveMessage();
    assertThat(bob.lastRead()).isEqualTo(3);
    assertThat(bob.unread()).isZero();
  }
}
