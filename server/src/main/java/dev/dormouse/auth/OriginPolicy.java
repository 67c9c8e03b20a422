package dev.dormouse.auth;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses browser upgrades from other sites (cross-site WebSocket hijacking): a page on
 * evil.example must not open a socket that carries our users' cookies. Browsers always send {@code
 * Origin} on a WebSocket upgrade; other clients usually do not.
 */
public final class OriginPolicy {

  private final List<String> allowed;
  private final boolean allowMissing;

  /** {@code allowed} empty: only the server's own origin (the request's own Host). */
  public OriginPolicy(List<String> allowed, boolean allowMissing) {
    this.allowed = allowed.stream().map(OriginPolicy::normalize).toList();
    this.allowMissing = allowMissing;
  }

  public boolean permits(Optional<String> origin, String host) {
    if (origin.isEmpty()) {
      return allowMissing;
    }
    String normalized = normalize(origin.get());
    if (!allowed.isEmpty()) {
      return allowed.contains(normalized);
    }
    try {
      URI uri = URI.create(normalized);
      String originHost = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      return originHost != null
          && (originHost.equalsIgnoreCase(host) || sameWithDefaultPort(uri, host));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean sameWithDefaultPort(URI origin, String host) {
    int defaultPort = "https".equals(origin.getScheme()) ? 443 : 80;
    return origin.getPort() < 0 && host.equalsIgnoreCase(origin.getHost() + ":" + defaultPort);
  }

  private static String normalize(String origin) {
    String trimmed = origin.strip().toLowerCase(Locale.ROOT);
    return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }
}
