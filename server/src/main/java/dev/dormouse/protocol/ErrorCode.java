package dev.dormouse.protocol;

/** The stable codes of error frames and HTTP error bodies. Clients may switch on them. */
public enum ErrorCode {
  BAD_FRAME("bad_frame"),
  TOO_LARGE("too_large"),
  RATE_LIMITED("rate_limited"),
  UNAVAILABLE("unavailable"),
  INVALID_ROOM_ID("invalid_room_id"),
  BAD_REQUEST("bad_request"),
  NOT_FOUND("not_found"),
  METHOD_NOT_ALLOWED("method_not_allowed"),
  UNAUTHORIZED("unauthorized"),
  FORBIDDEN_ORIGIN("forbidden_origin"),
  UNKNOWN_HOST("unknown_host"),
  FORBIDDEN("forbidden"),
  FORBIDDEN_SCOPE("forbidden_scope"),
  TOO_MANY_CONNECTIONS("too_many_connections"),
  ROOM_FULL("room_full"),
  UNSUPPORTED_SUBPROTOCOL("unsupported_subprotocol"),
  NOT_A_MEMBER("not_a_member"),
  READ_ONLY("read_only"),
  SLOW_MODE("slow_mode"),
  NOT_CLAIMED("not_claimed"),
  ROOM_EXISTS("room_exists"),
  ROOM_HAS_HISTORY("room_has_history"),
  INVALID_SETTINGS("invalid_settings"),
  KICKED("kicked"),
  BANNED("banned"),
  MUTED("muted"),
  INVITE_INVALID("invite_invalid"),
  INVITE_EXPIRED("invite_expired"),
  INTERNAL("internal");

  private final String wire;

  ErrorCode(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static ErrorCode ofWire(String wire) {
    for (ErrorCode code : values()) {
      if (code.wire.equals(wire)) {
        return code;
      }
    }
    throw new IllegalArgumentException("unknown error code " + wire);
  }
}
