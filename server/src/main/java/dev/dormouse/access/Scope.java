package dev.dormouse.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What an API key may do on the server API: each route of {@code /api/server/…} names the one it
 * needs. Scopes do not imply each other: a key with {@code admin} alone manages keys and nothing
 * else.
 */
public enum Scope {
  /** Post as a bot or the system, and edit or delete bot messages. */
  PUBLISH,
  /** Delete anyone's message, kick, ban and mute, as an operator admin would. */
  MODERATE,
  /** Read rooms, their history, presence and occupancy. */
  READ,
  /** Create, list and revoke API keys. */
  ADMIN;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Scope ofWire(String wire) {
    return parse(wire).orElseThrow(() -> new IllegalArgumentException("unknown scope " + wire));
  }

  public static Optional<Scope> parse(String wire) {
    for (Scope scope : values()) {
      if (scope.wire().equals(wire)) {
        return Optional.of(scope);
      }
    }
    return Optional.empty();
  }

  /**
   * {@code publish,read} as a set; empty when the list is empty or names a scope that does not
   * exist (a misspelt scope must not quietly make a weaker key).
   */
  public static Optional<Set<Scope>> parseList(String list) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String part : list.split(",", -1)) {
      Optional<Scope> scope = parse(part.strip());
      if (scope.isEmpty()) {
        return Optional.empty();
      }
      scopes.add(scope.get());
    }
    return Optional.of(scopes);
  }

  /** The set as the store and the CLI write it: {@code publish,read}, in this enum's order. */
  public static String listOf(Set<Scope> scopes) {
    return String.join(",", EnumSet.copyOf(scopes).stream().map(Scope::wire).toList());
  }
}
