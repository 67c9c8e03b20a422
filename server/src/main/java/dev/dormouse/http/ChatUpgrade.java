package dev.dormouse.http;

import dev.dormouse.access.Action;
import dev.dormouse.access.Verdict;
import dev.dormouse.auth.Identities;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.Subprotocol;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.room.RoomId;
import dev.dormouse.socket.ResumePoint;
import dev.dormouse.socket.SocketAttachment;
import dev.dormouse.socket.SocketChannels;
import dev.dormouse.store.RoomSettingsStore;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

/**
 * {@code GET /api/chat/{room}}: the route that checks an upgrade and hands it to the room's socket.
 * Everything that can be checked is checked first (room id, admission, query, the upgrade headers),
 * so a bad request costs no room, no storage and no socket. The one check that reads the store (may
 * this person enter the room: a private room admits its members only) comes after the credentials
 * and before the caps, so a refusal tells nothing of how many are inside.
 */
final class ChatUpgrade {

  private static final String WEBSOCKET_VERSION = "13";
  private static final int WEBSOCKET_KEY_BYTES = 16;

  private final Admission admission;
  private final SocketChannels sockets;
  private final RoomSettingsStore rooms;
  private final Clock clock;

  ChatUpgrade(Admission admission, SocketChannels sockets, RoomSettingsStore rooms, Clock clock) {
    this.admission = admission;
    this.sockets = sockets;
    this.rooms = rooms;
    this.clock = clock;
  }

  void upgrade(HttpExchange exchange) {
    Optional<RoomId> room = RoomId.parse(exchange.param("room"));
    if (room.isEmpty()) {
      exchange.respond(invalidRoomId());
      return;
    }
    Optional<Long> since = Optional.empty();
    Optional<String> rawSince = exchange.query("since");
    if (rawSince.isPresent()) {
      since = ApiRoutes.nonNegative(rawSince.get());
      if (since.isEmpty()) {
        refuse(
            exchange, HttpResponseStatus.BAD_REQUEST, "since must be a whole number of 0 or more.");
        return;
      }
    }
    switch (admission.caller(exchange)) {
      case Admission.Decision.Refuse refuse -> exchange.respond(refuse.response());
      case Admission.Decision.Admit admit -> {
        Long resumeFrom = since.orElse(null);
        // Netty releases the request when this handler returns; the handshake after the store's
        // answer still needs it, on the channel's own thread.
        exchange.request().retain();
        rooms
            .access(room.get(), admit.user().map(UserRef::id).orElse(null))
            .whenCompleteAsync(
                (access, failure) -> {
                  try {
                    if (failure != null) {
                      exchange.respond(RoomRoutes.unavailable(room.get(), failure));
                    } else if (access.decide(
                            admit.grants(), room.get().value(), Action.JOIN, clock.millis())
                        instanceof Verdict.Refused r) {
                      exchange.respond(RoomRoutes.refusal(r.code(), access));
                    } else {
                      admitted(exchange, room.get(), admit, resumeFrom);
                    }
                  } finally {
                    exchange.request().release();
                  }
                },
                exchange.context().executor());
      }
    }
  }

  private void admitted(
      HttpExchange exchange, RoomId room, Admission.Decision.Admit admit, Long since) {
    switch (admission.reserve(exchange, room, admit)) {
      case Admission.Decision.Refuse refuse -> exchange.respond(refuse.response());
      case Admission.Decision.Admit admitted -> {
        if (!handshake(exchange, room, admitted, since)) {
          admission.releaseAddress(exchange.address());
        }
      }
    }
  }

  /** False when the request is no valid RFC 6455 upgrade; it has then been answered. */
  private boolean handshake(
      HttpExchange exchange, RoomId room, Admission.Decision.Admit admitted, Long since) {
    Optional<UserRef> authenticated = admitted.user();
    HttpHeaders headers = exchange.request().headers();
    if (!headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
        || !headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
      exchange.respond(
          Responses.text(HttpResponseStatus.UPGRADE_REQUIRED, "Expected Upgrade: websocket"));
      return false;
    }
    if (!WEBSOCKET_VERSION.equals(headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
      var response =
          Responses.text(HttpResponseStatus.UPGRADE_REQUIRED, "Use WebSocket version 13.");
      response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, WEBSOCKET_VERSION);
      exchange.respond(response);
      return false;
    }
    if (!isValidKey(headers.get(HttpHeaderNames.SEC_WEBSOCKET_KEY))) {
      refuse(
          exchange,
          HttpResponseStatus.BAD_REQUEST,
          "Sec-WebSocket-Key must be 16 bytes in base64.");
      return false;
    }
    Optional<Subprotocol> subprotocol =
        Subprotocol.negotiate(headers.get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL));
    if (subprotocol.isEmpty()) {
      exchange.respond(
          Responses.error(
              HttpResponseStatus.BAD_REQUEST,
              ErrorCode.UNSUPPORTED_SUBPROTOCOL,
              "Offer the subprotocol " + Subprotocol.DORMOUSE_V2.token() + ", or none."));
      return false;
    }
    UserRef user =
        authenticated.orElseGet(
            () ->
                new UserRef(
                    Identities.newUserId(), Identities.displayName(exchange.query("name"))));
    SocketAttachment attachment =
        new SocketAttachment(
            Identities.newSocketId(),
            user,
            room,
            exchange.address(),
            subprotocol.get(),
            authenticated.isPresent(),
            admitted.grants());
    sockets.upgrade(
        exchange.context(),
        exchange.request(),
        attachment,
        new ResumePoint(
            since, nonBlank(exchange.query("epoch")), nonBlank(exchange.query("last"))));
    return true;
  }

  private static String nonBlank(Optional<String> value) {
    return value.filter(v -> !v.isBlank()).orElse(null);
  }

  /** RFC 6455, 4.2.1: the key is a random 16-byte value, base64-encoded. */
  private static boolean isValidKey(String key) {
    if (key == null) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(key.strip()).length == WEBSOCKET_KEY_BYTES;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void refuse(HttpExchange exchange, HttpResponseStatus status, String message) {
    exchange.respond(Responses.error(status, ErrorCode.BAD_REQUEST, message));
  }

  static io.netty.handler.codec.http.FullHttpResponse invalidRoomId() {
    return Responses.error(
        HttpResponseStatus.BAD_REQUEST,
        ErrorCode.INVALID_ROOM_ID,
        "A room id is 1 to 64 characters from A-Z, a-z, 0-9, _ and -.");
  }
}
