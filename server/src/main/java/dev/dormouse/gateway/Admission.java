package dev.dormouse.gateway;

import dev.dormouse.auth.Credentials;
import dev.dormouse.auth.OriginPolicy;
import dev.dormouse.config.Settings;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.room.RoomId;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * Decides, before the upgrade and before any room is touched, whether a socket may open and as
 * whom: the origin, the credentials, the anonymous policy, then the connection caps.
 */
final class Admission {

  /** Either a user to open the socket as, or the refusal to answer with. */
  sealed interface Decision {
    record Admit(Optional<UserRef> user) implements Decision {}

    record Refuse(HttpResponse response) implements Decision {}
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

  /** Who is asking: an authenticated user, a guest (empty), or a refusal. */
  Decision identify(Optional<String> authorization, Optional<String> cookie) {
    return switch (credentials.check(authorization, cookie)) {
      case Credentials.Outcome.Authenticated a -> new Decision.Admit(Optional.of(a.user()));
      case Credentials.Outcome.Invalid invalid ->
          refuse(
              StatusCodes.UNAUTHORIZED,
              ErrorCode.UNAUTHORIZED,
              "That session or token is not valid; sign in again.");
      case Credentials.Outcome.None none ->
          settings.auth().anonymous()
              ? new Decision.Admit(Optional.empty())
              : refuse(StatusCodes.UNAUTHORIZED, ErrorCode.UNAUTHORIZED, "Sign in first.");
    };
  }

  Decision socket(
      Optional<String> origin,
      String host,
      Optional<String> authorization,
      Optional<String> cookie,
      RoomId room,
      String address) {
    if (!origins.permits(origin, host)) {
      return refuse(
          StatusCodes.FORBIDDEN,
          ErrorCode.FORBIDDEN_ORIGIN,
          "This origin may not open sockets here.");
    }
    Decision who = identify(authorization, cookie);
    if (who instanceof Decision.Refuse) {
      return who;
    }
    if (registry.countFrom(address) >= settings.limits().connectionsPerIp()) {
      return refuse(
          StatusCodes.TOO_MANY_REQUESTS,
          ErrorCode.TOO_MANY_CONNECTIONS,
          "Too many connections from your address.");
    }
    if (registry.countIn(room) >= settings.limits().connectionsPerRoom()) {
      return refuse(StatusCodes.TOO_MANY_REQUESTS, ErrorCode.ROOM_FULL, "This room is full.");
    }
    return who;
  }

  boolean permitsOrigin(Optional<String> origin, String host) {
    return origins.permits(origin, host);
  }

  private static Decision refuse(
      org.apache.pekko.http.javadsl.model.StatusCode status, ErrorCode code, String message) {
    return new Decision.Refuse(HttpErrors.of(status, code, message));
  }
}
