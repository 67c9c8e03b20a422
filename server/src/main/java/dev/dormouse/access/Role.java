package dev.dormouse.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** A person's standing in one room, lowest first. {@code NONE}: not a member. */
public enum Role {
  NONE,
  MEMBER,
  MODERATOR,
  OWNER;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Role ofWire(String wire) {
    return parse(wire).orElseThrow(() -> new IllegalArgumentException("unknown role " + wire));
  }

  public static Optional<Role> parse(String wire) {
    for (Role role : values()) {
      if (role.wire().equals(wire)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }

  public boolean atLeast(Role other) {
    return compareTo(other) >= 0;
  }
}
