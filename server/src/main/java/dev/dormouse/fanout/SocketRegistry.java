package dev.dormouse.fanout;

import dev.dormouse.protocol.CloseCode;
import dev.dormouse.room.Audience;
import dev.dormouse.room.Occupant;
import dev.dormouse.room.RoomFanout;
import dev.dormouse.room.RoomId;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Every open socket on this node. It outlives any room: a passivated room's sockets stay here,
 * open, and the room finds them again through {@link ClusterFanout} when it wakes.
 *
 * <p>Each socket belongs to one event loop's {@link LoopSockets}. Per room this registry only
 * remembers which loops hold its sockets, so a room's batch costs one task per loop, whatever the
 * number of sockets.
 */
public final class SocketRegistry {

  /** Who is in a room on this node: how many sockets, on which loops. */
  private record RoomSockets(int count, Map<LoopSockets, Integer> perLoop) {

    static final RoomSockets NONE = new RoomSockets(0, Map.of());

    RoomSockets plus(LoopSockets loop) {
      Map<LoopSockets, Integer> next = new HashMap<>(perLoop);
      next.merge(loop, 1, Integer::sum);
      return new RoomSockets(count + 1, Map.copyOf(next));
    }

    RoomSockets minus(LoopSockets loop) {
      if (count <= 1) {
        return null;
      }
      Map<LoopSockets, Integer> next = new HashMap<>(perLoop);
      next.computeIfPresent(loop, (l, n) -> n <= 1 ? null : n - 1);
      return new RoomSockets(count - 1, Map.copyOf(next));
    }
  }

  private final Duration sweepEvery;
  private final Map<EventLoop, LoopSockets> loops = new ConcurrentHashMap<>();
  private final Map<RoomId, RoomSockets> byRoom = new ConcurrentHashMap<>();
  private final Map<String, Subscriber> byId = new ConcurrentHashMap<>();
  private final Map<String, Set<Subscriber>> byUser = new ConcurrentHashMap<>();
  private final Map<String, Integer> byAddress = new ConcurrentHashMap<>();
  private final CompletableFuture<Void> drained = new CompletableFuture<>();
  private volatile boolean leaving;
  private volatile boolean closingAll;

  /** {@code sweepEvery}: how often each event loop checks its sockets' heartbeats and buffers. */
  public SocketRegistry(Duration sweepEvery) {
    this.sweepEvery = sweepEvery;
  }

  /**
   * Holds one of {@code cap} places for a socket from {@code address}, or says there is none. The
   * check and the count are one step, so racing upgrades cannot overshoot the cap.
   */
  public boolean reserveAddress(String address, int cap) {
    boolean[] reserved = {false};
    byAddress.compute(
        address,
        (a, count) -> {
          int now = count == null ? 0 : count;
          if (now >= cap) {
            return count;
          }
          reserved[0] = true;
          return now + 1;
        });
    return reserved[0];
  }

  /** Gives back a place taken by {@link #reserveAddress}. */
  public void releaseAddress(String address) {
    byAddress.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
  }

  /** On the socket's event loop, before it asks to join its room. */
  public void add(Subscriber socket) {
    LoopSockets loop = loopOf(socket.eventLoop());
    loop.add(socket);
    byId.put(socket.socketId(), socket);
    byUser.computeIfAbsent(socket.userId(), user -> ConcurrentHashMap.newKeySet()).add(socket);
    byRoom.compute(
        socket.room(),
        (room, sockets) -> (sockets == null ? RoomSockets.NONE : sockets).plus(loop));
    if (leaving || closingAll) {
      socket.close(CloseCode.SERVICE_RESTART);
    }
  }

  /** On the socket's event loop, once its channel is gone. */
  public void remove(Subscriber socket) {
    if (byId.remove(socket.socketId()) == null) {
      return;
    }
    LoopSockets loop = loopOf(socket.eventLoop());
    loop.remove(socket);
    byUser.computeIfPresent(
        socket.userId(),
        (user, sockets) -> sockets.remove(socket) && sockets.isEmpty() ? null : sockets);
    byRoom.computeIfPresent(socket.room(), (room, sockets) -> sockets.minus(loop));
    if (closingAll && byId.isEmpty()) {
      drained.complete(null);
    }
  }

  public Set<String> rooms() {
    return byRoom.keySet().stream().map(RoomId::value).collect(Collectors.toSet());
  }

  public int countIn(RoomId room) {
    return byRoom.getOrDefault(room, RoomSockets.NONE).count();
  }

  public int size() {
    return byId.size();
  }

  /**
   * How many people (not sockets) each of {@code rooms} has on this node; rooms without any are
   * left out. Walks this node's sockets, whose attachments never change, from any thread.
   */
  public Map<String, Integer> peopleIn(Set<String> rooms) {
    Map<String, Set<String>> people = new HashMap<>();
    for (Subscriber socket : byId.values()) {
      String room = socket.room().value();
      if (rooms.contains(room)) {
        people.computeIfAbsent(room, r -> new HashSet<>()).add(socket.userId());
      }
    }
    Map<String, Integer> counts = new HashMap<>();
    people.forEach((room, users) -> counts.put(room, users.size()));
    return counts;
  }

  boolean isHere(String socketId) {
    return byId.containsKey(socketId);
  }

  /**
   * One task per event loop that holds sockets of the room. A batch for one socket alone (a
   * joiner's snapshot, an ack) goes to that socket's loop only, and is not checked against every
   * socket of the room: a room that thousands join at once would otherwise pay for each join with a
   * walk over all of them. A batch for one person alone (their read marker) goes the same way to
   * each of their sockets here, since in a busy room every reader moves a marker per message.
   */
  void deliver(RoomId room, List<RoomFanout.Delivery> batch) {
    String person = solePerson(batch);
    if (person != null) {
      for (Subscriber socket : byUser.getOrDefault(person, Set.of())) {
        if (socket.room().equals(room)) {
          LoopSockets loop = loopOf(socket.eventLoop());
          loop.loop().execute(() -> loop.deliverTo(socket, batch));
        }
      }
      return;
    }
    String recipient = soleRecipient(batch);
    if (recipient != null) {
      Subscriber socket = byId.get(recipient);
      if (socket != null) {
        LoopSockets loop = loopOf(socket.eventLoop());
        loop.loop().execute(() -> loop.deliverTo(socket, batch));
      }
      return;
    }
    for (LoopSockets loop : byRoom.getOrDefault(room, RoomSockets.NONE).perLoop().keySet()) {
      loop.loop().execute(() -> loop.deliver(room, batch));
    }
  }

  /** The one socket every frame of the batch is for, or null when it has other readers. */
  private static String soleRecipient(List<RoomFanout.Delivery> batch) {
    String recipient = null;
    for (RoomFanout.Delivery delivery : batch) {
      Audience audience = delivery.audience();
      if (audience.kind() != Audience.Kind.ONLY
          || (recipient != null && !recipient.equals(audience.socketId()))) {
        return null;
      }
      recipient = audience.socketId();
    }
    return recipient;
  }

  /** The one person every frame of the batch is for, or null when it has other readers. */
  private static String solePerson(List<RoomFanout.Delivery> batch) {
    String person = null;
    for (RoomFanout.Delivery delivery : batch) {
      Audience audience = delivery.audience();
      if (audience.kind() != Audience.Kind.PERSON
          || (person != null && !person.equals(audience.userId()))) {
        return null;
      }
      person = audience.userId();
    }
    return person;
  }

  /** The joined sockets of a room on this node, each loop asked on its own thread. */
  CompletionStage<List<Occupant>> occupants(RoomId room) {
    if (leaving) {
      return CompletableFuture.completedFuture(List.of());
    }
    List<CompletableFuture<List<Occupant>>> answers = new ArrayList<>();
    for (LoopSockets loop : byRoom.getOrDefault(room, RoomSockets.NONE).perLoop().keySet()) {
      answers.add(CompletableFuture.supplyAsync(() -> loop.occupants(room), loop.loop()));
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
        .thenApply(done -> answers.stream().flatMap(answer -> answer.join().stream()).toList());
  }

  /**
   * The node is shutting down: every socket here tells its room it has left, and from now on none
   * counts as an occupant of a room that wakes or moves. Rooms are stopped and moved to other nodes
   * next, and this node's shard region stops with them; a socket closed after that could not tell
   * its room it left, and the room would show it online until it next slept. The sockets stay open,
   * still receiving, until {@link #closeAll}. Completes once every event loop has sent its leaves.
   */
  public CompletionStage<Void> leaveRooms() {
    leaving = true;
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    for (LoopSockets loop : loops.values()) {
      sent.add(CompletableFuture.runAsync(loop::leaveRooms, loop.loop()));
    }
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
  }

  /**
   * Closes every socket with 1012 after what is already queued for it is written, and completes
   * when all are gone or the timeout passes.
   */
  public CompletionStage<Void> closeAll(Duration timeout) {
    closingAll = true;
    byId.values().forEach(socket -> socket.close(CloseCode.SERVICE_RESTART));
    if (byId.isEmpty()) {
      drained.complete(null);
    }
    return drained.completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private LoopSockets loopOf(EventLoop eventLoop) {
    return loops.computeIfAbsent(eventLoop, loop -> new LoopSockets(loop, sweepEvery));
  }
}
