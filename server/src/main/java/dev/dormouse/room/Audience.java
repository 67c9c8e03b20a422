package dev.dormouse.room;

import dev.dormouse.protocol.WireSerializable;

/**
 * Who in a room receives a frame: everyone, everyone but one socket, one socket, or every socket of
 * one person (their tabs and devices, on whichever nodes hold them). The room decides it once;
 * every node's fan-out and every socket reads the same value.
 */
public record Audience(Kind kind, String socketId, String userId) implements WireSerializable {

  public enum Kind {
    EVERYONE,
    EVERYONE_BUT,
    ONLY,
    PERSON
  }

  private static final Audience EVERYONE = new Audience(Kind.EVERYONE, null, null);

  public static Audience everyone() {
    return EVERYONE;
  }

  public static Audience everyoneBut(String socketId) {
    return new Audience(Kind.EVERYONE_BUT, socketId, null);
  }

  public static Audience only(String socketId) {
    return new Audience(Kind.ONLY, socketId, null);
  }

  /** Every socket of the person {@code userId} in the room. */
  public static Audience person(String userId) {
    return new Audience(Kind.PERSON, null, userId);
  }

  /** Whether the socket {@code candidate}, which belongs to {@code owner}, receives the frame. */
  public boolean includes(String candidate, String owner) {
    return switch (kind) {
      case EVERYONE -> true;
      case EVERYONE_BUT -> !socketId.equals(candidate);
      case ONLY -> socketId.equals(candidate);
      case PERSON -> userId.equals(owner);
    };
  }
}
