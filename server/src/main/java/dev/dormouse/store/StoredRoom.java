package dev.dormouse.store;

import dev.dormouse.room.RoomId;

/** A room that has stored an entry, and the seq of its newest one. */
public record StoredRoom(RoomId id, long seq) {}
