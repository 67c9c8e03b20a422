package dev.dormouse.store;

/** A person's newest message in a room: when it was sent, and its clientId (null when none). */
public record LastPost(String userId, long at, String clientId) {}
