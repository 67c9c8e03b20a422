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

  /**
   * What a server answered instead of switching protocols: its status and, as sent, its {@code
   * Retry-After} (null when there was none).
   */
  public record Refusal(int status, String retryAfter) {

    /** Retry-After given in seconds, as milliseconds; -1 when absent or an HTTP date. */
    public long retryAfterMillis() {
      if (retryAfter == null || retryAfter.isEmpty() || !retryAfter.chars().allMatch(Character::isDigit)) {
        return -1;
      }
      return Long.parseLong(retryAfter) * 1000;
    }
  }

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
    String accept = header(lines, "sec-websocket-accept");
    if (accept == null) {
      return "no Sec-WebSocket-Accept";
    }
    return accept.equals(accept(key)) ? null : "wrong Sec-WebSocket-Accept";
  }

  /** The refusal a response head holds, or null when it is a 101 or has no status line. */
  public static Refusal refusal(String head) {
    String[] lines = head.split("\r\n");
    String[] status = lines[0].split(" ");
    if (status.length < 2 || !status[0].startsWith("HTTP/") || status[1].equals("101")) {
      return null;
    }
    int code;
    try {
      code = Integer.parseInt(status[1]);
    } catch (NumberFormatException e) {
      return null;
    }
    return new Refusal(code, header(lines, "retry-after"));
  }

  private static String header(String[] lines, String lowerCaseName) {
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0 && lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(lowerCaseName)) {
        return lines[i].substring(colon + 1).trim();
      }
    }
    return null;
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
