package dev.dormouse.access;

import dev.dormouse.protocol.ErrorCode;

/** What {@link Permissions} answers: allowed, or refused with a stable code. */
public sealed interface Verdict {

  enum Allowed implements Verdict {
    INSTANCE
  }

  record Refused(ErrorCode code) implements Verdict {}

  default boolean allowed() {
    return this == Allowed.INSTANCE;
  }
}
