package dev.dormouse.store;

import dev.dormouse.access.AuditEntry;
import java.util.List;

/** A page of a room's audit log, newest first; {@code hasMore}: older entries follow. */
public record AuditPage(List<AuditEntry> entries, boolean hasMore) {}
