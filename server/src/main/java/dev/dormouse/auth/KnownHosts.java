package dev.dormouse.auth;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The names this server answers to: the defence against DNS rebinding. A browser puts the name from
 * the page's address in {@code Host}. A page at {@code http://evil.example:8080} whose owner makes
 * that name resolve to this server is same-origin with it as far as the browser can tell: it may
 * read our answers and open sockets, and its requests say {@code Host: evil.example:8080} and
 * {@code Origin: http://evil.example:8080}. A server that trusted any Host would take it for
 * itself.
 *
 * <p>Known without configuration: IP addresses, which no DNS answer can stand in for, and {@code
 * localhost} and its subdomains, which browsers resolve to loopback themselves (RFC 6761). Known
 * besides: the names in {@code ALLOWED_HOSTS} and the hosts of {@code ALLOWED_ORIGINS}; whoever
 * could make those resolve here controls those sites already.
 */
public final class KnownHosts {

  private final Set<String> names = new HashSet<>();

  public KnownHosts(List<String> allowedHosts, List<String> allowedOrigins) {
    for (String host : allowedHosts) {
      Authority.parse(host).ifPresent(authority -> names.add(authority.host()));
    }
    for (String origin : allowedOrigins) {
      hostOf(origin).ifPresent(names::add);
    }
  }

  /** Whether a {@code Host} header (empty when absent) names this server. */
  public boolean includes(Optional<String> host) {
    return host.flatMap(Authority::parse).map(this::includes).orElse(false);
  }

  public boolean includes(Authority authority) {
    String host = authority.host();
    return authority.isIpAddress()
        || host.equals("localhost")
        || host.endsWith(".localhost")
        || names.contains(host);
  }

  private static Optional<String> hostOf(String origin) {
    try {
      URI uri = URI.create(origin.strip());
      return uri.getRawAuthority() == null
          ? Optional.empty()
          : Authority.parse(uri.getRawAuthority()).map(Authority::host);
    } catch (IllegalArgumentException notAnOrigin) {
      return Optional.empty();
    }
  }
}
