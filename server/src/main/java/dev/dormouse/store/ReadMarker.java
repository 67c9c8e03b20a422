package dev.dormouse.store;

/** How far one person has read in a room: every entry up to {@code lastRead} is read. */
public record ReadMarker(String userId, long lastRead) {}
