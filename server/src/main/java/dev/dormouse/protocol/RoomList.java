package dev.dormouse.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer of {@code GET /api/me/rooms}: the rooms a person has joined, the one with the newest
 * latest message first and those without a message last.
 */
public record RoomList(List<Entry> rooms) {

  /**
   * One room: its title (left out when it has none), the person's marker, the messages after it
   * that others sent and are not deleted, the room's seq, and its newest message that is not
   * deleted ({@code latest}, left out when none).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Entry(
      String room,
      String title,
      long lastRead,
      long unread,
      long seq,
      ServerFrame.Message latest) {}
}
