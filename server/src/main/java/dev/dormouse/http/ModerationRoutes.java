package dev.dormouse.http;

import dev.dormouse.access.Action;
import dev.dormouse.access.Grants;
import dev.dormouse.access.Restriction;
import dev.dormouse.auth.Credentials;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.room.Occupant;
import dev.dormouse.room.RoomEntity;
import dev.dormouse.room.RoomId;
import dev.dormouse.store.RoomSettingsStore;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * A room's moderators at work: delete any message ({@code DELETE …/messages/{messageId}}), kick,
 * ban and mute a person ({@code POST …/kicks}, {@code …/bans}, {@code …/mutes}), read and lift the
 * bans and mutes. Each change goes to the room's entity, which judges it with {@link
 * dev.dormouse.access.Permissions}, stores it and closes or tells the person's sockets on every
 * node; the lists are read from the store. Callers are signed in, from an allowed origin, as for
 * the room's other changing routes.
 */
final class ModerationRoutes {

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

  private final ClusterSharding sharding;
  private final RoomSettingsStore rooms;
  private final RoomRoutes roomRoutes;
  private final Clock clock;

  ModerationRoutes(
      ClusterSharding sharding, RoomSettingsStore rooms, RoomRoutes roomRoutes, Clock clock) {
    this.sharding = sharding;
    this.rooms = rooms;
    this.roomRoutes = roomRoutes;
    this.clock = clock;
  }

  /** What a route has checked before it asks the room: the room, the caller and the body. */
  private record Asked(
      RoomId room, Credentials.Outcome.Authenticated caller, ModerationBody.Valid body) {}

  /** {@code DELETE /api/rooms/{room}/messages/{message}}, body optional {@code {"reason":…}}. */
  void deleteMessage(HttpExchange exchange) {
    String messageId = exchange.param("message");
    if (!RoomRoutes.isUserId(messageId)) {
      exchange.respond(
          Responses.error(
              HttpResponseStatus.BAD_REQUEST, ErrorCode.BAD_REQUEST, "That is no message id."));
      return;
    }
    checked(exchange, ModerationBody.Shape.DELETE)
        .ifPresent(
            asked -> {
              String reason = asked.body().reason().isEmpty() ? null : asked.body().reason();
              exchange.respond(
                  answered(
                      asked.room(),
                      removeMessage(
                          asked.room(),
                          asked.caller().user(),
                          asked.caller().grants(),
                          messageId,
                          reason),
                      moderated ->
                          Responses.json(
                              HttpResponseStatus.OK,
                              Map.of("id", messageId, "seq", moderated.seq()))));
            });
  }

  /**
   * Asks the room to delete {@code messageId} as {@code by}'s moderation, judged there like every
   * write: the route above, and the report queue's "delete".
   */
  CompletionStage<RoomEntity.Moderated> removeMessage(
      RoomId room, UserRef by, Grants grants, String messageId, String reason) {
    Occupant moderator = new Occupant(RoomEntity.RemoveMessage.NO_SOCKET, by, true, grants);
    return sharding
        .entityRefFor(RoomEntity.TYPE_KEY, room.value())
        .ask(
            replyTo -> new RoomEntity.RemoveMessage(moderator, messageId, reason, replyTo),
            ASK_TIMEOUT);
  }

  /** {@code POST /api/rooms/{room}/kicks} with {@code {"userId":…,"reason":…?}}. */
  void kick(HttpExchange exchange) {
    moderate(exchange, ModerationBody.Shape.KICK);
  }

  /** {@code POST /api/rooms/{room}/bans} with {@code {"userId":…,"until":…?,"reason":…?}}. */
  void ban(HttpExchange exchange) {
    moderate(exchange, ModerationBody.Shape.BAN);
  }

  /** {@code POST /api/rooms/{room}/mutes} with {@code {"userId":…,"until":…,"reason":…?}}. */
  void mute(HttpExchange exchange) {
    moderate(exchange, ModerationBody.Shape.MUTE);
  }

  private void moderate(HttpExchange exchange, ModerationBody.Shape shape) {
    checked(exchange, shape)
        .ifPresent(
            asked ->
                exchange.respond(
                    moderate(
                        asked.room(),
                        asked.caller().user(),
                        asked.caller().grants(),
                        shape,
                        asked.body())));
  }

  /**
   * Asks the room to kick, ban or mute ({@code shape}) as {@code by}, who has {@code grants}: the
   * routes above, and the server API's, which acts as an operator admin. The room's answer as HTTP.
   */
  CompletionStage<FullHttpResponse> moderate(
      RoomId room,
      UserRef by,
      Grants grants,
      ModerationBody.Shape shape,
      ModerationBody.Valid body) {
    return switch (shape) {
      case KICK ->
          ask(
              room,
              replyTo -> new RoomEntity.Kick(by, grants, body.userId(), body.reason(), replyTo),
              moderated ->
                  Responses.json(
                      HttpResponseStatus.CREATED,
                      Map.of("userId", body.userId(), "reason", body.reason())));
      case BAN ->
          ask(
              room,
              replyTo ->
                  new RoomEntity.Ban(
                      by, grants, body.userId(), body.until(), body.reason(), replyTo),
              moderated ->
                  Responses.json(HttpResponseStatus.CREATED, bodyOf(moderated.restriction())));
      case MUTE ->
          ask(
              room,
              replyTo ->
                  new RoomEntity.Mute(
                      by, grants, body.userId(), body.until(), body.reason(), replyTo),
              moderated ->
                  Responses.json(HttpResponseStatus.CREATED, bodyOf(moderated.restriction())));
      case DELETE -> throw new IllegalArgumentException("a delete names a message: removeMessage");
    };
  }

  void listBans(HttpExchange exchange) {
    list(exchange, Restriction.Kind.BAN, "bans");
  }

  void listMutes(HttpExchange exchange) {
    list(exchange, Restriction.Kind.MUTE, "mutes");
  }

  void liftBan(HttpExchange exchange) {
    lift(exchange, Restriction.Kind.BAN);
  }

  void liftMute(HttpExchange exchange) {
    lift(exchange, Restriction.Kind.MUTE);
  }

  /** {@code GET …/bans} or {@code …/mutes}: those in force, oldest first. */
  private void list(HttpExchange exchange, Restriction.Kind kind, String name) {
    Optional<RoomId> room = room(exchange);
    if (room.isEmpty()) {
      return;
    }
    Optional<Credentials.Outcome.Authenticated> caller = roomRoutes.signedIn(exchange);
    if (caller.isEmpty()) {
      return;
    }
    exchange.respond(
        roomRoutes.whenAllowed(
            room.get(),
            caller.get().user().id(),
            caller.get().grants(),
            Action.READ_RESTRICTIONS,
            access ->
                rooms
                    .restrictions(room.get())
                    .thenApply(
                        all -> {
                          long now = clock.millis();
                          List<Map<String, Object>> listed =
                              all.stream()
                                  .filter(r -> r.kind() == kind && r.inForce(now))
                                  .sorted(
                                      Comparator.comparingLong(Restriction::at)
                                          .thenComparing(Restriction::userId))
                                  .map(ModerationRoutes::bodyOf)
                                  .toList();
                          return Responses.json(HttpResponseStatus.OK, Map.of(name, listed));
                        })));
  }

  /** {@code DELETE …/bans/{user}} or {@code …/mutes/{user}}: 204, or 404 when there is none. */
  private void lift(HttpExchange exchange, Restriction.Kind kind) {
    String userId = exchange.param("user");
    if (!RoomRoutes.isUserId(userId)) {
      exchange.respond(RoomRoutes.badUserId());
      return;
    }
    Optional<RoomId> room = room(exchange);
    if (room.isEmpty()) {
      return;
    }
    Optional<Credentials.Outcome.Authenticated> caller = roomRoutes.signedIn(exchange);
    if (caller.isEmpty()) {
      return;
    }
    exchange.respond(lift(room.get(), caller.get().user(), caller.get().grants(), kind, userId));
  }

  /**
   * Asks the room to lift {@code userId}'s ban or mute early: 204, or 404 when none is in force.
   */
  CompletionStage<FullHttpResponse> lift(
      RoomId room, UserRef by, Grants grants, Restriction.Kind kind, String userId) {
    return ask(
        room,
        replyTo -> new RoomEntity.Lift(by, grants, kind, userId, replyTo),
        moderated -> Responses.empty(HttpResponseStatus.NO_CONTENT));
  }

  private Optional<Asked> checked(HttpExchange exchange, ModerationBody.Shape shape) {
    Optional<RoomId> room = room(exchange);
    if (room.isEmpty()) {
      return Optional.empty();
    }
    Optional<Credentials.Outcome.Authenticated> caller = roomRoutes.signedIn(exchange);
    if (caller.isEmpty()) {
      return Optional.empty();
    }
    return switch (ModerationBody.parse(exchange.body(), shape, clock.millis())) {
      case ModerationBody.Invalid invalid -> {
        exchange.respond(invalid.response());
        yield Optional.empty();
      }
      case ModerationBody.Valid valid -> Optional.of(new Asked(room.get(), caller.get(), valid));
    };
  }

  private static Optional<RoomId> room(HttpExchange exchange) {
    Optional<RoomId> room = RoomId.parse(exchange.param("room"));
    if (room.isEmpty()) {
      exchange.respond(ChatUpgrade.invalidRoomId());
    }
    return room;
  }

  private CompletionStage<FullHttpResponse> ask(
      RoomId room,
      Function<ActorRef<RoomEntity.Moderated>, RoomEntity.Command> command,
      Function<RoomEntity.Moderated, FullHttpResponse> success) {
    return answered(
        room,
        sharding
            .entityRefFor(RoomEntity.TYPE_KEY, room.value())
            .<RoomEntity.Moderated>ask(command::apply, ASK_TIMEOUT),
        success);
  }

  /** The room's answer as HTTP: {@code success}'s response, its refusal, or unavailable. */
  static CompletionStage<FullHttpResponse> answered(
      RoomId room,
      CompletionStage<RoomEntity.Moderated> answer,
      Function<RoomEntity.Moderated, FullHttpResponse> success) {
    return answer.handle(
        (moderated, failure) -> {
          if (failure != null) {
            return RoomRoutes.unavailable(room, failure);
          }
          if (moderated.refusal() != null) {
            return RoomRoutes.refusal(moderated.refusal(), moderated.message());
          }
          return success.apply(moderated);
        });
  }

  private static Map<String, Object> bodyOf(Restriction restriction) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("userId", restriction.userId());
    body.put("until", restriction.until());
    body.put("reason", restriction.reason());
    body.put("by", restriction.by());
    body.put("at", restriction.at());
    return body;
  }
}
