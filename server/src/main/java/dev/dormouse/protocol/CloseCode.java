package dev.dormouse.protocol;

/**
 * The close codes Dormouse sends, as documented in {@code docs/protocol.md}. The reserved codes
 * 1005, 1006 and 1015 describe a missing close frame and must never be put in one (RFC 6455,
 * 7.4.1), so they are not here.
 */
public enum CloseCode {
  NORMAL(1000, "bye"),
  PROTOCOL_ERROR(1002, "protocol error"),
  INVALID_UTF8(1007, "invalid UTF-8"),
  TOO_BIG(1009, "frame too large"),
  INTERNAL_ERROR(1011, "internal error"),
  SERVICE_RESTART(1012, "server restarting"),
  SLOW_CONSUMER(4000, "slow_consumer"),
  IDLE(4001, "idle"),
  /** A moderator removed the person from the room; they may come back at once. */
  KICKED(4003, "kicked"),
  /** The person is banned from the room; coming back is refused with {@code 403 banned}. */
  BANNED(4004, "banned"),
  /** The room is private and the person is no longer (or never was) a member. */
  NOT_A_MEMBER(4005, "not_a_member");

  private final int code;
  private final String reason;

  CloseCode(int code, String reason) {
    this.code = code;
    this.reason = reason;
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  /** Whether a code the peer sent may be echoed back in our closing frame. */
  public static boolean mayEcho(int code) {
    return code >= 1000
        && code <= 4999
        && code != 1004
        && code != 1005
        && code != 1006
        && code != 1015;
  }
}
