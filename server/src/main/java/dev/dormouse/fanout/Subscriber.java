package dev.dormouse.fanout;

import dev.dormouse.protocol.CloseCode;
import dev.dormouse.protocol.OutboundFrame;
import dev.dormouse.room.Occupant;
import dev.dormouse.room.RoomId;
import io.netty.channel.EventLoop;

/**
 * A socket as the fan-out sees it. Each lives on one event loop, and every method but {@link
 * #close} is called only from that loop, so a socket's state needs no locks.
 */
public interface Subscriber {

  String socketId();

  RoomId room();

  String address();

  Occupant occupant();

  /** The id of the person whose socket this is. */
  default String userId() {
    return occupant().user().id();
  }

  /** Whether the room has been told about this socket (it is then one of its occupants). */
  boolean hasJoined();

  EventLoop eventLoop();

  /** Queues a frame for the socket, without flushing. */
  void deliver(OutboundFrame frame);

  /** Writes out what {@link #deliver} queued since the last flush. */
  void flush();

  /**
   * Tells the room this socket has left, ahead of its close, while the node's shard region can
   * still carry the message. The socket goes on receiving until it is closed.
   */
  void leaveRoom();

  /** The event loop's sweep: heartbeats, slow readers, close handshakes that never finished. */
  void tick(long nowNanos);

  /**
   * From any thread: closes with {@code code} after the frames already queued, which {@link
   * CloseCode#SERVICE_RESTART} relies on.
   */
  void close(CloseCode code);
}
