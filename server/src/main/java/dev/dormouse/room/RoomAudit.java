package dev.dormouse.room;

import dev.dormouse.access.AuditAction;
import dev.dormouse.access.AuditEntry;
import dev.dormouse.access.Restriction;
import dev.dormouse.access.Role;
import dev.dormouse.access.RoomSettings;
import dev.dormouse.access.SettingsChange;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.store.Report;
import java.util.LinkedHashMap;
import java.util.Map;

/** The audit log's entry for each change to a room's settings and members, and each moderation. */
public final class RoomAudit {

  private RoomAudit() {}

  /** An invite created, revoked or redeemed by {@code by}: its code is the target. */
  public static AuditEntry ofInvite(UserRef by, AuditAction action, String code, long now) {
    return new AuditEntry(EntryIds.next(now), now, by, action, code, null, Map.of());
  }

  /** A report resolved by {@code by}, and how. */
  public static AuditEntry ofReport(
      UserRef by, String reportId, Report.Resolution resolution, long now) {
    return new AuditEntry(
        EntryIds.next(now),
        now,
        by,
        AuditAction.REPORT_RESOLVED,
        reportId,
        null,
        Map.of("resolution", resolution.wire()));
  }

  static AuditEntry of(RoomEntity.Configure change, long now) {
    return switch (change) {
      case RoomEntity.Claim claim ->
          entry(claim, now, AuditAction.ROOM_CLAIMED, null, settingsOf(claim.settings()));
      case RoomEntity.ChangeSettings patch ->
          entry(patch, now, AuditAction.ROOM_CHANGED, null, changed(patch.change()));
      case RoomEntity.Redeem redeem ->
          ofInvite(redeem.user(), AuditAction.INVITE_REDEEMED, redeem.code(), now);
      case RoomEntity.SetRole set ->
          set.role() == Role.NONE
              ? entry(set, now, AuditAction.MEMBER_REMOVED, set.userId(), Map.of())
              : entry(set, now, AuditAction.ROLE_SET, set.userId(), Map.of("role", set.role()));
    };
  }

  static AuditEntry of(RoomEntity.Moderate command, long now) {
    return switch (command) {
      case RoomEntity.Kick kick ->
          moderation(kick, now, AuditAction.PERSON_KICKED, kick.reason(), Map.of());
      case RoomEntity.Ban ban ->
          moderation(ban, now, AuditAction.PERSON_BANNED, ban.reason(), until(ban.until()));
      case RoomEntity.Mute mute ->
          moderation(mute, now, AuditAction.PERSON_MUTED, mute.reason(), until(mute.until()));
      case RoomEntity.Lift lift ->
          moderation(
              lift,
              now,
              lift.kind() == Restriction.Kind.BAN
                  ? AuditAction.BAN_LIFTED
                  : AuditAction.MUTE_LIFTED,
              null,
              Map.of());
    };
  }

  /** A moderator's delete of someone's message, recorded with the delete entry itself. */
  static AuditEntry of(RoomEntity.RemoveMessage remove, long now) {
    return new AuditEntry(
        EntryIds.next(now),
        now,
        remove.author().user(),
        AuditAction.MESSAGE_DELETED,
        remove.messageId(),
        blankToNull(remove.reason()),
        Map.of());
  }

  private static AuditEntry entry(
      RoomEntity.Configure change,
      long now,
      AuditAction action,
      String target,
      Map<String, Object> detail) {
    return new AuditEntry(EntryIds.next(now), now, change.by(), action, target, null, detail);
  }

  private static AuditEntry moderation(
      RoomEntity.Moderate command,
      long now,
      AuditAction action,
      String reason,
      Map<String, Object> detail) {
    return new AuditEntry(
        EntryIds.next(now),
        now,
        command.by(),
        action,
        command.userId(),
        blankToNull(reason),
        detail);
  }

  /** A ban's or mute's end; a ban for good has none. */
  private static Map<String, Object> until(Long until) {
    return until == null ? Map.of() : Map.of("until", until);
  }

  private static String blankToNull(String reason) {
    return reason == null || reason.isBlank() ? null : reason;
  }

  private static Map<String, Object> settingsOf(RoomSettings settings) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("title", settings.title());
    detail.put("visibility", settings.visibility());
    detail.put("postPolicy", settings.postPolicy());
    detail.put("slowModeSeconds", settings.slowModeSeconds());
    return detail;
  }

  /** Only the fields the change sets: what the audit log's reader wants to see changed. */
  private static Map<String, Object> changed(SettingsChange change) {
    Map<String, Object> detail = new LinkedHashMap<>();
    if (change.title() != null) {
      detail.put("title", change.title());
    }
    if (change.topic() != null) {
      detail.put("topic", change.topic());
    }
    if (change.visibility() != null) {
      detail.put("visibility", change.visibility());
    }
    if (change.postPolicy() != null) {
      detail.put("postPolicy", change.postPolicy());
    }
    if (change.slowModeSeconds() != null) {
      detail.put("slowModeSeconds", change.slowModeSeconds());
    }
    return detail;
  }
}
