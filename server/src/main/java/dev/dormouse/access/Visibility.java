package dev.dormouse.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may join a claimed room: {@code PUBLIC} anyone (and a directory may list it), {@code
 * UNLISTED} anyone with the link, {@code PRIVATE} its members only.
 */
public enum Visibility {
  PUBLIC,
  UNLISTED,
  PRIVATE;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Visibility ofWire(String wire) {
    return parse(wire).orElseThrow(() -> new IllegalArgumentException("unknown visibility"));
  }

  public static Optional<Visibility> parse(String wire) {
    for (Visibility v : values()) {
      if (v.wire().equals(wire)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
