package dev.dormouse.store;

import dev.dormouse.room.RoomId;

/**
 * A public claimed room as the directory lists it.
 *
 * @param lastActivity when its newest entry was stored, in epoch ms; null when it has none
 */
public record ListedRoom(RoomId id, String title, String topic, Long lastActivity) {

  /**
   * Where a page of the directory ends: newest activity first, rooms without any last, then by id.
   * {@code activity} is -1 for a room without any.
   */
  public record Position(long activity, String roomId) {
    public static final Position START = new Position(Long.MAX_VALUE, "");
  }

  public Position position() {
    return new Position(lastActivity == null ? -1 : lastActivity, id.value());
  }
}
