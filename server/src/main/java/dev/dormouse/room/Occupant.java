package dev.dormouse.room;

import dev.dormouse.access.Grants;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.protocol.WireSerializable;

/**
 * One socket in a room, as the room knows it: which socket, and whose. {@code signedIn}: the socket
 * presented credentials (a session or an operator token), so the same person may come back on
 * another socket and their read marker is worth storing. A guest without credentials is a new
 * person on every connection: nobody can ever ask for their marker once the socket is gone. {@code
 * grants}: what the operator's token it opened with grants (roles by claim), judged with each
 * write.
 */
public record Occupant(String socketId, UserRef user, boolean signedIn, Grants grants)
    implements WireSerializable {

  public Occupant {
    grants = grants == null ? Grants.NONE : grants;
  }

  public Occupant(String socketId, UserRef user, boolean signedIn) {
    this(socketId, user, signedIn, Grants.NONE);
  }

  /** A guest without credentials. */
  public Occupant(String socketId, UserRef user) {
    this(socketId, user, false);
  }
}
