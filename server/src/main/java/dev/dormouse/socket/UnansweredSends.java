package dev.dormouse.socket;

import dev.dormouse.room.RoomEntity;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sends (messages and changes) a socket has passed to its room and not yet seen answered, by
 * clientId: no {@code ack} and no {@code error} naming it has come back. The socket tells the room
 * again about those that waited too long.
 *
 * <p>Cluster Sharding delivers at most once, and a rolling restart is where that shows: while a
 * room moves to another node, the shard region that hosted it drops what it had buffered for it
 * ("Dropping [n] buffered messages to shard [s] during hand off to avoid re-ordering"), including
 * sends forwarded from other nodes. Those sockets stay open, so nothing else would ever tell their
 * clients. The room stores a clientId once, so telling it again is safe: at worst the client gets a
 * second ack with the same seq. After {@code maxTells} the send is forgotten and left to the
 * client's own resend; so is a send beyond {@code capacity}.
 *
 * <p>Owned by the socket's event loop, like the rest of its state; the clock is passed in.
 */
final class UnansweredSends {

  private record Told(RoomEntity.Write post, long atNanos, int times) {}

  private final long retellAfterNanos;
  private final int maxTells;
  private final int capacity;
  private final Map<String, Told> byClientId = new LinkedHashMap<>();

  UnansweredSends(long retellAfterNanos, int maxTells, int capacity) {
    this.retellAfterNanos = retellAfterNanos;
    this.maxTells = maxTells;
    this.capacity = capacity;
  }

  /** The room was just told about {@code post}; one without a clientId expects no answer. */
  void told(RoomEntity.Write post, long nowNanos) {
    String clientId = post.clientId();
    if (clientId != null && (byClientId.containsKey(clientId) || byClientId.size() < capacity)) {
      byClientId.put(clientId, new Told(post, nowNanos, 1));
    }
  }

  /** An ack or an error for {@code clientId} is on its way to the client. */
  void answered(String clientId) {
    byClientId.remove(clientId);
  }

  /** The sends to tell the room about again now, oldest first; each counts as told once more. */
  List<RoomEntity.Write> due(long nowNanos) {
    List<RoomEntity.Write> due = new ArrayList<>();
    Iterator<Map.Entry<String, Told>> entries = byClientId.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<String, Told> entry = entries.next();
      Told told = entry.getValue();
      if (nowNanos - told.atNanos() < retellAfterNanos) {
        continue;
      }
      if (told.times() >= maxTells) {
        entries.remove();
      } else {
        due.add(told.post());
        entry.setValue(new Told(told.post(), nowNanos, told.times() + 1));
      }
    }
    return due;
  }

  int size() {
    return byClientId.size();
  }
}
