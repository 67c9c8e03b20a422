package dev.dormouse.room;

import dev.dormouse.protocol.UserRef;
import dev.dormouse.protocol.WireSerializable;

/** One socket in a room, as the room knows it: which socket, and whose. */
public record Occupant(String socketId, UserRef user) implements WireSerializable {}
