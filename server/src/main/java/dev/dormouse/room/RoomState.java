package dev.dormouse.room;

import dev.dormouse.protocol.UserRef;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an awake room holds in memory: the latest seq and who is connected. All of it is rebuilt
 * from storage and the sockets when the room wakes, so passivation loses nothing.
 */
public record RoomState(long seq, Map<String, UserRef> occupants) {

  public RoomState {
    occupants = Collections.unmodifiableMap(new LinkedHashMap<>(occupants));
  }

  public static RoomState restored(long seq, List<Occupant> occupants) {
    Map<String, UserRef> bySocket = new LinkedHashMap<>();
    occupants.forEach(o -> bySocket.put(o.socketId(), o.user()));
    return new RoomState(seq, bySocket);
  }

  public RoomState withSeq(long newSeq) {
    return new RoomState(newSeq, occupants);
  }

  public RoomState with(Occupant occupant) {
    Map<String, UserRef> next = new LinkedHashMap<>(occupants);
    next.put(occupant.socketId(), occupant.user());
    return new RoomState(seq, next);
  }

  public RoomState without(String socketId) {
    Map<String, UserRef> next = new LinkedHashMap<>(occupants);
    next.remove(socketId);
    return new RoomState(seq, next);
  }

  /**
   * One entry per user, however many sockets they have open, in the order they arrived, under the
   * name of their newest socket (so a rename shows as soon as a renamed tab joins).
   */
  public List<UserRef> online() {
    Map<String, UserRef> byUser = new LinkedHashMap<>();
    for (UserRef user : occupants.values()) {
      byUser.put(user.id(), user);
    }
    return List.copyOf(byUser.values());
  }

  public boolean isOnline(String userId) {
    return occupants.values().stream().anyMatch(u -> u.id().equals(userId));
  }
}
