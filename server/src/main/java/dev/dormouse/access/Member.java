package dev.dormouse.access;

/** Someone with a role in a room, under the name they were last seen by (null: never seen). */
public record Member(String userId, String name, Role role) {}
