package dev.dormouse.socket;

import dev.dormouse.access.Grants;
import dev.dormouse.protocol.Subprotocol;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.room.Occupant;
import dev.dormouse.room.RoomId;

/**
 * What a node keeps about a socket for as long as it is open, whatever its room does: the socket's
 * id, whose it is, which room it is in, the address it came from, the protocol it speaks and
 * whether it was opened with credentials. A room that wakes from passivation rebuilds its occupants
 * from these, so nothing about a connection lives only in a room's memory.
 */
public record SocketAttachment(
    String socketId,
    UserRef user,
    RoomId room,
    String address,
    Subprotocol subprotocol,
    boolean signedIn,
    Grants grants) {

  public SocketAttachment(
      String socketId,
      UserRef user,
      RoomId room,
      String address,
      Subprotocol subprotocol,
      boolean signedIn) {
    this(socketId, user, room, address, subprotocol, signedIn, Grants.NONE);
  }

  public Occupant occupant() {
    return new Occupant(socketId, user, signedIn, grants);
  }
}
