package dev.dormouse.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/** What an entry of a room's audit log records; the wire names are documented in protocol.md. */
public enum AuditAction {
  ROOM_CLAIMED("room.claimed"),
  ROOM_CHANGED("room.changed"),
  ROLE_SET("role.set"),
  MEMBER_REMOVED("member.removed"),
  MESSAGE_DELETED("message.deleted"),
  PERSON_KICKED("person.kicked"),
  PERSON_BANNED("person.banned"),
  BAN_LIFTED("ban.lifted"),
  PERSON_MUTED("person.muted"),
  MUTE_LIFTED("mute.lifted"),
  INVITE_CREATED("invite.created"),
  INVITE_REVOKED("invite.revoked"),
  INVITE_REDEEMED("invite.redeemed"),
  REPORT_RESOLVED("report.resolved");

  private final String wire;

  AuditAction(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static AuditAction ofWire(String wire) {
    return parse(wire).orElseThrow(() -> new IllegalArgumentException("unknown audit action"));
  }

  public static Optional<AuditAction> parse(String wire) {
    for (AuditAction a : values()) {
      if (a.wire.equals(wire)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
