package dev.dormouse.protocol;

/** A person as the wire shows them: the server-assigned id and the display name. */
public record UserRef(String id, String name) implements WireSerializable {}
