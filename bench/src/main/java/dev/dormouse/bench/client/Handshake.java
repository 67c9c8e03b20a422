package dev.dormouse.bench.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** The HTTP/1.1 upgrade that opens a WebSocket (RFC 6455 section 4), client side. */
public final class Handshake {

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final String key;
  private final byte[] request;

  /** {@code subprotocol}: offered in {@code Sec-WebSocket-Protocol}, or null for none. */
  public Handshake(String host, int port, String pathAndQuery, String subprotocol) {
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    this.key = Base64.getEncoder().encodeToString(nonce);
    this.request =
        ("GET " + pathAndQuery + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + (subprotocol == null ? "" : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n")
                + "\r\n")
            .getBytes(StandardCharsets.US_ASCII);
  }

  public byte[] request() {
    return request;
  }

  /** Where the response head ends (just past the blank line), or -1 while it is incomplete. */
  public static int endOfHead(byte[] bytes, int length) {
    for (int i = 3; i < length; i++) {
      if (bytes[i] == '\n' && bytes[i - 1] == '\r' && bytes[i - 2] == '\n' && bytes[i - 3] == '\r') {
        return i + 1;
      }
    }
    return -1;
  }

  /** Null when the head is a valid 101 for this key; otherwise why not. */
  public String check(String head) {
    String[] lines = head.split("\r\n");
    if (lines.length == 0 || !lines[0].startsWith("HTTP/1.1 101")) {
      return "no upgrade: " + (lines.length == 0 ? "empty response" : lines[0]);
    }
    String expected = accept(key);
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-accept")) {
        return line.substring(colon + 1).trim().equals(expected) ? null : "wrong Sec-WebSocket-Accept";
      }
    }
    return "no Sec-WebSocket-Accept";
  }

  static String accept(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }
}
