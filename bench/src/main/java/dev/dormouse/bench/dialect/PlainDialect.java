package dev.dormouse.bench.dialect;

import dev.dormouse.bench.client.Connection;
import java.nio.ByteBuffer;

/**
 * The article's protocol, spoken by the Node {@code ws} peer and the Durable Object peer: post
 * plain text, receive the envelope. The peers send {@code {"type":"ready"}} once the socket is in
 * its room.
 */
public final class PlainDialect implements Dialect {

  private static final byte[] MESSAGE = Envelope.ascii("{\"type\":\"message\"");
  private static final byte[] READY = Envelope.ascii("{\"type\":\"ready\"");

  private final String name;
  private final String pathPrefix;

  /** {@code pathPrefix} comes before the room in the path, for example "/broadcast/". */
  public PlainDialect(String name, String pathPrefix) {
    this.name = name;
    this.pathPrefix = pathPrefix;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String path(String room, int clientNumber) {
    return pathPrefix + room;
  }

  @Override
  public String post(String text, String clientId) {
    return text;
  }

  @Override
  public Kind read(Connection connection, ByteBuffer buffer, int start, int end) {
    if (Envelope.startsWith(buffer, start, end, MESSAGE)) {
      return Kind.MESSAGE;
    }
    if (Envelope.startsWith(buffer, start, end, READY)) {
      return Kind.JOINED;
    }
    return Kind.OTHER;
  }

  @Override
  public int snapshotPart(ByteBuffer buffer, int start, int end) {
    return Envelope.startsWith(buffer, start, end, READY) ? 1 : 0;
  }

  @Override
  public int snapshot() {
    return 1;
  }

  @Override
  public boolean confirmsByEcho() {
    return true;
  }
}
