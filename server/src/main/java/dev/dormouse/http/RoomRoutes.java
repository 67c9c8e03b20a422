package dev.dormouse.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dormouse.access.Action;
import dev.dormouse.access.Grants;
import dev.dormouse.access.Role;
import dev.dormouse.access.RoomAccess;
import dev.dormouse.access.RoomSettings;
import dev.dormouse.access.Verdict;
import dev.dormouse.auth.Credentials;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.protocol.RoomInfo;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.room.RoomEntity;
import dev.dormouse.room.RoomId;
import dev.dormouse.store.RoomSettingsStore;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rooms a team can run: claim one ({@code POST /api/rooms}), read its settings ({@code GET}),
 * change them ({@code PATCH}), and give or take roles ({@code PUT} and {@code DELETE} on {@code
 * /members/{userId}}). Changes go to the room's entity, which judges and stores them; reads go to
 * the store. The permission rules themselves are {@link dev.dormouse.access.Permissions}'.
 */
final class RoomRoutes {

  private static final Logger log = LoggerFactory.getLogger(RoomRoutes.class);
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
  private static final int MAX_USER_ID = 64;
  private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final int GENERATED_ID_LENGTH = 16;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int DEFAULT_AUDIT_PAGE = 50;
  private static final int MAX_AUDIT_PAGE = 100;
  private static final Pattern AUDIT_CURSOR = Pattern.compile("[0-9a-z]{1,32}");

  private static final Map<ErrorCode, String> TEXTS =
      Map.of(
          ErrorCode.NOT_A_MEMBER, "This room is for its members; ask one of them for an invite.",
          ErrorCode.FORBIDDEN, "Your role in this room does not allow that.",
          ErrorCode.NOT_CLAIMED, "Nobody owns this room; claim it first with POST /api/rooms.");

  private final ClusterSharding sharding;
  private final RoomSettingsStore rooms;
  private final Admission admission;
  private final Clock clock;

  RoomRoutes(ClusterSharding sharding, RoomSettingsStore rooms, Admission admission, Clock clock) {
    this.sharding = sharding;
    this.rooms = rooms;
    this.admission = admission;
    this.clock = clock;
  }

  /** {@code POST /api/rooms}: claims a room for the signed-in caller, who becomes its owner. */
  void create(HttpExchange exchange) {
    Optional<Credentials.Outcome.Authenticated> caller = signedIn(exchange);
    if (caller.isEmpty()) {
      return;
    }
    switch (RoomSettingsBody.parse(exchange.body(), true)) {
      case RoomSettingsBody.Invalid invalid -> exchange.respond(invalid.response());
      case RoomSettingsBody.Valid valid -> {
        Optional<RoomId> room =
            valid.id() == null ? Optional.of(generatedId()) : RoomId.parse(valid.id());
        if (room.isEmpty()) {
          exchange.respond(ChatUpgrade.invalidRoomId());
          return;
        }
        RoomSettings settings = valid.change().forNewRoom(caller.get().user().id(), clock.millis());
        // Claiming a room in use is for operators with the admin claim; nobody else.
        boolean admin = caller.get().grants().admin();
        exchange.respond(
            ask(
                room.get(),
                replyTo -> new RoomEntity.Claim(caller.get().user(), settings, admin, replyTo),
                HttpResponseStatus.CREATED,
                admin));
      }
    }
  }

  /** {@code GET /api/rooms/{room}}: the settings, to anyone who may join; unclaimed rooms too. */
  void show(HttpExchange exchange) {
    Optional<Reader> reader = reader(exchange);
    if (reader.isEmpty()) {
      return;
    }
    RoomId room = reader.get().room();
    Grants grants = reader.get().grants();
    exchange.respond(
        whenAllowed(
            reader.get(),
            Action.VIEW_SETTINGS,
            access ->
                CompletableFuture.completedFuture(
                    Responses.json(
                        HttpResponseStatus.OK,
                        info(
                            room,
                            access.settings(),
                            access.role(grants, room.value()),
                            grants.admin())))));
  }

  /**
   * {@code GET /api/rooms/{room}/audit?before=<cursor>&limit=<1..100>}: the room's audit log,
   * newest first, for those who may run the room (its owner, moderators and operator admins).
   */
  void audit(HttpExchange exchange) {
    Optional<Reader> reader = reader(exchange);
    if (reader.isEmpty()) {
      return;
    }
    RoomId room = reader.get().room();
    Optional<String> before = exchange.query("before");
    Optional<Integer> limit = pageSize(exchange.query("limit"));
    if (limit.isEmpty() || before.isPresent() && !AUDIT_CURSOR.matcher(before.get()).matches()) {
      exchange.respond(
          Responses.error(
              HttpResponseStatus.BAD_REQUEST,
              ErrorCode.BAD_REQUEST,
              "limit is 1 to " + MAX_AUDIT_PAGE + "; before is a cursor this route gave."));
      return;
    }
    exchange.respond(
        whenAllowed(
            reader.get(),
            Action.READ_AUDIT,
            access ->
                rooms
                    .auditLog(room, before.orElse(null), limit.get())
                    .thenApply(
                        page -> {
                          Map<String, Object> body = new HashMap<>();
                          body.put("entries", page.entries());
                          body.put("cursor", page.hasMore() ? page.entries().getLast().id() : null);
                          return Responses.json(HttpResponseStatus.OK, body);
                        })));
  }

  private static Optional<Integer> pageSize(Optional<String> raw) {
    if (raw.isEmpty()) {
      return Optional.of(DEFAULT_AUDIT_PAGE);
    }
    try {
      int size = Integer.parseInt(raw.get());
      return size >= 1 && size <= MAX_AUDIT_PAGE ? Optional.of(size) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** {@code PATCH /api/rooms/{room}}: for the owner and moderators. */
  void change(HttpExchange exchange) {
    Optional<RoomId> room = RoomId.parse(exchange.param("room"));
    if (room.isEmpty()) {
      exchange.respond(ChatUpgrade.invalidRoomId());
      return;
    }
    Optional<Credentials.Outcome.Authenticated> caller = signedIn(exchange);
    if (caller.isEmpty()) {
      return;
    }
    switch (RoomSettingsBody.parse(exchange.body(), false)) {
      case RoomSettingsBody.Invalid invalid -> exchange.respond(invalid.response());
      case RoomSettingsBody.Valid valid ->
          exchange.respond(
              ask(
                  room.get(),
                  replyTo ->
                      new RoomEntity.ChangeSettings(
                          caller.get().user(), caller.get().grants(), valid.change(), replyTo),
                  HttpResponseStatus.OK,
                  caller.get().grants().admin()));
    }
  }

  /** {@code PUT /api/rooms/{room}/members/{user}} with {@code {"role":"member"|"moderator"}}. */
  void setMember(HttpExchange exchange) {
    Optional<Role> role = roleOf(exchange.body());
    if (role.isEmpty()) {
      exchange.respond(
          Responses.error(
              HttpResponseStatus.BAD_REQUEST,
              ErrorCode.INVALID_SETTINGS,
              "role is member or moderator.",
              "role"));
      return;
    }
    setRole(exchange, role.get(), HttpResponseStatus.OK);
  }

  /** {@code DELETE /api/rooms/{room}/members/{user}}: takes the person out of the room. */
  void removeMember(HttpExchange exchange) {
    setRole(exchange, Role.NONE, HttpResponseStatus.NO_CONTENT);
  }

  private void setRole(HttpExchange exchange, Role role, HttpResponseStatus success) {
    Optional<RoomId> room = RoomId.parse(exchange.param("room"));
    if (room.isEmpty()) {
      exchange.respond(ChatUpgrade.invalidRoomId());
      return;
    }
    String userId = exchange.param("user");
    if (!isUserId(userId)) {
      exchange.respond(badUserId());
      return;
    }
    Optional<Credentials.Outcome.Authenticated> caller = signedIn(exchange);
    if (caller.isEmpty()) {
      return;
    }
    exchange.respond(
        sharding
            .entityRefFor(RoomEntity.TYPE_KEY, room.get().value())
            .<RoomEntity.Configured>ask(
                replyTo ->
                    new RoomEntity.SetRole(
                        caller.get().user(), caller.get().grants(), userId, role, replyTo),
                ASK_TIMEOUT)
            .handle(
                (configured, failure) -> {
                  if (failure != null) {
                    return unavailable(room.get(), failure);
                  }
                  if (configured.refusal() != null) {
                    return refusal(configured.refusal(), configured.message());
                  }
                  return success == HttpResponseStatus.NO_CONTENT
                      ? Responses.empty(success)
                      : Responses.json(success, Map.of("userId", userId, "role", role.wire()));
                }));
  }

  /** Who asks about which room: {@code user} is null for a guest without credentials. */
  record Reader(RoomId room, UserRef user, Grants grants) {
    String userId() {
      return user == null ? null : user.id();
    }
  }

  /**
   * The room a room route names and who asks, as the upgrade admits them; empty when the answer (a
   * bad room id, refused credentials) is already sent.
   */
  Optional<Reader> reader(HttpExchange exchange) {
    Optional<RoomId> room = RoomId.parse(exchange.param("room"));
    if (room.isEmpty()) {
      exchange.respond(ChatUpgrade.invalidRoomId());
      return Optional.empty();
    }
    return switch (admission.identify(exchange)) {
      case Admission.Decision.Refuse refuse -> {
        exchange.respond(refuse.response());
        yield Optional.empty();
      }
      case Admission.Decision.Admit admit ->
          Optional.of(new Reader(room.get(), admit.user().orElse(null), admit.grants()));
    };
  }

  /**
   * The room a changing room route names and its caller, signed in with a session or an operator
   * token from a permitted origin; empty when the answer is already sent.
   */
  Optional<Reader> signedInReader(HttpExchange exchange) {
    Optional<RoomId> room = RoomId.parse(exchange.param("room"));
    if (room.isEmpty()) {
      exchange.respond(ChatUpgrade.invalidRoomId());
      return Optional.empty();
    }
    return signedIn(exchange).map(caller -> new Reader(room.get(), caller.user(), caller.grants()));
  }

  /** As below, for the room a route names and who asks there. */
  CompletionStage<FullHttpResponse> whenAllowed(
      Reader reader,
      Action action,
      Function<RoomAccess, CompletionStage<FullHttpResponse>> allowed) {
    return whenAllowed(reader.room(), reader.userId(), reader.grants(), action, allowed);
  }

  /**
   * Answers with {@code allowed}'s response when the viewer may do {@code action} in the room, and
   * with the refusal otherwise: the history and people routes ask here first.
   */
  CompletionStage<FullHttpResponse> whenAllowed(
      RoomId room,
      String viewer,
      Grants grants,
      Action action,
      Function<RoomAccess, CompletionStage<FullHttpResponse>> allowed) {
    return rooms
        .access(room, viewer)
        .thenCompose(
            access ->
                access.decide(grants, room.value(), action, clock.millis())
                        instanceof Verdict.Refused refused
                    ? CompletableFuture.completedFuture(refusal(refused.code(), access))
                    : allowed.apply(access))
        .exceptionally(failure -> unavailable(room, failure));
  }

  /**
   * Asks the room's entity for a change, answering with the room as it then is; {@code admin}: the
   * asker is an operator admin, which the answer says.
   */
  CompletionStage<FullHttpResponse> ask(
      RoomId room,
      Function<ActorRef<RoomEntity.Configured>, RoomEntity.Configure> command,
      HttpResponseStatus success,
      boolean admin) {
    return sharding
        .entityRefFor(RoomEntity.TYPE_KEY, room.value())
        .<RoomEntity.Configured>ask(command::apply, ASK_TIMEOUT)
        .handle(
            (configured, failure) -> {
              if (failure != null) {
                return unavailable(room, failure);
              }
              if (configured.refusal() != null) {
                return refusal(configured.refusal(), configured.message());
              }
              return Responses.json(
                  success, info(room, configured.settings(), configured.role(), admin));
            });
  }

  /** The caller, signed in with a session or an operator token; else answered 401 (or 403). */
  Optional<Credentials.Outcome.Authenticated> signedIn(HttpExchange exchange) {
    if (!admission.permitsOrigin(exchange)) {
      exchange.respond(
          Responses.error(
              HttpResponseStatus.FORBIDDEN,
              ErrorCode.FORBIDDEN_ORIGIN,
              "This origin may not change rooms here."));
      return Optional.empty();
    }
    return switch (admission.check(exchange)) {
      case Credentials.Outcome.Authenticated authenticated -> Optional.of(authenticated);
      case Credentials.Outcome.Invalid invalid -> {
        exchange.respond(
            Responses.error(
                HttpResponseStatus.UNAUTHORIZED,
                ErrorCode.UNAUTHORIZED,
                "That session or token is not valid; sign in again."));
        yield Optional.empty();
      }
      case Credentials.Outcome.None none -> {
        exchange.respond(
            Responses.error(
                HttpResponseStatus.UNAUTHORIZED,
                ErrorCode.UNAUTHORIZED,
                "Sign in first: a room belongs to a person with a session."));
        yield Optional.empty();
      }
    };
  }

  static boolean isUserId(String userId) {
    return userId != null
        && !userId.isBlank()
        && userId.length() <= MAX_USER_ID
        && userId.codePoints().noneMatch(Character::isISOControl);
  }

  static FullHttpResponse badUserId() {
    return Responses.error(
        HttpResponseStatus.BAD_REQUEST,
        ErrorCode.BAD_REQUEST,
        "A user id is 1 to " + MAX_USER_ID + " characters.");
  }

  private static Optional<Role> roleOf(String body) {
    try {
      JsonNode json = FrameCodec.json().readTree(body.isBlank() ? "{}" : body);
      if (json == null || !json.isObject() || json.size() != 1 || !json.path("role").isTextual()) {
        return Optional.empty();
      }
      return Role.parse(json.get("role").asText())
          .filter(r -> r == Role.MEMBER || r == Role.MODERATOR);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static RoomInfo info(RoomId room, RoomSettings settings, Role role, boolean admin) {
    return new RoomInfo(
        room.value(),
        settings.claimed(),
        settings.owner(),
        settings.title(),
        settings.topic(),
        settings.visibility().wire(),
        settings.postPolicy().wire(),
        settings.slowModeSeconds(),
        settings.claimed() ? settings.createdAt() : null,
        role.wire(),
        admin ? Boolean.TRUE : null);
  }

  /** Sixteen characters of [a-z0-9], about 82 bits: a private room's id nobody guesses. */
  private static RoomId generatedId() {
    StringBuilder id = new StringBuilder(GENERATED_ID_LENGTH);
    for (int i = 0; i < GENERATED_ID_LENGTH; i++) {
      id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
    }
    return new RoomId(id.toString());
  }

  static FullHttpResponse refusal(ErrorCode code) {
    return refusal(code, TEXTS.getOrDefault(code, "You may not do that here."));
  }

  /** The refusal of a check of {@code access}: a ban's says until when, if it ends. */
  static FullHttpResponse refusal(ErrorCode code, RoomAccess access) {
    if (code != ErrorCode.BANNED) {
      return refusal(code);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", code.wire());
    body.put("message", "You are banned from this room.");
    if (access.ban().until() != null) {
      body.put("until", access.ban().until());
    }
    return Responses.json(HttpResponseStatus.FORBIDDEN, body);
  }

  static FullHttpResponse refusal(ErrorCode code, String message) {
    HttpResponseStatus status =
        switch (code) {
          case NOT_A_MEMBER, FORBIDDEN, FORBIDDEN_SCOPE, READ_ONLY, BANNED, MUTED ->
              HttpResponseStatus.FORBIDDEN;
          case RATE_LIMITED, SLOW_MODE -> HttpResponseStatus.TOO_MANY_REQUESTS;
          case NOT_FOUND, INVITE_INVALID -> HttpResponseStatus.NOT_FOUND;
          case INVITE_EXPIRED -> HttpResponseStatus.GONE;
          case NOT_CLAIMED, ROOM_EXISTS, ROOM_HAS_HISTORY -> HttpResponseStatus.CONFLICT;
          case UNAVAILABLE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
          default -> HttpResponseStatus.BAD_REQUEST;
        };
    return Responses.error(status, code, message);
  }

  static FullHttpResponse unavailable(RoomId room, Throwable failure) {
    log.warn("room {}: reading or changing its settings failed", room, failure);
    return Responses.error(
        HttpResponseStatus.SERVICE_UNAVAILABLE,
        ErrorCode.UNAVAILABLE,
        "The room's settings are unavailable; try again.");
  }
}
