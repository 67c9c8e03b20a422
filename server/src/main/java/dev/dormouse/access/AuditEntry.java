package dev.dormouse.access;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.protocol.WireSerializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of a room's audit log: who did what, to whom, when and why. The owner, moderators and
 * operator admins read it ({@code GET /api/rooms/{id}/audit}); nobody changes or removes it.
 *
 * @param id time-ordered, so the newest entry has the greatest id
 * @param at epoch ms
 * @param target the user id, message id or invite code acted on; null when the room itself
 * @param reason what the actor gave as the reason; null when none
 * @param detail what changed (a settings change's new values, a ban's {@code until}); empty when
 *     nothing more
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AuditEntry(
    String id,
    long at,
    UserRef actor,
    AuditAction action,
    String target,
    String reason,
    Map<String, Object> detail)
    implements WireSerializable {

  public AuditEntry {
    detail = detail == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(detail));
  }
}
