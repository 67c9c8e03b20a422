package dev.dormouse.room;

import dev.dormouse.protocol.OutboundFrame;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * How a room reaches its sockets. The gateway owns the sockets, so a room that wakes from
 * passivation asks the gateway who is connected instead of remembering it. Every method returns
 * without blocking; it is called from the room's own thread.
 */
public interface RoomFanout {

  /** To every socket in the room. */
  void broadcast(RoomId room, OutboundFrame frame);

  /** To every socket in the room but one. */
  void broadcastExcept(RoomId room, String exceptSocketId, OutboundFrame frame);

  void send(RoomId room, String socketId, OutboundFrame frame);

  /** The sockets that have joined the room, as their attachments describe them. */
  CompletionStage<List<Occupant>> occupants(RoomId room);
}
