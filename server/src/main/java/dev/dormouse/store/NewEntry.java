package dev.dormouse.store;

/** What a room asks the store to add to its log: a message or a change to one. */
public sealed interface NewEntry permits NewMessage, NewChange {

  String id();

  String userId();

  String userName();

  long timestamp();

  /** The client's id for the write, or null; a room stores each clientId once. */
  String clientId();
}
