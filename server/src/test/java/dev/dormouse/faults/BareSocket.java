package dev.dormouse.faults;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket at the level of TCP, for ways of dying that a client library does not offer: a
 * connection reset, or a peer that goes silent without closing anything.
 */
final class BareSocket implements AutoCloseable {

  private static final int CLOSE = 0x8;

  private final Socket socket;
  private final DataInputStream in;

  private BareSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
  }

  /** Opens {@code uri} (ws://host:port/path?query) and completes the upgrade handshake. */
  static BareSocket open(URI uri) {
    try {
      BareSocket bare = new BareSocket(new Socket(uri.getHost(), uri.getPort()));
      bare.socket.setSoTimeout(20_000);
      byte[] nonce = new byte[16];
      ThreadLocalRandom.current().nextBytes(nonce);
      String request =
          "GET "
              + uri.getRawPath()
              + "?"
              + uri.getRawQuery()
              + " HTTP/1.1\r\n"
              + "Host: "
              + uri.getHost()
              + ":"
              + uri.getPort()
              + "\r\n"
              + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
              + "Sec-WebSocket-Key: "
              + Base64.getEncoder().encodeToString(nonce)
              + "\r\n\r\n";
      bare.socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      String status = bare.readResponseHead();
      if (!status.startsWith("HTTP/1.1 101")) {
        throw new IOException("upgrade refused: " + status);
      }
      return bare;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes the TCP connection with a reset (SO_LINGER 0): no close frame, not even a FIN. */
  void reset() {
    try {
      socket.setSoLinger(true, 0);
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads what the server sent, skipping data and ping frames, up to its close frame's code. */
  int closeCodeFromServer() {
    try {
      while (true) {
        int opcode = in.readUnsignedByte() & 0x0F;
        long length = in.readUnsignedByte() & 0x7F;
        if (length == 126) {
          length = in.readUnsignedShort();
        } else if (length == 127) {
          length = in.readLong();
        }
        byte[] payload = in.readNBytes((int) length);
        if (opcode == CLOSE) {
          return payload.length < 2 ? -1 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The status line; the rest of the head is read and dropped. */
  private String readResponseHead() throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed during the handshake: " + head);
      }
      head.append((char) b);
    }
    return head.substring(0, head.indexOf("\r\n"));
  }
}
