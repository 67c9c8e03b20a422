package dev.dormouse.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dormouse.access.Grants;
import dev.dormouse.access.Restriction;
import dev.dormouse.access.Scope;
import dev.dormouse.auth.ApiKeys;
import dev.dormouse.auth.Identities;
import dev.dormouse.fanout.ClusterFanout;
import dev.dormouse.protocol.ClientFrame;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.protocol.InputText;
import dev.dormouse.protocol.ServerFrame;
import dev.dormouse.protocol.UserKind;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.room.Occupant;
import dev.dormouse.room.RoomEntity;
import dev.dormouse.room.RoomId;
import dev.dormouse.store.ApiKey;
import dev.dormouse.store.MessageStore;
import dev.dormouse.store.StoredRoom;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server API, {@code /api/server/…}, for a team's backend: post as a bot or the system, edit
 * and delete bot messages, moderate, read rooms, and manage the keys themselves. Every route takes
 * an API key ({@code Authorization: Bearer dmk_…}) and nothing else, and names the {@link Scope} it
 * needs. The key is looked up in the store on every request, so a revoked one stops at once.
 *
 * <p>Writes go through the room's entity like a socket's, so they are ordered, judged and stored
 * before anyone sees them. In every room a key acts as an operator admin (the {@code
 * dormouse_admin} claim): it posts in announcement and private rooms, is never slowed, and
 * moderates where an admin may.
 */
final class ServerApiRoutes {

  private static final Logger log = LoggerFactory.getLogger(ServerApiRoutes.class);
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

  /** What a key is granted in every room: what an operator admin's token grants. */
  private static final Grants KEY_GRANTS = new Grants(true, Map.of());

  /** The system's identity: what a write without {@code as} is posted as. */
  static final UserRef SYSTEM = new UserRef(UserKind.BOT_ID_PREFIX + "system", "System");

  /** A bot id as the caller gives it; a key's own bot ({@code bot_k_…}) can never be one. */
  private static final Pattern BOT_ID = Pattern.compile("[a-z0-9-]{1,32}");

  private static final int DEFAULT_ROOMS = 100;
  private static final int MAX_ROOMS = 200;

  private final ApiKeys keys;
  private final MessageStore store;
  private final ClusterSharding sharding;
  private final ClusterFanout fanout;
  private final ModerationRoutes moderation;
  private final ApiRoutes api;
  private final FrameCodec codec;
  private final Clock clock;

  ServerApiRoutes(
      ApiKeys keys,
      MessageStore store,
      ClusterSharding sharding,
      ClusterFanout fanout,
      ModerationRoutes moderation,
      ApiRoutes api,
      FrameCodec codec,
      Clock clock) {
    this.keys = keys;
    this.store = store;
    this.sharding = sharding;
    this.fanout = fanout;
    this.moderation = moderation;
    this.api = api;
    this.codec = codec;
    this.clock = clock;
  }

  /** A request refused over its body or path, before anything is asked of a room. */
  private static final class Refused extends RuntimeException {
    private final transient FullHttpResponse response;

    Refused(FullHttpResponse response) {
      super(null, null, false, false);
      this.response = response;
    }
  }

  // ---- writing --------------------------------------------------------------------------------

  /**
   * {@code POST /api/server/rooms/{room}/messages} with {@code {"text","clientId","as"?,
   * "replyTo"?}}: a message posted as the bot {@code as} names, or as the system.
   */
  void publish(HttpExchange exchange) {
    String body = exchange.body();
    withKey(
        exchange,
        Scope.PUBLISH,
        key -> {
          RoomId room = roomOf(exchange);
          JsonNode json = object(body, Set.of("text", "clientId", "as", "replyTo"));
          String clientId = clientId(json);
          ClientFrame.Send send = text(json, clientId);
          JsonNode replyTo = json.get("replyTo");
          if (replyTo != null && !(replyTo.isTextual() && RoomRoutes.isUserId(replyTo.asText()))) {
            throw invalid("replyTo is the id of a message.", "replyTo");
          }
          Occupant bot = occupant(bot(json.get("as"), key, true));
          return write(
              room,
              new RoomEntity.Post(
                  bot, send.text(), clientId, replyTo == null ? null : replyTo.asText()));
        });
  }

  /**
   * {@code PATCH /api/server/rooms/{room}/messages/{message}} with {@code {"text","clientId",
   * "as"?}}: edits a message the bot {@code as} names (the system when absent) posted.
   */
  void edit(HttpExchange exchange) {
    String body = exchange.body();
    withKey(
        exchange,
        Scope.PUBLISH,
        key -> {
          RoomId room = roomOf(exchange);
          String messageId = messageId(exchange);
          JsonNode json = object(body, Set.of("text", "clientId", "as"));
          String clientId = clientId(json);
          ClientFrame.Send send = text(json, clientId);
          Occupant bot = occupant(bot(json.get("as"), key, false));
          return write(room, new RoomEntity.Edit(bot, messageId, send.text(), clientId));
        });
  }

  /**
   * {@code DELETE /api/server/rooms/{room}/messages/{message}}: with {@code {"as":…,"clientId"}},
   * the bot's delete of its own message ({@code publish}); without {@code as}, a moderator's delete
   * of anyone's, with an optional {@code reason} ({@code moderate}).
   */
  void delete(HttpExchange exchange) {
    String body = exchange.body();
    boolean asBot = hasField(body, "as");
    withKey(
        exchange,
        asBot ? Scope.PUBLISH : Scope.MODERATE,
        key -> {
          RoomId room = roomOf(exchange);
          String messageId = messageId(exchange);
          if (asBot) {
            JsonNode json = object(body, Set.of("as", "clientId"));
            String clientId = clientId(json);
            Occupant bot = occupant(bot(json.get("as"), key, false));
            return write(room, new RoomEntity.Delete(bot, messageId, clientId));
          }
          ModerationBody.Valid valid =
              valid(ModerationBody.parse(body, ModerationBody.Shape.DELETE, clock.millis()));
          String reason = valid.reason().isEmpty() ? null : valid.reason();
          return ModerationRoutes.answered(
              room,
              moderation.removeMessage(room, actor(key), KEY_GRANTS, messageId, reason),
              moderated ->
                  Responses.json(
                      HttpResponseStatus.OK, Map.of("id", messageId, "seq", moderated.seq())));
        });
  }

  private CompletionStage<FullHttpResponse> write(RoomId room, RoomEntity.Write write) {
    return sharding
        .entityRefFor(RoomEntity.TYPE_KEY, room.value())
        .<RoomEntity.WriteAnswer>ask(
            replyTo -> new RoomEntity.ServerWrite(write, replyTo), ASK_TIMEOUT)
        .handle(
            (answer, failure) -> {
              if (failure != null) {
                return RoomRoutes.unavailable(room, failure);
              }
              if (answer.refusal() != null) {
                return RoomRoutes.refusal(answer.refusal(), answer.text());
              }
              Map<String, Object> written = new LinkedHashMap<>();
              written.put("seq", answer.seq());
              written.put("duplicate", answer.duplicate());
              if (answer.message() != null) {
                written.put("message", ServerFrame.Message.of(answer.message()));
              }
              boolean created = write instanceof RoomEntity.Post && !answer.duplicate();
              return Responses.json(
                  created ? HttpResponseStatus.CREATED : HttpResponseStatus.OK, written);
            });
  }

  // ---- moderating -----------------------------------------------------------------------------

  void kick(HttpExchange exchange) {
    moderate(exchange, ModerationBody.Shape.KICK);
  }

  void ban(HttpExchange exchange) {
    moderate(exchange, ModerationBody.Shape.BAN);
  }

  void mute(HttpExchange exchange) {
    moderate(exchange, ModerationBody.Shape.MUTE);
  }

  void liftBan(HttpExchange exchange) {
    lift(exchange, Restriction.Kind.BAN);
  }

  void liftMute(HttpExchange exchange) {
    lift(exchange, Restriction.Kind.MUTE);
  }

  /** A kick, ban or mute through the room's own moderation, with the key as the moderator. */
  private void moderate(HttpExchange exchange, ModerationBody.Shape shape) {
    String body = exchange.body();
    withKey(
        exchange,
        Scope.MODERATE,
        key -> {
          RoomId room = roomOf(exchange);
          ModerationBody.Valid valid = valid(ModerationBody.parse(body, shape, clock.millis()));
          return moderation.moderate(room, actor(key), KEY_GRANTS, shape, valid);
        });
  }

  private void lift(HttpExchange exchange, Restriction.Kind kind) {
    withKey(
        exchange,
        Scope.MODERATE,
        key -> {
          RoomId room = roomOf(exchange);
          String userId = exchange.param("user");
          if (!RoomRoutes.isUserId(userId)) {
            throw new Refused(RoomRoutes.badUserId());
          }
          return moderation.lift(room, actor(key), KEY_GRANTS, kind, userId);
        });
  }

  // ---- reading --------------------------------------------------------------------------------

  /**
   * {@code GET /api/server/rooms?after=<room id>&limit=<1..200>}: every room with a stored entry,
   * by id, with its newest seq and how many people are online in it on every node.
   */
  void rooms(HttpExchange exchange) {
    withKey(
        exchange,
        Scope.READ,
        key -> {
          String after = exchange.query("after").orElse(null);
          if (after != null && RoomId.parse(after).isEmpty()) {
            throw new Refused(ChatUpgrade.invalidRoomId());
          }
          int limit = number(exchange.query("limit"), DEFAULT_ROOMS, MAX_ROOMS);
          return store
              .storedRooms(after, limit + 1)
              .thenCompose(
                  found -> {
                    List<StoredRoom> page = found.size() > limit ? found.subList(0, limit) : found;
                    Set<String> ids =
                        page.stream().map(r -> r.id().value()).collect(Collectors.toSet());
                    return fanout
                        .peopleIn(ids)
                        .thenApply(
                            online -> {
                              Map<String, Object> body = new LinkedHashMap<>();
                              body.put(
                                  "rooms",
                                  page.stream()
                                      .map(
                                          r ->
                                              occupancy(
                                                  r.id(),
                                                  r.seq(),
                                                  online.getOrDefault(r.id().value(), 0)))
                                      .toList());
                              body.put(
                                  "cursor",
                                  found.size() > limit ? page.getLast().id().value() : null);
                              return Responses.json(HttpResponseStatus.OK, body);
                            });
                  });
        });
  }

  /** {@code GET /api/server/rooms/{room}}: the room's newest seq and its occupancy now. */
  void showRoom(HttpExchange exchange) {
    withKey(
        exchange,
        Scope.READ,
        key -> {
          RoomId room = roomOf(exchange);
          return store
              .latestSeq(room)
              .thenCombine(
                  fanout.peopleIn(Set.of(room.value())),
                  (seq, online) ->
                      Responses.json(
                          HttpResponseStatus.OK,
                          occupancy(room, seq, online.getOrDefault(room.value(), 0))));
        });
  }

  /** {@code GET /api/server/rooms/{room}/messages}: the history API's pages, for any room. */
  void messages(HttpExchange exchange) {
    withKey(
        exchange,
        Scope.READ,
        key -> {
          RoomId room = roomOf(exchange);
          Optional<ApiRoutes.HistoryQuery> query = ApiRoutes.historyQuery(exchange);
          return query.isEmpty() ? null : api.page(room, query.get(), null);
        });
  }

  /** {@code GET /api/server/rooms/{room}/people?after=&limit=}: who is online, a page at a time. */
  void people(HttpExchange exchange) {
    withKey(
        exchange,
        Scope.READ,
        key -> {
          RoomId room = roomOf(exchange);
          Optional<Integer> limit = ApiRoutes.peopleLimit(exchange);
          return limit.isEmpty()
              ? null
              : api.people(room, exchange.query("after").orElse(null), limit.get());
        });
  }

  private static Map<String, Object> occupancy(RoomId room, long seq, int online) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", room.value());
    body.put("seq", seq);
    body.put("online", online);
    return body;
  }

  // ---- keys -----------------------------------------------------------------------------------

  /**
   * {@code POST /api/server/keys} with {@code {"name","scopes":[…]}}: a new key, whose secret this
   * answer holds and nothing will again.
   */
  void createKey(HttpExchange exchange) {
    String body = exchange.body();
    withKey(
        exchange,
        Scope.ADMIN,
        key -> {
          JsonNode json = object(body, Set.of("name", "scopes"));
          JsonNode rawName = json.get("name");
          String name =
              rawName != null && rawName.isTextual() ? InputText.cleanName(rawName.asText()) : "";
          int length = InputText.length(name);
          if (length < 1 || length > ApiKeys.MAX_NAME_LENGTH) {
            throw invalid("name is 1 to " + ApiKeys.MAX_NAME_LENGTH + " characters.", "name");
          }
          Set<Scope> scopes = EnumSet.noneOf(Scope.class);
          JsonNode rawScopes = json.get("scopes");
          if (rawScopes == null || !rawScopes.isArray() || rawScopes.isEmpty()) {
            throw invalid("scopes is a list of publish, moderate, read and admin.", "scopes");
          }
          for (JsonNode scope : rawScopes) {
            Optional<Scope> parsed =
                scope.isTextual() ? Scope.parse(scope.asText()) : Optional.empty();
            if (parsed.isEmpty()) {
              throw invalid("scopes is a list of publish, moderate, read and admin.", "scopes");
            }
            scopes.add(parsed.get());
          }
          return keys.create(name, scopes, clock.millis())
              .thenApply(
                  issued -> {
                    Map<String, Object> created = keyBody(issued.key());
                    created.put("key", issued.secret());
                    return Responses.json(HttpResponseStatus.CREATED, created);
                  });
        });
  }

  /** {@code GET /api/server/keys}: every key, revoked ones too, oldest first; never a secret. */
  void listKeys(HttpExchange exchange) {
    withKey(
        exchange,
        Scope.ADMIN,
        key ->
            store
                .keys()
                .list()
                .thenApply(
                    all ->
                        Responses.json(
                            HttpResponseStatus.OK,
                            Map.of("keys", all.stream().map(ServerApiRoutes::keyBody).toList()))));
  }

  /** {@code DELETE /api/server/keys/{key}}: revoked from the next request on, on every node. */
  void revokeKey(HttpExchange exchange) {
    withKey(
        exchange,
        Scope.ADMIN,
        key -> {
          String id = exchange.param("key");
          return store
              .keys()
              .revoke(id, clock.millis())
              .thenApply(
                  revoked ->
                      revoked
                          .map(k -> Responses.json(HttpResponseStatus.OK, keyBody(k)))
                          .orElseGet(
                              () ->
                                  Responses.error(
                                      HttpResponseStatus.NOT_FOUND,
                                      ErrorCode.NOT_FOUND,
                                      "There is no such key.")));
        });
  }

  private static Map<String, Object> keyBody(ApiKey key) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", key.id());
    body.put("name", key.name());
    body.put("scopes", EnumSet.copyOf(key.scopes()).stream().map(Scope::wire).toList());
    body.put("createdAt", key.createdAt());
    body.put("revokedAt", key.revokedAt());
    return body;
  }

  // ---- the key, and what the routes share -----------------------------------------------------

  /**
   * Answers with {@code allowed}'s response when the request presents a valid key with {@code
   * scope}: 401 without one (a session or operator token included: it is no key), 403 {@code
   * forbidden_scope} when the key lacks the scope. {@code allowed} may refuse by throwing {@link
   * Refused}, or return null when it has answered already.
   */
  private void withKey(
      HttpExchange exchange,
      Scope scope,
      Function<ApiKey, CompletionStage<FullHttpResponse>> allowed) {
    CompletionStage<FullHttpResponse> answer =
        keys.check(exchange.header("Authorization"))
            .thenCompose(
                presented ->
                    switch (presented) {
                      case ApiKeys.Presented.Missing missing ->
                          done(
                              unauthorized(
                                  "The server API needs an API key: Authorization: Bearer dmk_…"));
                      case ApiKeys.Presented.Invalid invalid ->
                          done(unauthorized("That is not a valid API key, or it was revoked."));
                      case ApiKeys.Presented.Valid valid when !valid.key().allows(scope) ->
                          done(
                              Responses.error(
                                  HttpResponseStatus.FORBIDDEN,
                                  ErrorCode.FORBIDDEN_SCOPE,
                                  "This key lacks the " + scope.wire() + " scope."));
                      case ApiKeys.Presented.Valid valid -> {
                        try {
                          yield allowed.apply(valid.key());
                        } catch (Refused refused) {
                          yield done(refused.response);
                        }
                      }
                    });
    answer.whenComplete(
        (response, failure) -> {
          if (failure != null) {
            log.warn(
                "{} {}: the server API could not answer",
                exchange.method(),
                exchange.path(),
                failure);
            exchange.respond(
                Responses.error(
                    HttpResponseStatus.SERVICE_UNAVAILABLE,
                    ErrorCode.UNAVAILABLE,
                    "The store did not answer; try again."));
          } else if (response != null) {
            exchange.respond(response);
          }
        });
  }

  private static CompletionStage<FullHttpResponse> done(FullHttpResponse response) {
    return CompletableFuture.completedFuture(response);
  }

  private static FullHttpResponse unauthorized(String message) {
    return Responses.error(HttpResponseStatus.UNAUTHORIZED, ErrorCode.UNAUTHORIZED, message);
  }

  /** The key as the room's audit log and moderation name it: its own bot, under its name. */
  private static UserRef actor(ApiKey key) {
    return new UserRef(UserKind.BOT_ID_PREFIX + key.id(), key.name());
  }

  private static Occupant occupant(UserRef bot) {
    return new Occupant(RoomEntity.RemoveMessage.NO_SOCKET, bot, false, KEY_GRANTS);
  }

  /**
   * Who a write is by: {@code as} absent, the system; {@code {"name"}}, the key's own bot under
   * that name; {@code {"id","name"}}, the bot {@code bot_<id>}. A post needs the name; an edit or a
   * delete only the id, since it is the author that must match.
   */
  private static UserRef bot(JsonNode as, ApiKey key, boolean needsName) {
    if (as == null || as.isNull()) {
      return SYSTEM;
    }
    if (!as.isObject()) {
      throw invalid("as is an object: {\"id\"?, \"name\"}.", "as");
    }
    for (Iterator<String> names = as.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("id") && !name.equals("name")) {
        throw invalid("as holds only id and name.", "as." + name);
      }
    }
    JsonNode id = as.get("id");
    if (id != null && !(id.isTextual() && BOT_ID.matcher(id.asText()).matches())) {
      throw invalid("as.id is 1 to 32 characters of a-z, 0-9 and -.", "as.id");
    }
    String userId =
        id == null ? UserKind.BOT_ID_PREFIX + key.id() : UserKind.BOT_ID_PREFIX + id.asText();
    JsonNode name = as.get("name");
    Optional<String> chosen =
        name != null && name.isTextual() ? Identities.chosenName(name.asText()) : Optional.empty();
    if (name != null && chosen.isEmpty() || needsName && chosen.isEmpty()) {
      throw invalid("as.name is 1 to 32 characters.", "as.name");
    }
    if (chosen.isEmpty() && userId.equals(SYSTEM.id())) {
      return SYSTEM;
    }
    return new UserRef(userId, chosen.orElse(id == null ? key.name() : id.asText()));
  }

  private static RoomId roomOf(HttpExchange exchange) {
    return RoomId.parse(exchange.param("room"))
        .orElseThrow(() -> new Refused(ChatUpgrade.invalidRoomId()));
  }

  private static String messageId(HttpExchange exchange) {
    String id = exchange.param("message");
    if (!RoomRoutes.isUserId(id)) {
      throw new Refused(
          Responses.error(
              HttpResponseStatus.BAD_REQUEST, ErrorCode.BAD_REQUEST, "That is no message id."));
    }
    return id;
  }

  private static JsonNode object(String body, Set<String> fields) {
    JsonNode json = JsonBody.objectOf(body);
    if (json == null) {
      throw new Refused(JsonBody.notAnObject());
    }
    Optional<String> unknown = JsonBody.unknownField(json, fields::contains);
    if (unknown.isPresent()) {
      throw invalid("There is no field " + unknown.get() + " here.", unknown.get());
    }
    return json;
  }

  /** Whether {@code body} is a JSON object with the field: which delete it asks for. */
  private static boolean hasField(String body, String field) {
    try {
      JsonNode json = FrameCodec.json().readTree(body.isBlank() ? "{}" : body);
      return json != null && json.isObject() && json.has(field);
    } catch (IOException e) {
      return false;
    }
  }

  private static String clientId(JsonNode json) {
    JsonNode clientId = json.get("clientId");
    if (clientId == null
        || !clientId.isTextual()
        || !FrameCodec.isValidClientId(clientId.asText())) {
      throw invalid("clientId is 1 to 64 printable ASCII characters.", "clientId");
    }
    return clientId.asText();
  }

  /** The text, cleaned and checked as a socket's would be. */
  private ClientFrame.Send text(JsonNode json, String clientId) {
    JsonNode text = json.get("text");
    if (text == null || !text.isTextual()) {
      throw invalid("text is a string.", "text");
    }
    return switch (codec.message(text.asText(), clientId)) {
      case ClientFrame.Send send -> send;
      case ClientFrame.Invalid refused ->
          throw new Refused(
              Responses.error(
                  HttpResponseStatus.BAD_REQUEST,
                  refused.code() == ErrorCode.TOO_LARGE
                      ? ErrorCode.TOO_LARGE
                      : ErrorCode.BAD_REQUEST,
                  refused.message(),
                  "text"));
      default -> throw new IllegalStateException("a message is a send or refused");
    };
  }

  private static ModerationBody.Valid valid(ModerationBody parsed) {
    return switch (parsed) {
      case ModerationBody.Invalid invalid -> throw new Refused(invalid.response());
      case ModerationBody.Valid valid -> valid;
    };
  }

  private static int number(Optional<String> raw, int otherwise, int max) {
    if (raw.isEmpty()) {
      return otherwise;
    }
    Optional<Long> value = ApiRoutes.nonNegative(raw.get());
    if (value.isEmpty() || value.get() < 1 || value.get() > max) {
      throw new Refused(
          Responses.error(
              HttpResponseStatus.BAD_REQUEST,
              ErrorCode.BAD_REQUEST,
              "limit is a whole number from 1 to " + max + "."));
    }
    return value.get().intValue();
  }

  private static Refused invalid(String message, String field) {
    return new Refused(
        Responses.error(HttpResponseStatus.BAD_REQUEST, ErrorCode.BAD_REQUEST, message, field));
  }
}
