package dev.dormouse.auth;

import io.netty.util.NetUtil;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A host and optional port as a {@code Host} header or an origin writes them: {@code name}, {@code
 * name:8080}, {@code 127.0.0.1:8080}, {@code [::1]:8080}. Parsing is strict and never asks DNS:
 * anything else is no authority at all, and is refused by whoever asked.
 *
 * @param host lower case, without a trailing dot; an IPv6 address keeps its brackets
 * @param port -1 when none was written
 */
public record Authority(String host, int port) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

  public static Optional<Authority> parse(String raw) {
    String value = raw.strip().toLowerCase(Locale.ROOT);
    String host;
    String port;
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      if (close < 0 || !NetUtil.isValidIpV6Address(value.substring(1, close))) {
        return Optional.empty();
      }
      host = value.substring(0, close + 1);
      String rest = value.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        return Optional.empty();
      }
      port = rest.isEmpty() ? null : rest.substring(1);
    } else {
      int colon = value.indexOf(':');
      host = colon < 0 ? value : value.substring(0, colon);
      port = colon < 0 ? null : value.substring(colon + 1);
      if (host.endsWith(".")) {
        host = host.substring(0, host.length() - 1);
      }
      if (!NAME.matcher(host).matches()) {
        return Optional.empty();
      }
    }
    if (port == null) {
      return Optional.of(new Authority(host, -1));
    }
    if (!PORT.matcher(port).matches() || Integer.parseInt(port) > 65_535) {
      return Optional.empty();
    }
    return Optional.of(new Authority(host, Integer.parseInt(port)));
  }

  /** An address written as such, which no DNS answer can stand in for. */
  public boolean isIpAddress() {
    return host.startsWith("[") || NetUtil.isValidIpV4Address(host);
  }

  public int portOr(int defaultPort) {
    return port < 0 ? defaultPort : port;
  }
}
