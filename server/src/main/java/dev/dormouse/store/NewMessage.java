package dev.dormouse.store;

/**
 * A message the room has accepted and wants stored; the store numbers it. {@code replyTo} is the id
 * of the message it answers, or null.
 */
public record NewMessage(
    String id,
    String userId,
    String userName,
    String text,
    long timestamp,
    String clientId,
    String replyTo)
    implements NewEntry {

  public NewMessage(
      String id, String userId, String userName, String text, long timestamp, String clientId) {
    this(id, userId, userName, text, timestamp, clientId, null);
  }
}
