package dev.dormouse.store;

/** A message the room has accepted and wants stored; the store numbers it. */
public record NewMessage(
    String id, String userId, String userName, String text, long timestamp, String clientId) {}
