package dev.dormouse.http;

import dev.dormouse.auth.KnownHosts;
import dev.dormouse.protocol.ErrorCode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Refuses a request whose {@code Host} is not a name this server is {@link KnownHosts known} by,
 * before any route reads or changes anything. A page whose own name was made to resolve here (DNS
 * rebinding) is same-origin with us as far as its browser knows; without this it could read history
 * and, from this machine, metrics, and open sockets as a guest. {@code 421 Misdirected Request} is
 * HTTP's answer for a request this server will not answer for that name.
 */
final class HostCheck {

  private final KnownHosts hosts;

  HostCheck(KnownHosts hosts) {
    this.hosts = hosts;
  }

  /** {@code handler}, for requests under a known name; everything else gets the 421. */
  Router.Handler only(Router.Handler handler) {
    return exchange -> {
      if (hosts.includes(exchange.header(HttpHeaderNames.HOST))) {
        handler.handle(exchange);
      } else {
        exchange.respond(
            Responses.error(
                HttpResponseStatus.MISDIRECTED_REQUEST,
                ErrorCode.UNKNOWN_HOST,
                "This server does not answer to that name; its operator can add it to"
                    + " ALLOWED_HOSTS."));
      }
    };
  }
}
