package dev.dormouse.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * Who may post: {@code EVERYONE} who may join, or only {@code MODERATORS} (an announcement room).
 */
public enum PostPolicy {
  EVERYONE("everyone"),
  MODERATORS("moderators");

  private final String wire;

  PostPolicy(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static PostPolicy ofWire(String wire) {
    return parse(wire).orElseThrow(() -> new IllegalArgumentException("unknown post policy"));
  }

  public static Optional<PostPolicy> parse(String wire) {
    for (PostPolicy p : values()) {
      if (p.wire.equals(wire)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
