package dev.dormouse.protocol;

/**
 * A stored chat message. The server assigns every field: {@code seq} is the message's place in its
 * room (1, 2, 3… with no gaps), {@code id} a unique message id, {@code from} the sender's user id
 * and {@code timestamp} the server clock in epoch milliseconds when the room stored it.
 */
public record ChatMessage(
    long seq, String id, String from, String name, String message, long timestamp)
    implements WireSerializable {}
