package dev.dormouse.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dormouse.protocol.CloseCode;
import dev.dormouse.protocol.OutboundFrame;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.room.Audience;
import dev.dormouse.room.Occupant;
import dev.dormouse.room.RoomFanout.Delivery;
import dev.dormouse.room.RoomId;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who a room's batch reaches on this node, and in what order, over real event loops. */
class SocketRegistryTest {

  private static final RoomId ROOM = RoomId.parse("lobby").orElseThrow();

  private final EventLoop first = new DefaultEventLoop();
  private final EventLoop second = new DefaultEventLoop();
  private final SocketRegistry registry = new SocketRegistry(Duration.ofHours(1));

  @AfterEach
  void stopLoops() {
    first.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    second.shutdownGracefully(0, 0, TimeUnit.SECONDS);
  }

  @Test
  void a_batch_for_one_socket_reaches_it_alone_in_order_with_the_rooms_other_batches() {
    RecordingSocket ada = join("ada", first);
    RecordingSocket bob = join("bob", first);
    RecordingSocket cy = join("cy", second);

    registry.deliver(ROOM, List.of(new Delivery(Audience.everyone(), frame("before"))));
    registry.deliver(
        ROOM,
        List.of(
            new Delivery(Audience.only("bob"), frame("ready")),
            new Delivery(Audience.only("bob"), frame("history"))));
    registry.deliver(ROOM, List.of(new Delivery(Audience.everyoneBut("ada"), frame("after"))));

    await().untilAsserted(() -> assertThat(cy.received).containsExactly("before", "after"));
    await()
        .untilAsserted(
            () -> assertThat(bob.received).containsExactly("before", "ready", "history", "after"));
    assertThat(bob.flushes).as("one flush per batch").isEqualTo(3);
    assertThat(ada.received).containsExactly("before");
  }

  @Test
  void a_batch_for_a_socket_that_is_gone_reaches_nobody() {
    RecordingSocket ada = join("ada", first);
    RecordingSocket bob = join("bob", first);
    first.submit(() -> registry.remove(bob)).syncUninterruptibly();

    registry.deliver(ROOM, List.of(new Delivery(Audience.only("bob"), frame("late"))));
    registry.deliver(ROOM, List.of(new Delivery(Audience.everyone(), frame("next"))));

    await().untilAsserted(() -> assertThat(ada.received).containsExactly("next"));
    assertThat(bob.received).isEmpty();
  }

  @Test
  void a_batch_for_a_person_reaches_each_of_their_sockets_on_every_loop_and_no_one_else() {
    RecordingSocket adaHere = join("ada-1", "u-ada", first);
    RecordingSocket adaThere = join("ada-2", "u-ada", second);
    RecordingSocket bob = join("bob", first);

    registry.deliver(ROOM, List.of(new Delivery(Audience.person("u-ada"), frame("read"))));
    registry.deliver(
        ROOM,
        List.of(
            new Delivery(Audience.everyone(), frame("next")),
            new Delivery(Audience.person("u-ada"), frame("read again"))));

    await()
        .untilAsserted(
            () -> assertThat(adaThere.received).containsExactly("read", "next", "read again"));
    await()
        .untilAsserted(
            () -> assertThat(adaHere.received).containsExactly("read", "next", "read again"));
    await().untilAsserted(() -> assertThat(bob.received).containsExactly("next"));
  }

  private RecordingSocket join(String socketId, EventLoop loop) {
    return join(socketId, "u-" + socketId, loop);
  }

  private RecordingSocket join(String socketId, String userId, EventLoop loop) {
    RecordingSocket socket = new RecordingSocket(socketId, userId, loop);
    loop.submit(() -> registry.add(socket)).syncUninterruptibly();
    return socket;
  }

  private static OutboundFrame frame(String text) {
    return new OutboundFrame(0, text.getBytes(StandardCharsets.UTF_8), false, null);
  }

  private static final class RecordingSocket implements Subscriber {
    final List<String> received = new CopyOnWriteArrayList<>();
    volatile int flushes;
    private final String socketId;
    private final String userId;
    private final EventLoop loop;

    RecordingSocket(String socketId, String userId, EventLoop loop) {
      this.socketId = socketId;
      this.userId = userId;
      this.loop = loop;
    }

    @Override
    public String socketId() {
      return socketId;
    }

    @Override
    public RoomId room() {
      return ROOM;
    }

    @Override
    public String address() {
      return "127.0.0.1";
    }

    @Override
    public Occupant occupant() {
      return new Occupant(socketId, new UserRef(userId, socketId));
    }

    @Override
    public boolean hasJoined() {
      return true;
    }

    @Override
    public EventLoop eventLoop() {
      return loop;
    }

    @Override
    public void deliver(OutboundFrame frame) {
      received.add(new String(frame.bytes(), StandardCharsets.UTF_8));
    }

    @Override
    public void flush() {
      flushes++;
    }

    @Override
    public void leaveRoom() {}

    @Override
    public void tick(long nowNanos) {}

    @Override
    public void close(CloseCode code) {}
  }
}
