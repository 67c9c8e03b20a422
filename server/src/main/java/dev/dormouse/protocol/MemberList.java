package dev.dormouse.protocol;

import java.util.List;

/** {@code GET /api/rooms/{id}/members}: the owner, then moderators, then members, each by id. */
public record MemberList(List<Entry> members) {

  /** {@code name}: the name they were last seen under, or null when never seen. */
  public record Entry(String userId, String name, String role) {}
}
