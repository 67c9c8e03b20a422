package dev.dormouse;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A bare RFC 6455 client over a TCP socket, for what no well-behaved client library will send:
 * invalid UTF-8, close frames without a code. It skips data frames and reads until a close frame.
 */
public final class RawSocket implements AutoCloseable {

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private RawSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.socket.setSoTimeout(20_000);
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  public static RawSocket open(int port, String path) {
    try {
      RawSocket raw = new RawSocket(new Socket("127.0.0.1", port));
      String key =
          Base64.getEncoder()
              .encodeToString("dormouse-test-ky".getBytes(StandardCharsets.US_ASCII));
      raw.out.write(
          ("GET "
                  + path
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Key: "
                  + key
                  + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      raw.skipHeaders();
      return raw;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends {@code request} as it is and returns the HTTP status of the answer, or -1 if none. */
  public static int statusOf(int port, String request) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = socket.getInputStream().read()) >= 0 && b != '\n') {
        line.append((char) b);
      }
      String[] parts = line.toString().split(" ");
      return parts.length >= 2 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1]) : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * Sends {@code request} as it is and returns the head of the answer (status line and headers), or
   * "" if none.
   */
  public static String headOf(int port, String request) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      StringBuilder head = new StringBuilder();
      int b;
      while ((b = socket.getInputStream().read()) >= 0) {
        head.append((char) b);
        if (head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
          break;
        }
      }
      return head.toString();
    } catch (IOException e) {
      return "";
    }
  }

  /** A well-formed upgrade request for {@code path}, plus any extra header lines. */
  public static String upgradeRequest(String path, String... extraHeaders) {
    StringBuilder request =
        new StringBuilder(
            "GET "
                + path
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: ZG9ybW91c2UtdGVzdC1reQ==\r\nSec-WebSocket-Version: 13\r\n");
    for (String header : extraHeaders) {
      request.append(header).append("\r\n");
    }
    return request.append("\r\n").toString();
  }

  public void sendTextFrame(byte[] payload) {
    sendFrame(0x1, payload);
  }

  /** A close frame with this code, or with no payload at all when {@code code} is negative. */
  public void sendClose(int code) {
    sendFrame(0x8, code < 0 ? new byte[0] : new byte[] {(byte) (code >> 8), (byte) code});
  }

  public int readCloseCode() {
    try {
      while (true) {
        int first = in.readUnsignedByte();
        int length = in.readUnsignedByte() & 0x7F;
        if (length == 126) {
          length = in.readUnsignedShort();
        } else if (length == 127) {
          length = (int) in.readLong();
        }
        byte[] payload = in.readNBytes(length);
        if ((first & 0x0F) == 0x8) {
          return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Ends the TCP connection with a reset (SO_LINGER 0): no close frame, not even a FIN. */
  public void reset() {
    try {
      socket.setSoLinger(true, 0);
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes bytes as they are, framing or not. */
  public void sendRaw(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void sendFrame(int opcode, byte[] payload) {
    sendFrame(0x80 | opcode, true, payload);
  }

  /**
   * A frame with this first byte (FIN, reserved bits, opcode) and payload, masked as RFC 6455
   * requires of clients or, to test that the server refuses it, not.
   */
  public void sendFrame(int firstByte, boolean masked, byte[] payload) {
    // One write: a server that refuses the header may close before a byte-wise write finishes.
    java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream(payload.length + 8);
    byte[] mask = {1, 2, 3, 4};
    frame.write(firstByte);
    int maskBit = masked ? 0x80 : 0;
    if (payload.length < 126) {
      frame.write(maskBit | payload.length);
    } else {
      frame.write(maskBit | 126);
      frame.write(payload.length >> 8);
      frame.write(payload.length & 0xFF);
    }
    if (masked) {
      frame.writeBytes(mask);
    }
    for (int i = 0; i < payload.length; i++) {
      frame.write(masked ? payload[i] ^ mask[i % 4] : payload[i]);
    }
    sendRaw(frame.toByteArray());
  }

  private void skipHeaders() throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed during handshake");
      }
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
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
}
