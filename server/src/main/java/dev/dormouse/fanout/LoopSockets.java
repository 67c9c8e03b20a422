package dev.dormouse.fanout;

import dev.dormouse.room.Occupant;
import dev.dormouse.room.RoomFanout;
import dev.dormouse.room.RoomId;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sockets of one event loop, by room. Only that loop touches it: a room's batch arrives as one
 * task per loop, which writes every frame to every socket it is for and then flushes each socket
 * once. One sweep per loop does every socket's timekeeping, instead of a timer per socket.
 */
final class LoopSockets {

  private static final Logger log = LoggerFactory.getLogger(LoopSockets.class);

  private final EventLoop loop;
  private final Map<RoomId, Set<Subscriber>> byRoom = new HashMap<>();

  LoopSockets(EventLoop loop, Duration sweepEvery) {
    this.loop = loop;
    long every = sweepEvery.toNanos();
    loop.scheduleAtFixedRate(this::sweep, every, every, TimeUnit.NANOSECONDS);
  }

  EventLoop loop() {
    return loop;
  }

  void add(Subscriber socket) {
    byRoom.computeIfAbsent(socket.room(), r -> new LinkedHashSet<>()).add(socket);
  }

  void remove(Subscriber socket) {
    Set<Subscriber> sockets = byRoom.get(socket.room());
    if (sockets != null && sockets.remove(socket) && sockets.isEmpty()) {
      byRoom.remove(socket.room());
    }
  }

  /** Runs on the loop: every frame of the batch to each socket it is for, then one flush each. */
  void deliver(RoomId room, List<RoomFanout.Delivery> batch) {
    Set<Subscriber> sockets = byRoom.get(room);
    if (sockets == null) {
      return;
    }
    // Nothing here removes a socket: Netty fires channelInactive in a later task, even for a
    // close made on this loop, so the sets can be walked without copying.
    for (Subscriber socket : sockets) {
      boolean wrote = false;
      for (RoomFanout.Delivery delivery : batch) {
        if (delivery.audience().includes(socket.socketId(), socket.userId())) {
          socket.deliver(delivery.frame());
          wrote = true;
        }
      }
      if (wrote) {
        socket.flush();
      }
    }
  }

  /** Runs on the loop: a batch that is all for {@code socket}, if it is still here. */
  void deliverTo(Subscriber socket, List<RoomFanout.Delivery> batch) {
    Set<Subscriber> sockets = byRoom.get(socket.room());
    if (sockets == null || !sockets.contains(socket)) {
      return;
    }
    for (RoomFanout.Delivery delivery : batch) {
      socket.deliver(delivery.frame());
    }
    socket.flush();
  }

  /** Runs on the loop. */
  void leaveRooms() {
    for (Set<Subscriber> sockets : byRoom.values()) {
      sockets.forEach(Subscriber::leaveRoom);
    }
  }

  /** Runs on the loop. */
  List<Occupant> occupants(RoomId room) {
    List<Occupant> joined = new ArrayList<>();
    for (Subscriber socket : byRoom.getOrDefault(room, Set.of())) {
      if (socket.hasJoined()) {
        joined.add(socket.occupant());
      }
    }
    return joined;
  }

  private void sweep() {
    long now = System.nanoTime();
    for (Set<Subscriber> sockets : byRoom.values()) {
      for (Subscriber socket : sockets) {
        try {
          socket.tick(now);
        } catch (RuntimeException e) {
          log.error("room {} socket {}: sweep failed", socket.room(), socket.socketId(), e);
        }
      }
    }
  }
}
