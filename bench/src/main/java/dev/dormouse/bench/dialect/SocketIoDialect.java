package dev.dormouse.bench.dialect;

import dev.dormouse.bench.client.Connection;
import java.nio.ByteBuffer;

/**
 * Just enough Socket.IO (protocol v5 over Engine.IO v4, WebSocket transport only) to join a room,
 * post and receive. The socket.io-client package runs only in JavaScript, and a second generator
 * in Node would measure Socket.IO with a different instrument than everything else, so the
 * framing is spoken here instead. The whole of it, as text frames:
 *
 * <ul>
 *   <li>{@code 0{...}}: Engine.IO open; the client answers {@code 40}, connect to namespace "/";
 *   <li>{@code 40{...}}: connected to the namespace;
 *   <li>{@code 2}: Engine.IO ping; the client must answer {@code 3} or be dropped;
 *   <li>{@code 42[event, args...]}: a Socket.IO event; the bench sends {@code 42["send", text]}
 *       and receives {@code 42["ready"]} and {@code 42["message", envelope]}.
 * </ul>
 */
public final class SocketIoDialect implements Dialect {

  private static final byte[] MESSAGE = Envelope.ascii("42[\"message\",");
  private static final byte[] READY = Envelope.ascii("42[\"ready\"");
  private static final byte[] CONNECT_ERROR = Envelope.ascii("44");
  private static final byte[] CONNECTED = Envelope.ascii("40");

  @Override
  public String name() {
    return "socketio";
  }

  @Override
  public String path(String room, int clientNumber) {
    return "/socket.io/?EIO=4&transport=websocket&room=" + room;
  }

  @Override
  public String post(String text, String clientId) {
    return "42[\"send\",\"" + text + "\"]";
  }

  @Override
  public Kind read(Connection connection, ByteBuffer buffer, int start, int end) {
    if (Envelope.startsWith(buffer, start, end, MESSAGE)) {
      return Kind.MESSAGE;
    }
    if (end - start == 1 && buffer.get(start) == '2') {
      connection.sendText("3");
      return Kind.OTHER;
    }
    if (end > start && buffer.get(start) == '0') {
      connection.sendText("40");
      return Kind.OTHER;
    }
    if (Envelope.startsWith(buffer, start, end, READY)) {
      return Kind.JOINED;
    }
    if (Envelope.startsWith(buffer, start, end, CONNECT_ERROR)) {
      return Kind.ERROR;
    }
    return Kind.OTHER;
  }

  /** Connected to the namespace ({@code 40}), then the room's {@code ready} event. */
  @Override
  public int snapshotPart(ByteBuffer buffer, int start, int end) {
    if (Envelope.startsWith(buffer, start, end, CONNECTED)) {
      return 1;
    }
    return Envelope.startsWith(buffer, start, end, READY) ? 2 : 0;
  }

  @Override
  public int snapshot() {
    return 3;
  }

  @Override
  public boolean confirmsByEcho() {
    return true;
  }
}
