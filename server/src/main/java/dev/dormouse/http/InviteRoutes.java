package dev.dormouse.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dormouse.access.Action;
import dev.dormouse.access.AuditAction;
import dev.dormouse.auth.Credentials;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.InviteInfo;
import dev.dormouse.room.RoomAudit;
import dev.dormouse.room.RoomEntity;
import dev.dormouse.room.RoomId;
import dev.dormouse.store.Invite;
import dev.dormouse.store.InviteStore;
import dev.dormouse.store.RoomSettingsStore;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invites to claimed rooms: the owner, moderators and admins create, list and revoke them; anyone
 * holding a code may see what it opens ({@code GET /api/invites/{code}}), and a signed-in person
 * redeems it ({@code POST}) through the room's entity, which makes them a member and counts the
 * use.
 */
final class InviteRoutes {

  private static final Logger log = LoggerFactory.getLogger(InviteRoutes.class);

  static final int MIN_EXPIRY_SECONDS = 60;
  static final int MAX_EXPIRY_SECONDS = 2_592_000;
  static final int DEFAULT_EXPIRY_SECONDS = 604_800;
  static final int MAX_USES = 10_000;

  /** 32 random bytes, URL-safe: 256 bits nobody guesses or walks through. */
  private static final int CODE_BYTES = 32;

  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Set<String> FIELDS = Set.of("expiresInSeconds", "maxUses");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final RoomRoutes rooms;
  private final InviteStore invites;
  private final RoomSettingsStore settings;
  private final Clock clock;

  InviteRoutes(RoomRoutes rooms, InviteStore invites, RoomSettingsStore settings, Clock clock) {
    this.rooms = rooms;
    this.invites = invites;
    this.settings = settings;
    this.clock = clock;
  }

  /** What {@code POST /api/rooms/{id}/invites} asks for. */
  private record Terms(int expiresInSeconds, Integer maxUses) {}

  /** {@code POST /api/rooms/{room}/invites}: a new invite, for those who may invite. */
  void create(HttpExchange exchange) {
    Optional<RoomRoutes.Reader> caller = rooms.signedInReader(exchange);
    if (caller.isEmpty()) {
      return;
    }
    JsonNode body = JsonBody.objectOf(exchange.body());
    if (body == null) {
      exchange.respond(JsonBody.notAnObject());
      return;
    }
    Optional<FullHttpResponse> invalid = invalidTerms(body);
    if (invalid.isPresent()) {
      exchange.respond(invalid.get());
      return;
    }
    Terms terms =
        new Terms(
            body.path("expiresInSeconds").asInt(DEFAULT_EXPIRY_SECONDS),
            body.has("maxUses") ? body.get("maxUses").asInt() : null);
    RoomId room = caller.get().room();
    exchange.respond(
        rooms.whenAllowed(
            caller.get(),
            Action.INVITE,
            access -> {
              long now = clock.millis();
              Invite invite =
                  new Invite(
                      newCode(),
                      room,
                      caller.get().userId(),
                      now,
                      now + terms.expiresInSeconds() * 1000L,
                      terms.maxUses(),
                      0,
                      null);
              return invites
                  .create(
                      invite,
                      RoomAudit.ofInvite(
                          caller.get().user(), AuditAction.INVITE_CREATED, invite.code(), now))
                  .thenApply(done -> Responses.json(HttpResponseStatus.CREATED, infoOf(invite)));
            }));
  }

  /** {@code GET /api/rooms/{room}/invites}: those neither revoked nor expired, newest first. */
  void list(HttpExchange exchange) {
    Optional<RoomRoutes.Reader> reader = rooms.reader(exchange);
    if (reader.isEmpty()) {
      return;
    }
    RoomId room = reader.get().room();
    exchange.respond(
        rooms.whenAllowed(
            reader.get(),
            Action.INVITE,
            access ->
                invites
                    .list(room, clock.millis())
                    .thenApply(
                        list ->
                            Responses.json(
                                HttpResponseStatus.OK,
                                new InviteInfo.Listing(
                                    list.stream().map(InviteRoutes::infoOf).toList())))));
  }

  /** {@code DELETE /api/rooms/{room}/invites/{code}}: the code opens nothing from now on. */
  void revoke(HttpExchange exchange) {
    Optional<RoomRoutes.Reader> caller = rooms.signedInReader(exchange);
    if (caller.isEmpty()) {
      return;
    }
    RoomId room = caller.get().room();
    String code = exchange.param("code");
    exchange.respond(
        rooms.whenAllowed(
            caller.get(),
            Action.INVITE,
            access ->
                invites
                    .revoke(
                        room,
                        code,
                        clock.millis(),
                        RoomAudit.ofInvite(
                            caller.get().user(), AuditAction.INVITE_REVOKED, code, clock.millis()))
                    .thenApply(
                        revoked ->
                            revoked
                                ? Responses.empty(HttpResponseStatus.NO_CONTENT)
                                : Responses.error(
                                    HttpResponseStatus.NOT_FOUND,
                                    ErrorCode.NOT_FOUND,
                                    "This room has no such invite."))));
  }

  /**
   * {@code GET /api/invites/{code}}: the room an invite opens, to anyone holding the code; the code
   * is the secret, so no credentials are asked for.
   */
  void preview(HttpExchange exchange) {
    String code = exchange.param("code");
    if (!CODE.matcher(code).matches()) {
      exchange.respond(invalid());
      return;
    }
    exchange.respond(
        invites
            .find(code)
            .thenCompose(
                found -> {
                  long now = clock.millis();
                  if (found.isEmpty() || found.get().revoked()) {
                    return CompletableFuture.completedFuture(invalid());
                  }
                  Invite invite = found.get();
                  if (invite.spentAt(now)) {
                    return CompletableFuture.completedFuture(expired());
                  }
                  return settings
                      .settings(invite.room())
                      .thenApply(
                          room ->
                              room.isEmpty()
                                  ? invalid()
                                  : Responses.json(
                                      HttpResponseStatus.OK,
                                      new InviteInfo.Preview(
                                          code,
                                          invite.room().value(),
                                          room.get().title(),
                                          room.get().visibility().wire(),
                                          invite.expiresAt())));
                })
            .exceptionally(InviteRoutes::unavailable));
  }

  /**
   * {@code POST /api/invites/{code}}: makes the signed-in caller a member, and answers with the
   * room as {@code GET /api/rooms/{id}} does. Someone who is a member already takes no use.
   */
  void redeem(HttpExchange exchange) {
    Optional<Credentials.Outcome.Authenticated> caller = rooms.signedIn(exchange);
    if (caller.isEmpty()) {
      return;
    }
    String code = exchange.param("code");
    if (!CODE.matcher(code).matches()) {
      exchange.respond(invalid());
      return;
    }
    exchange.respond(
        invites
            .find(code)
            .thenCompose(
                found ->
                    found.isEmpty() || found.get().revoked()
                        ? CompletableFuture.completedFuture(invalid())
                        : rooms.ask(
                            found.get().room(),
                            replyTo ->
                                new RoomEntity.Redeem(
                                    caller.get().user(), caller.get().grants(), code, replyTo),
                            HttpResponseStatus.OK,
                            caller.get().grants().admin()))
            .exceptionally(InviteRoutes::unavailable));
  }

  private static InviteInfo infoOf(Invite invite) {
    return new InviteInfo(
        invite.code(),
        invite.room().value(),
        InviteInfo.urlOf(invite.code()),
        invite.expiresAt(),
        invite.maxUses(),
        invite.uses(),
        invite.createdBy(),
        invite.createdAt());
  }

  private static Optional<FullHttpResponse> invalidTerms(JsonNode body) {
    Optional<String> unknown = JsonBody.unknownField(body, FIELDS::contains);
    if (unknown.isPresent()) {
      return Optional.of(invalidField(unknown.get(), "Unknown field " + unknown.get() + "."));
    }
    if (body.has("expiresInSeconds")
        && !inRange(body.get("expiresInSeconds"), MIN_EXPIRY_SECONDS, MAX_EXPIRY_SECONDS)) {
      return Optional.of(
          invalidField(
              "expiresInSeconds",
              "expiresInSeconds is a whole number from "
                  + MIN_EXPIRY_SECONDS
                  + " to "
                  + MAX_EXPIRY_SECONDS
                  + "."));
    }
    if (body.has("maxUses") && !inRange(body.get("maxUses"), 1, MAX_USES)) {
      return Optional.of(
          invalidField("maxUses", "maxUses is a whole number from 1 to " + MAX_USES + "."));
    }
    return Optional.empty();
  }

  private static boolean inRange(JsonNode value, int min, int max) {
    return value.isIntegralNumber()
        && value.canConvertToInt()
        && value.asInt() >= min
        && value.asInt() <= max;
  }

  static FullHttpResponse invalidField(String field, String message) {
    return Responses.error(
        HttpResponseStatus.BAD_REQUEST, ErrorCode.INVALID_SETTINGS, message, field);
  }

  private static String newCode() {
    byte[] bytes = new byte[CODE_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static FullHttpResponse unavailable(Throwable failure) {
    log.warn("reading or redeeming an invite failed", failure);
    return Responses.error(
        HttpResponseStatus.SERVICE_UNAVAILABLE,
        ErrorCode.UNAVAILABLE,
        "Invites are unavailable; try again.");
  }

  private static FullHttpResponse invalid() {
    return RoomRoutes.refusal(ErrorCode.INVITE_INVALID, "There is no such invite.");
  }

  private static FullHttpResponse expired() {
    return RoomRoutes.refusal(
        ErrorCode.INVITE_EXPIRED, "This invite has expired or is used up; ask for a new one.");
  }
}
