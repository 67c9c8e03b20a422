package dev.dormouse.protocol;

import java.util.List;

/**
 * {@code GET /api/rooms}: a page of public claimed rooms, newest activity first; {@code cursor}
 * asks for the next page, and is null on the last.
 */
public record RoomDirectory(List<Entry> rooms, String cursor) {

  /**
   * {@code online}: people connected to it now, on every node; {@code lastActivity}: when its
   * newest entry was stored, in epoch ms, or null.
   */
  public record Entry(String id, String title, String topic, int online, Long lastActivity) {}
}
