package dev.dormouse.store;

import dev.dormouse.access.AuditEntry;
import dev.dormouse.room.RoomId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Reports of messages, per room. The routes judge who may file, read and resolve them; every method
 * runs on the store's threads, writes on its one writer.
 */
public interface ReportStore {

  /**
   * Files a report under {@code id} of the room's message {@code messageId}, unless {@code by} has
   * an open report of it already: then that one is answered, unchanged. Empty when the room has no
   * such message, or it is deleted.
   */
  CompletionStage<Optional<Report>> file(
      RoomId room, String id, String messageId, String reason, String by, long now);

  /** The room's report {@code id}, whatever its state; empty when there is none. */
  CompletionStage<Optional<Report>> find(RoomId room, String id);

  /** The room's open (or resolved) reports, newest first, at most {@code limit}. */
  CompletionStage<List<Report>> list(RoomId room, boolean open, int limit);

  /**
   * Resolves the room's report, with its audit entry; one already resolved stays as it was (and is
   * not audited again). Empty when the room has no such report.
   */
  CompletionStage<Optional<Report>> resolve(
      RoomId room, String id, Report.Resolution resolution, String by, long now, AuditEntry audit);
}
