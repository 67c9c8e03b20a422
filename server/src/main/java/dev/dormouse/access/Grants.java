package dev.dormouse.access;

import dev.dormouse.protocol.WireSerializable;
import java.util.Map;

/**
 * What an operator's token grants beyond the roles Dormouse stores: {@code admin}, a person who may
 * moderate everywhere (claim {@code dormouse_admin: true}), and a role per room (claim {@code
 * dormouse_rooms: {"<room id>": "member"|"moderator"}}), so a team's backend can decide membership
 * without calling Dormouse. Sessions and guests have {@link #NONE}.
 */
public record Grants(boolean admin, Map<String, Role> rooms) implements WireSerializable {

  public static final Grants NONE = new Grants(false, Map.of());

  public Grants {
    rooms = Map.copyOf(rooms);
  }

  /** The role the token grants in the room; {@link Role#NONE} when it names none. */
  public Role roleIn(String roomId) {
    return rooms.getOrDefault(roomId, Role.NONE);
  }

  /** The higher of a stored role and the one granted in the room. */
  public Role withStored(String roomId, Role stored) {
    Role granted = roleIn(roomId);
    return granted.atLeast(stored) ? granted : stored;
  }
}
