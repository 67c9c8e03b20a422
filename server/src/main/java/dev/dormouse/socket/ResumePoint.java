package dev.dormouse.socket;

/**
 * Where a client says it left off: {@code seq} is the highest it has seen, {@code epoch} the log
 * that seq belongs to, and {@code lastId} the id of its message at that seq. Each is null when the
 * client did not say (a first join has no seq at all). The id tells an older copy of the same
 * database, restored and written to since, from the log the client saw: the epoch is the same, the
 * seq may be reached again, but the message there is another one.
 */
public record ResumePoint(Long seq, String epoch, String lastId) {}
