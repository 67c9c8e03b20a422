package dev.dormouse.room;

import dev.dormouse.protocol.WireSerializable;

/**
 * Who in a room receives a frame: everyone, everyone but one socket, or one socket. The room
 * decides it once; every node's fan-out and every socket reads the same value.
 */
public record Audience(Kind kind, String socketId) implements WireSerializable {

  public enum Kind {
    EVERYONE,
    EVERYONE_BUT,
    ONLY
  }

  private static final Audience EVERYONE = new Audience(Kind.EVERYONE, null);

  public static Audience everyone() {
    return EVERYONE;
  }

  public static Audience everyoneBut(String socketId) {
    return new Audience(Kind.EVERYONE_BUT, socketId);
  }

  public static Audience only(String socketId) {
    return new Audience(Kind.ONLY, socketId);
  }

  public boolean includes(String candidate) {
    return switch (kind) {
      case EVERYONE -> true;
      case EVERYONE_BUT -> !socketId.equals(candidate);
      case ONLY -> socketId.equals(candidate);
    };
  }
}
