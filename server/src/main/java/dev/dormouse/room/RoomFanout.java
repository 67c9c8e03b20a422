package dev.dormouse.room;

import dev.dormouse.protocol.OutboundFrame;
import dev.dormouse.protocol.WireSerializable;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * How a room reaches its sockets. The nodes own the sockets, so a room that wakes from passivation
 * asks them who is connected instead of remembering it. Every method returns without blocking; it
 * is called from the room's own thread.
 */
public interface RoomFanout {

  /** One frame and who in the room receives it. */
  record Delivery(Audience audience, OutboundFrame frame) implements WireSerializable {}

  /**
   * Everything one turn of the room sends, in order. The whole batch travels together, so each
   * node, and each event loop on it, handles it in one step and flushes each socket once.
   */
  void deliver(RoomId room, List<Delivery> batch);

  /** The sockets that have joined the room, as their attachments describe them. */
  CompletionStage<List<Occupant>> occupants(RoomId room);
}
