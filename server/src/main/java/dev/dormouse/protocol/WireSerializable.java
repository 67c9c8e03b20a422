package dev.dormouse.protocol;

/**
 * Marks values that cross node boundaries inside a Dormouse cluster. Pekko serializes them with
 * Jackson, as bound in {@code application.conf}.
 */
public interface WireSerializable {}
