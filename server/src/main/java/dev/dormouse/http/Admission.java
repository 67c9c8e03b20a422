package dev.dormouse.http;

import dev.dormouse.access.Grants;
import dev.dormouse.auth.Credentials;
import dev.dormouse.auth.OriginPolicy;
import dev.dormouse.config.Settings;
import dev.dormouse.fanout.SocketRegistry;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.room.RoomId;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;

/**
 * Decides, before the upgrade and before any room is touched, whether a socket may open and as
 * whom: the origin, the credentials, the anonymous policy, then the connection caps.
 */
final class Admission {

  /**
   * What a socket refused by a cap is told to wait, in seconds: a place frees whenever a socket
   * closes, so a short wait. Browsers cannot read it (a failed upgrade is only an error event) and
   * back off on their own; other clients should not come back sooner.
   */
  static final int RETRY_AFTER_SECONDS = 5;

  /** Either a user to open the socket as, or the refusal to answer with. */
  sealed interface Decision {
    /** {@code user} empty: a guest. {@code grants}: what an operator's token grants. */
    record Admit(Optional<UserRef> user, Grants grants) implements Decision {}

    record Refuse(HttpResponseStatus status, ErrorCode code, String message) implements Decision {
      FullHttpResponse response() {
        FullHttpResponse response = Responses.error(status, code, message);
        if (status.equals(HttpResponseStatus.TOO_MANY_REQUESTS)) {
          response.headers().set(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return response;
      }
    }
  }

  private final Credentials credentials;
  private final OriginPolicy origins;
  private final Settings settings;
  private final SocketRegistry registry;

  Admission(
      Credentials credentials, OriginPolicy origins, Settings settings, SocketRegistry registry) {
    this.credentials = credentials;
    this.origins = origins;
    this.settings = settings;
    this.registry = registry;
  }

  Credentials credentials() {
    return credentials;
  }

  /** Who is asking: an authenticated user, a guest (empty), or a refusal. */
  Decision identify(HttpExchange exchange) {
    return switch (check(exchange)) {
      case Credentials.Outcome.Authenticated a ->
          new Decision.Admit(Optional.of(a.user()), a.grants());
      case Credentials.Outcome.Invalid invalid ->
          new Decision.Refuse(
              HttpResponseStatus.UNAUTHORIZED,
              ErrorCode.UNAUTHORIZED,
              "That session or token is not valid; sign in again.");
      case Credentials.Outcome.None none ->
          settings.auth().anonymous()
              ? new Decision.Admit(Optional.empty(), Grants.NONE)
              : new Decision.Refuse(
                  HttpResponseStatus.UNAUTHORIZED, ErrorCode.UNAUTHORIZED, "Sign in first.");
    };
  }

  Credentials.Outcome check(HttpExchange exchange) {
    return credentials.check(
        exchange.header("Authorization"), exchange.cookie(Credentials.SESSION_COOKIE));
  }

  /** Who may open a socket, by origin and credentials alone: no cap is counted yet. */
  Decision caller(HttpExchange exchange) {
    if (!permitsOrigin(exchange)) {
      return new Decision.Refuse(
          HttpResponseStatus.FORBIDDEN,
          ErrorCode.FORBIDDEN_ORIGIN,
          "This origin may not open sockets here.");
    }
    return identify(exchange);
  }

  /**
   * The caps for an admitted caller: the room's and the address's. Holds one of the address's
   * places when it admits; whoever opens the socket gives the place back when it closes.
   */
  Decision reserve(HttpExchange exchange, RoomId room, Decision who) {
    if (registry.countIn(room) >= settings.limits().connectionsPerRoom()) {
      return new Decision.Refuse(
          HttpResponseStatus.TOO_MANY_REQUESTS, ErrorCode.ROOM_FULL, "This room is full.");
    }
    if (!registry.reserveAddress(exchange.address(), settings.limits().connectionsPerIp())) {
      return new Decision.Refuse(
          HttpResponseStatus.TOO_MANY_REQUESTS,
          ErrorCode.TOO_MANY_CONNECTIONS,
          "Too many connections from your address.");
    }
    return who;
  }

  void releaseAddress(String address) {
    registry.releaseAddress(address);
  }

  boolean permitsOrigin(HttpExchange exchange) {
    return origins.permits(exchange.header("Origin"), exchange.header("Host"), exchange.isHttps());
  }
}
