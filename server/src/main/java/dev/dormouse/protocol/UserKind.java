package dev.dormouse.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What stands behind a display name, so that a client can tell people apart when names collide:
 * names are not unique, and anyone may choose any name. The kind follows from the user id alone,
 * because ids are namespaced by who made them, so it never needs storing and a stored message's
 * sender has the kind they had when they sent it.
 */
public enum UserKind {
  /**
   * The person chose the name: a guest socket, or a session opened with {@code POST /api/session}.
   * Nothing vouches for it.
   */
  GUEST("guest"),
  /** The operator's identity provider vouches for the id and the name. */
  OPERATOR("operator"),
  /**
   * The operator's own backend, posting through the server API with a key: a bot or the system. The
   * key vouches for the id; the name is whatever that backend chose.
   */
  BOT("bot");

  /**
   * Operator users' ids are the token's {@code sub} behind this prefix; Dormouse's own ids never
   * start with it, so no guest or session can come to look like one.
   */
  public static final String OPERATOR_ID_PREFIX = "op_";

  /**
   * Bots' ids are this prefix and the id the server API was given ({@code system} when none); no
   * guest, session or operator user ever has one.
   */
  public static final String BOT_ID_PREFIX = "bot_";

  private final String wire;

  UserKind(String wire) {
    this.wire = wire;
  }

  public static UserKind of(String userId) {
    if (userId.startsWith(OPERATOR_ID_PREFIX)) {
      return OPERATOR;
    }
    return userId.startsWith(BOT_ID_PREFIX) ? BOT : GUEST;
  }

  @JsonValue
  public String wire() {
    return wire;
  }
}
