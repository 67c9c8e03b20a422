package dev.dormouse.gateway;

import dev.dormouse.ops.ServerMetrics;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.HistoryPage;
import dev.dormouse.protocol.InputText;
import dev.dormouse.protocol.ServerFrame;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.room.RoomId;
import dev.dormouse.store.MessageStore;
import dev.dormouse.store.Page;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.apache.pekko.http.impl.engine.ws.UpgradeToWebSocketLowLevel;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgrade;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Dormouse's HTTP surface. The chat endpoint checks everything it can before the upgrade (room id,
 * method, upgrade header, query), so a bad request costs no room, no storage and no socket.
 */
public final class ChatRoutes extends AllDirectives {

  private static final Logger log = LoggerFactory.getLogger(ChatRoutes.class);
  private static final int MAX_PAGE = 100;
  private static final int DEFAULT_PAGE = 50;
  private static final int MAX_NAME_LENGTH = 32;

  private final ChatSocket.Context sockets;
  private final MessageStore store;
  private final ServerMetrics metrics;
  private final StaticFiles staticFiles;
  private final BooleanSupplier clusterUp;
  private final Admission admission;
  private final SessionRoutes sessions;

  ChatRoutes(
      ChatSocket.Context sockets,
      StaticFiles staticFiles,
      BooleanSupplier clusterUp,
      Admission admission,
      SessionRoutes sessions) {
    this.clusterUp = clusterUp;
    this.admission = admission;
    this.sessions = sessions;
    this.sockets = sockets;
    this.store = sockets.store();
    this.metrics = sockets.metrics();
    this.staticFiles = staticFiles;
  }

  public Route route() {
    return concat(
        pathPrefix(
            "api",
            () ->
                concat(
                    pathPrefix("chat", () -> extractUnmatchedPath(this::chat)),
                    path(
                        PathMatchers.segment("rooms")
                            .slash(PathMatchers.segment())
                            .slash("messages"),
                        room -> get(() -> messages(room))),
                    path("health", () -> get(this::health)),
                    path("session", sessions::route),
                    complete(
                        HttpErrors.of(
                            StatusCodes.NOT_FOUND, ErrorCode.NOT_FOUND, "No such API.")))),
        path(
            "metrics",
            () ->
                get(
                    () ->
                        complete(
                            HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, metrics.scrape())))),
        staticFiles.route());
  }

  private Route chat(String unmatched) {
    Optional<RoomId> room =
        RoomId.parse(unmatched.startsWith("/") ? unmatched.substring(1) : unmatched);
    if (room.isEmpty()) {
      return complete(invalidRoomId());
    }
    return extractRequest(
        request -> {
          if (!request.method().equals(HttpMethods.GET)) {
            return complete(
                HttpErrors.of(
                        StatusCodes.METHOD_NOT_ALLOWED,
                        ErrorCode.METHOD_NOT_ALLOWED,
                        "Use GET to open a chat socket.")
                    .addHeader(
                        org.apache.pekko.http.javadsl.model.headers.Allow.create(HttpMethods.GET)));
          }
          return optionalHeaderValueByName(
              "Origin",
              origin ->
                  optionalHeaderValueByName(
                      "Authorization",
                      authorization ->
                          optionalCookie(
                              dev.dormouse.auth.Credentials.SESSION_COOKIE,
                              cookie -> {
                                String address = remoteAddress(request);
                                Admission.Decision decision =
                                    admission.socket(
                                        origin,
                                        hostOf(request),
                                        authorization,
                                        cookie.map(c -> c.value()),
                                        room.get(),
                                        address);
                                return switch (decision) {
                                  case Admission.Decision.Refuse refuse ->
                                      complete(refuse.response());
                                  case Admission.Decision.Admit admit ->
                                      parameterOptional(
                                          "since",
                                          since ->
                                              parameterOptional(
                                                  "name",
                                                  name ->
                                                      upgrade(
                                                          request,
                                                          room.get(),
                                                          admit.user(),
                                                          address,
                                                          since,
                                                          name)));
                                };
                              })));
        });
  }

  private Route upgrade(
      HttpRequest request,
      RoomId room,
      Optional<UserRef> authenticated,
      String address,
      Optional<String> rawSince,
      Optional<String> rawName) {
    Long since = null;
    if (rawSince.isPresent()) {
      Optional<Long> parsed = nonNegative(rawSince.get());
      if (parsed.isEmpty()) {
        return complete(badRequest("since must be a whole number of 0 or more."));
      }
      since = parsed.get();
    }
    Optional<WebSocketUpgrade> upgrade = request.getAttribute(AttributeKeys.webSocketUpgrade);
    if (upgrade.isEmpty()) {
      return complete(
          HttpResponse.create()
              .withStatus(StatusCodes.UPGRADE_REQUIRED)
              .withEntity("Expected Upgrade: websocket"));
    }
    UserRef user = authenticated.orElseGet(() -> new UserRef(newUserId(), displayName(rawName)));
    ChatSocket socket =
        new ChatSocket(new SocketAttachment(newSocketId(), user, room, address), since, sockets);
    // Pekko HTTP's message-level API cannot send close codes; see WebSocketStage.
    HttpResponse response =
        ((UpgradeToWebSocketLowLevel) upgrade.get())
            .handleFrames(
                socket.flow().mapMaterializedValue(ignored -> (Object) ignored), Option.empty());
    return complete(response);
  }

  private Route messages(String rawRoom) {
    Optional<RoomId> room = RoomId.parse(rawRoom);
    if (room.isEmpty()) {
      return complete(invalidRoomId());
    }
    return sessions.authenticated(
        user ->
            parameterOptional(
                "before",
                before ->
                    parameterOptional(
                        "after",
                        after ->
                            parameterOptional(
                                "limit", limit -> page(room.get(), before, after, limit)))));
  }

  private Route page(
      RoomId room,
      Optional<String> rawBefore,
      Optional<String> rawAfter,
      Optional<String> rawLimit) {
    if (rawBefore.isPresent() && rawAfter.isPresent()) {
      return complete(badRequest("Give before or after, not both."));
    }
    Optional<Long> before = rawBefore.flatMap(ChatRoutes::nonNegative);
    Optional<Long> after = rawAfter.flatMap(ChatRoutes::nonNegative);
    Optional<Long> limit =
        rawLimit.isPresent()
            ? rawLimit.flatMap(ChatRoutes::nonNegative)
            : Optional.of((long) DEFAULT_PAGE);
    if (rawBefore.isPresent() && before.isEmpty() || rawAfter.isPresent() && after.isEmpty()) {
      return complete(badRequest("before and after are whole numbers of 0 or more."));
    }
    if (limit.isEmpty() || limit.get() < 1 || limit.get() > MAX_PAGE) {
      return complete(badRequest("limit is a whole number from 1 to " + MAX_PAGE + "."));
    }
    int size = limit.get().intValue();
    CompletionStage<Page> page =
        after.isPresent()
            ? store.after(room, after.get(), size)
            : store.before(room, before.orElse(Long.MAX_VALUE), size);
    return onComplete(
        page,
        result -> {
          if (result.isFailure()) {
            log.error("room {}: reading history failed", room, result.failed().get());
            return complete(
                HttpErrors.of(
                    StatusCodes.SERVICE_UNAVAILABLE,
                    ErrorCode.UNAVAILABLE,
                    "History is unavailable; try again."));
          }
          Page p = result.get();
          return complete(
              HttpResponse.create()
                  .withEntity(
                      HttpErrors.json(
                          new HistoryPage(
                              p.messages().stream().map(ServerFrame.Message::of).toList(),
                              p.hasMore()))));
        });
  }

  private Route health() {
    return onComplete(
        store.isHealthy(),
        result -> {
          boolean storeOk = result.isSuccess() && Boolean.TRUE.equals(result.get());
          boolean memberUp = clusterUp.getAsBoolean();
          boolean ready = storeOk && memberUp;
          return complete(
              HttpResponse.create()
                  .withStatus(ready ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE)
                  .withEntity(
                      HttpErrors.json(
                          Map.of(
                              "live",
                              true,
                              "ready",
                              ready,
                              "store",
                              storeOk ? "ok" : "unavailable",
                              "cluster",
                              memberUp ? "up" : "joining",
                              "connections",
                              sockets.registry().size()))));
        });
  }

  private static HttpResponse invalidRoomId() {
    return HttpErrors.of(
        StatusCodes.BAD_REQUEST,
        ErrorCode.INVALID_ROOM_ID,
        "A room id is 1 to 64 characters from A-Z, a-z, 0-9, _ and -.");
  }

  private static HttpResponse badRequest(String message) {
    return HttpErrors.of(StatusCodes.BAD_REQUEST, ErrorCode.BAD_REQUEST, message);
  }

  private static Optional<Long> nonNegative(String raw) {
    try {
      long value = Long.parseLong(raw);
      return value >= 0 ? Optional.of(value) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String remoteAddress(HttpRequest request) {
    return request
        .getAttribute(AttributeKeys.remoteAddress)
        .flatMap(remote -> remote.getAddress())
        .map(java.net.InetAddress::getHostAddress)
        .orElse("unknown");
  }

  private static String hostOf(HttpRequest request) {
    return request.getHeader("Host").map(h -> h.value()).orElse("");
  }

  static String displayName(Optional<String> raw) {
    Optional<String> chosen = raw.flatMap(ChatRoutes::chosenName);
    if (chosen.isPresent()) {
      return chosen.get();
    }
    return "Guest " + ThreadLocalRandom.current().nextInt(1000, 10_000);
  }

  /** A name someone chose: cleaned, or empty when nothing of 1–32 characters remains. */
  static Optional<String> chosenName(String raw) {
    String cleaned = InputText.cleanName(raw);
    int length = InputText.length(cleaned);
    return length >= 1 && length <= MAX_NAME_LENGTH ? Optional.of(cleaned) : Optional.empty();
  }

  static String newUserId() {
    return "u_" + randomToken();
  }

  private static String newSocketId() {
    return "s_" + randomToken();
  }

  private static String randomToken() {
    return Long.toString(ThreadLocalRandom.current().nextLong(1L << 50, Long.MAX_VALUE), 36);
  }
}
