package dev.dormouse.bench.dialect;

import dev.dormouse.bench.client.Connection;
import java.nio.ByteBuffer;

/**
 * Dormouse's protocol (docs/protocol.md): a {@code send} frame with a clientId, acked once stored.
 * A socket is in its room once its opening {@code history} frame arrived: frames committed after
 * its join are held for it until then, so none is missed. Its opening snapshot is {@code ready},
 * {@code history} and the first {@code presence}.
 */
public final class DormouseDialect implements Dialect {

  private static final byte[] MESSAGE = Envelope.ascii("{\"type\":\"message\"");
  private static final byte[] ACK = Envelope.ascii("{\"type\":\"ack\"");
  private static final byte[] HISTORY = Envelope.ascii("{\"type\":\"history\"");
  private static final byte[] ERROR = Envelope.ascii("{\"type\":\"error\"");
  private static final byte[] READY = Envelope.ascii("{\"type\":\"ready\"");
  private static final byte[] PRESENCE = Envelope.ascii("{\"type\":\"presence\"");

  @Override
  public String name() {
    return "dormouse";
  }

  /** The whole protocol: without it Dormouse speaks the article's rows of messages only. */
  @Override
  public String subprotocol() {
    return "dormouse.v2";
  }

  @Override
  public String path(String room, int clientNumber) {
    return "/api/chat/" + room + "?name=bench" + clientNumber;
  }

  @Override
  public String post(String text, String clientId) {
    return "{\"type\":\"send\",\"text\":\"" + text + "\",\"clientId\":\"" + clientId + "\"}";
  }

  @Override
  public Kind read(Connection connection, ByteBuffer buffer, int start, int end) {
    if (Envelope.startsWith(buffer, start, end, MESSAGE)) {
      return Kind.MESSAGE;
    }
    if (Envelope.startsWith(buffer, start, end, ACK)) {
      return Kind.ACK;
    }
    if (Envelope.startsWith(buffer, start, end, HISTORY)) {
      return Kind.JOINED;
    }
    if (Envelope.startsWith(buffer, start, end, ERROR)) {
      return Kind.ERROR;
    }
    return Kind.OTHER;
  }

  @Override
  public int snapshotPart(ByteBuffer buffer, int start, int end) {
    if (Envelope.startsWith(buffer, start, end, READY)) {
      return 1;
    }
    if (Envelope.startsWith(buffer, start, end, HISTORY)) {
      return 2;
    }
    return Envelope.startsWith(buffer, start, end, PRESENCE) ? 4 : 0;
  }

  @Override
  public int snapshot() {
    return 7;
  }

  @Override
  public boolean confirmsByEcho() {
    return false;
  }
}
