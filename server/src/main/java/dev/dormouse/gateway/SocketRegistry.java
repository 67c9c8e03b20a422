package dev.dormouse.gateway;

import dev.dormouse.protocol.CloseCode;
import dev.dormouse.protocol.OutboundFrame;
import dev.dormouse.room.Occupant;
import dev.dormouse.room.RoomId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every open socket on this node, by room. It outlives any room: a passivated room's sockets stay
 * here, open, and the room finds them again through {@link ClusterFanout} when it wakes.
 */
final class SocketRegistry {

  private final Map<RoomId, Set<ChatSocket>> byRoom = new ConcurrentHashMap<>();
  private final Map<String, ChatSocket> byId = new ConcurrentHashMap<>();
  private final Map<String, Integer> byAddress = new ConcurrentHashMap<>();
  private final CompletableFuture<Void> drained = new CompletableFuture<>();
  private volatile boolean closingAll;

  void add(ChatSocket socket) {
    byId.put(socket.attachment().socketId(), socket);
    byAddress.merge(socket.attachment().address(), 1, Integer::sum);
    byRoom
        .computeIfAbsent(socket.attachment().room(), r -> ConcurrentHashMap.newKeySet())
        .add(socket);
    if (closingAll) {
      socket.close(CloseCode.SERVICE_RESTART, false);
    }
  }

  void remove(ChatSocket socket) {
    if (byId.remove(socket.attachment().socketId()) == null) {
      return;
    }
    byAddress.computeIfPresent(
        socket.attachment().address(), (address, count) -> count <= 1 ? null : count - 1);
    byRoom.computeIfPresent(
        socket.attachment().room(),
        (room, sockets) -> {
          sockets.remove(socket);
          return sockets.isEmpty() ? null : sockets;
        });
    if (closingAll && byId.isEmpty()) {
      drained.complete(null);
    }
  }

  Set<String> rooms() {
    return byRoom.keySet().stream().map(RoomId::value).collect(java.util.stream.Collectors.toSet());
  }

  int countIn(RoomId room) {
    Set<ChatSocket> sockets = byRoom.get(room);
    return sockets == null ? 0 : sockets.size();
  }

  int countFrom(String address) {
    return byAddress.getOrDefault(address, 0);
  }

  int size() {
    return byId.size();
  }

  /**
   * Closes every socket with 1012 after what is already buffered for it is written, and completes
   * when all are gone or the timeout passes.
   */
  CompletionStage<Void> closeAll(Duration timeout) {
    closingAll = true;
    byId.values().forEach(socket -> socket.close(CloseCode.SERVICE_RESTART, true));
    if (byId.isEmpty()) {
      drained.complete(null);
    }
    return drained.completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  void broadcast(RoomId room, OutboundFrame frame) {
    Set<ChatSocket> sockets = byRoom.get(room);
    if (sockets != null) {
      sockets.forEach(socket -> socket.deliver(frame));
    }
  }

  void broadcastExcept(RoomId room, String exceptSocketId, OutboundFrame frame) {
    Set<ChatSocket> sockets = byRoom.get(room);
    if (sockets != null) {
      for (ChatSocket socket : sockets) {
        if (!socket.attachment().socketId().equals(exceptSocketId)) {
          socket.deliver(frame);
        }
      }
    }
  }

  /** False when the socket is not on this node. */
  boolean send(RoomId room, String socketId, OutboundFrame frame) {
    ChatSocket socket = byId.get(socketId);
    if (socket == null) {
      return false;
    }
    socket.deliver(frame);
    return true;
  }

  List<Occupant> localOccupants(RoomId room) {
    return byRoom.getOrDefault(room, Set.of()).stream()
        .filter(ChatSocket::hasJoined)
        .map(s -> s.attachment().occupant())
        .toList();
  }
}
