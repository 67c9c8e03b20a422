package dev.dormouse.room;

import dev.dormouse.protocol.WireSerializable;
import java.util.Optional;
import java.util.regex.Pattern;

/** A room's name as it appears in URLs: 1–64 characters from {@code [A-Za-z0-9_-]}. */
public record RoomId(String value) implements WireSerializable {

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public RoomId {
    if (!VALID.matcher(value).matches()) {
      throw new IllegalArgumentException("invalid room id");
    }
  }

  public static Optional<RoomId> parse(String raw) {
    return raw != null && VALID.matcher(raw).matches()
        ? Optional.of(new RoomId(raw))
        : Optional.empty();
  }

  @Override
  public String toString() {
    return value;
  }
}
