package dev.dormouse.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A report of a message. Its filer is answered without {@code excerpt} and {@code author}; the
 * room's moderators see them, taken from the message as it is now, and {@code resolution}, {@code
 * resolvedBy} and {@code resolvedAt} once it is resolved.
 *
 * @param status {@code open} or {@code resolved}
 * @param resolution {@code dismiss} or {@code delete}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReportInfo(
    String id,
    String messageId,
    String excerpt,
    Author author,
    String reason,
    String by,
    long at,
    String status,
    String resolution,
    String resolvedBy,
    Long resolvedAt) {

  /** Who wrote the reported message; both null once the message is gone from the store. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Author(String id, String name) {}

  /** {@code GET /api/rooms/{id}/reports}. */
  public record Listing(List<ReportInfo> reports) {}
}
