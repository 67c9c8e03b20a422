package dev.dormouse.auth;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses browser upgrades and sign-ins from other sites (cross-site WebSocket hijacking): a page
 * on evil.example must not open a socket that carries our users' cookies. Browsers always send
 * {@code Origin} on a WebSocket upgrade and a cross-site POST; other clients usually do not.
 *
 * <p>With no {@code ALLOWED_ORIGINS} the one origin allowed is the server's own: the scheme the
 * request came by, and its {@code Host}, but only a Host the server is {@link KnownHosts known} by.
 * Origin and Host alone cannot tell a rebinding page from the server's own (both name the page's
 * host), and the scheme keeps a plain-http page, which anyone on the network can write, from
 * speaking for the https site of the same name.
 */
public final class OriginPolicy {

  private final List<String> allowed;
  private final KnownHosts hosts;
  private final boolean allowMissing;

  /** {@code allowed} empty: only the server's own origin. */
  public OriginPolicy(List<String> allowed, KnownHosts hosts, boolean allowMissing) {
    this.allowed = allowed.stream().map(OriginPolicy::normalize).toList();
    this.hosts = hosts;
    this.allowMissing = allowMissing;
  }

  /**
   * {@code host}: the request's Host header; {@code https}: whether it reached us over TLS, as the
   * proxy in front says with {@code X-Forwarded-Proto}.
   */
  public boolean permits(Optional<String> origin, Optional<String> host, boolean https) {
    if (origin.isEmpty()) {
      return allowMissing;
    }
    String normalized = normalize(origin.get());
    if (!allowed.isEmpty()) {
      return allowed.contains(normalized);
    }
    Optional<Authority> self = host.flatMap(Authority::parse).filter(hosts::includes);
    return self.isPresent() && isOwnOrigin(normalized, self.get(), https ? "https" : "http");
  }

  private static boolean isOwnOrigin(String origin, Authority self, String scheme) {
    String prefix = scheme + "://";
    if (!origin.startsWith(prefix)) {
      return false;
    }
    int defaultPort = scheme.equals("https") ? 443 : 80;
    return Authority.parse(origin.substring(prefix.length()))
        .filter(
            page ->
                page.host().equals(self.host())
                    && page.portOr(defaultPort) == self.portOr(defaultPort))
        .isPresent();
  }

  private static String normalize(String origin) {
    String trimmed = origin.strip().toLowerCase(Locale.ROOT);
    return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }
}
