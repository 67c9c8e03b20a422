package dev.dormouse.room;

import dev.dormouse.protocol.UserRef;
import dev.dormouse.protocol.WireSerializable;

/**
 * One socket in a room, as the room knows it: which socket, and whose. {@code signedIn}: the socket
 * presented credentials (a session or an operator token), so the same person may come back on
 * another socket and their read marker is worth storing. A guest without credentials is a new
 * person on every connection: nobody can ever ask for their marker once the socket is gone.
 */
public record Occupant(String socketId, UserRef user, boolean signedIn)
    implements WireSerializable {

  /** A guest without credentials. */
  public Occupant(String socketId, UserRef user) {
    this(socketId, user, false);
  }
}
