package dev.dormouse.http;

import dev.dormouse.access.Action;
import dev.dormouse.auth.Credentials;
import dev.dormouse.fanout.SocketRegistry;
import dev.dormouse.ops.ServerMetrics;
import dev.dormouse.protocol.ChatMessage;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.HistoryPage;
import dev.dormouse.protocol.RoomList;
import dev.dormouse.protocol.ServerFrame;
import dev.dormouse.room.RoomEntity;
import dev.dormouse.room.RoomId;
import dev.dormouse.store.MessageStore;
import dev.dormouse.store.Page;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The history API, health and metrics. */
final class ApiRoutes {

  private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);
  private static final int MAX_PAGE = 100;
  private static final int DEFAULT_PAGE = 50;
  private static final int MAX_ROOMS = 200;

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

  private final ClusterSharding sharding;
  private final MessageStore store;
  private final SocketRegistry registry;
  private final ServerMetrics metrics;
  private final Admission admission;
  private final BooleanSupplier clusterReady;
  private final String metricsToken;
  private final RoomRoutes rooms;

  ApiRoutes(
      ClusterSharding sharding,
      MessageStore store,
      SocketRegistry registry,
      ServerMetrics metrics,
      Admission admission,
      BooleanSupplier clusterReady,
      String metricsToken,
      RoomRoutes rooms) {
    this.rooms = rooms;
    this.sharding = sharding;
    this.store = store;
    this.registry = registry;
    this.metrics = metrics;
    this.admission = admission;
    this.clusterReady = clusterReady;
    this.metricsToken = metricsToken;
  }

  /**
   * {@code GET /api/rooms/{room}/messages?before|after&limit}: a page, oldest first, in current
   * state, with the requester's own reactions marked; an {@code after=} page also carries the
   * messages at or below {@code after} that changed within its range.
   */
  void messages(HttpExchange exchange) {
    Optional<RoomRoutes.Reader> reader = rooms.reader(exchange);
    if (reader.isEmpty()) {
      return;
    }
    RoomId room = reader.get().room();
    String viewer = reader.get().userId();
    Optional<HistoryQuery> query = historyQuery(exchange);
    if (query.isEmpty()) {
      return;
    }
    // A private room's history is its members': the refusal comes before any message is read.
    exchange.respond(
        rooms.whenAllowed(
            room,
            viewer,
            reader.get().grants(),
            Action.READ_HISTORY,
            access -> page(room, query.get(), viewer)));
  }

  /** What a history page asks for: {@code before} or {@code after} a seq, and how many. */
  record HistoryQuery(Optional<Long> before, Optional<Long> after, int size) {}

  /** The request's {@code before}, {@code after} and {@code limit}; empty when answered 400. */
  static Optional<HistoryQuery> historyQuery(HttpExchange exchange) {
    Optional<String> rawBefore = exchange.query("before");
    Optional<String> rawAfter = exchange.query("after");
    Optional<String> rawLimit = exchange.query("limit");
    if (rawBefore.isPresent() && rawAfter.isPresent()) {
      exchange.respond(badRequest("Give before or after, not both."));
      return Optional.empty();
    }
    Optional<Long> before = rawBefore.flatMap(ApiRoutes::nonNegative);
    Optional<Long> after = rawAfter.flatMap(ApiRoutes::nonNegative);
    Optional<Long> limit =
        rawLimit.isPresent()
            ? rawLimit.flatMap(ApiRoutes::nonNegative)
            : Optional.of((long) DEFAULT_PAGE);
    if (rawBefore.isPresent() && before.isEmpty() || rawAfter.isPresent() && after.isEmpty()) {
      exchange.respond(badRequest("before and after are whole numbers of 0 or more."));
      return Optional.empty();
    }
    if (limit.isEmpty() || limit.get() < 1 || limit.get() > MAX_PAGE) {
      exchange.respond(badRequest("limit is a whole number from 1 to " + MAX_PAGE + "."));
      return Optional.empty();
    }
    return Optional.of(new HistoryQuery(before, after, limit.get().intValue()));
  }

  /**
   * The page {@code query} asks for, with {@code viewer}'s own reactions marked (nobody's when
   * null): the history route's, and the server API's.
   */
  CompletionStage<FullHttpResponse> page(RoomId room, HistoryQuery query, String viewer) {
    Optional<Long> before = query.before();
    Optional<Long> after = query.after();
    int size = query.size();
    CompletionStage<HistoryPage> page =
        after.isPresent()
            ? store
                .after(room, after.get(), size)
                .thenCompose(p -> withUpdated(room, after.get(), p, viewer))
            : store
                .before(room, before.orElse(Long.MAX_VALUE), size)
                .thenApply(p -> new HistoryPage(messages(p.messages(), viewer), p.hasMore()));
    return page.handle(
        (p, failure) -> {
          if (failure != null) {
            log.error("room {}: reading history failed", room, failure);
            return Responses.error(
                HttpResponseStatus.SERVICE_UNAVAILABLE,
                ErrorCode.UNAVAILABLE,
                "History is unavailable; try again.");
          }
          return Responses.json(HttpResponseStatus.OK, p);
        });
  }

  /**
   * An {@code after=} page and the messages at or below {@code after} changed within its range: up
   * to its last message when more follow, else up to the room's newest entry.
   */
  private CompletionStage<HistoryPage> withUpdated(
      RoomId room, long after, Page page, String viewer) {
    long through =
        page.hasMore() && !page.messages().isEmpty()
            ? page.messages().getLast().seq()
            : Long.MAX_VALUE;
    return store
        .updated(room, after, through, after)
        .thenApply(
            updated ->
                new HistoryPage(
                    messages(page.messages(), viewer),
                    page.hasMore(),
                    updated.isEmpty() ? null : messages(updated, viewer)));
  }

  private static List<ServerFrame.Message> messages(List<ChatMessage> messages, String viewer) {
    return messages.stream().map(m -> ServerFrame.Message.of(m, viewer)).toList();
  }

  /**
   * {@code GET /api/rooms/{room}/people?after=<user id>&limit}: who is online, a page at a time,
   * for rooms whose presence frames carry only the count.
   */
  void people(HttpExchange exchange) {
    Optional<RoomRoutes.Reader> reader = rooms.reader(exchange);
    if (reader.isEmpty()) {
      return;
    }
    RoomId room = reader.get().room();
    String viewer = reader.get().userId();
    Optional<Integer> limit = peopleLimit(exchange);
    if (limit.isEmpty()) {
      return;
    }
    String after = exchange.query("after").orElse(null);
    exchange.respond(
        rooms.whenAllowed(
            room,
            viewer,
            reader.get().grants(),
            Action.READ_HISTORY,
            access -> people(room, after, limit.get())));
  }

  /** The request's {@code limit} of people, 100 when not given; empty when answered 400. */
  static Optional<Integer> peopleLimit(HttpExchange exchange) {
    Optional<Long> limit =
        exchange.query("limit").map(ApiRoutes::nonNegative).orElse(Optional.of((long) MAX_PAGE));
    if (limit.isEmpty() || limit.get() < 1 || limit.get() > MAX_PAGE) {
      exchange.respond(badRequest("limit is a whole number from 1 to " + MAX_PAGE + "."));
      return Optional.empty();
    }
    return Optional.of(limit.get().intValue());
  }

  /** Who is online in the room, a page at a time, as the room's entity knows them. */
  CompletionStage<FullHttpResponse> people(RoomId room, String after, int limit) {
    return sharding
        .entityRefFor(RoomEntity.TYPE_KEY, room.value())
        .<RoomEntity.People>ask(
            replyTo -> new RoomEntity.ListPeople(after, limit, replyTo), ASK_TIMEOUT)
        .handle(
            (people, failure) -> {
              if (failure != null) {
                log.warn("room {}: listing people failed", room, failure);
                return Responses.error(
                    HttpResponseStatus.SERVICE_UNAVAILABLE,
                    ErrorCode.UNAVAILABLE,
                    "The room did not answer; try again.");
              }
              return Responses.json(HttpResponseStatus.OK, people);
            });
  }

  /**
   * {@code GET /api/me/rooms}: the rooms this person has joined, with their unread counts. Only a
   * signed-in person has such a list: a guest without credentials is a new person on every socket.
   * The markers come from the store, which the rooms write at most a second after they move.
   */
  void myRooms(HttpExchange exchange) {
    String userId;
    switch (admission.check(exchange)) {
      case Credentials.Outcome.Authenticated authenticated -> userId = authenticated.user().id();
      case Credentials.Outcome.Invalid invalid -> {
        exchange.respond(
            Responses.error(
                HttpResponseStatus.UNAUTHORIZED,
                ErrorCode.UNAUTHORIZED,
                "That session or token is not valid; sign in again."));
        return;
      }
      case Credentials.Outcome.None none -> {
        exchange.respond(
            Responses.error(
                HttpResponseStatus.UNAUTHORIZED,
                ErrorCode.UNAUTHORIZED,
                "Sign in first: only a session has a list of rooms."));
        return;
      }
    }
    exchange.respond(
        store
            .roomsOf(userId, MAX_ROOMS)
            .handle(
                (rooms, failure) -> {
                  if (failure != null) {
                    log.error("listing the rooms of a person failed", failure);
                    return Responses.error(
                        HttpResponseStatus.SERVICE_UNAVAILABLE,
                        ErrorCode.UNAVAILABLE,
                        "The list of rooms is unavailable; try again.");
                  }
                  return Responses.json(
                      HttpResponseStatus.OK,
                      new RoomList(
                          rooms.stream()
                              .map(
                                  r ->
                                      new RoomList.Entry(
                                          r.room().value(),
                                          r.title(),
                                          r.lastRead(),
                                          r.unread(),
                                          r.seq(),
                                          r.latest() == null
                                              ? null
                                              : ServerFrame.Message.of(r.latest())))
                              .toList()));
                }));
  }

  /** Live always; ready when the store answers and this node is a converged cluster member. */
  void health(HttpExchange exchange) {
    exchange.respond(
        store
            .isHealthy()
            .handle(
                (healthy, failure) -> {
                  boolean storeOk = failure == null && Boolean.TRUE.equals(healthy);
                  boolean memberReady = clusterReady.getAsBoolean();
                  boolean ready = storeOk && memberReady;
                  return Responses.json(
                      ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                      Map.of(
                          "live",
                          true,
                          "ready",
                          ready,
                          "store",
                          storeOk ? "ok" : "unavailable",
                          "cluster",
                          memberReady ? "up" : "joining",
                          "connections",
                          registry.size()));
                }));
  }

  /**
   * Prometheus text. Only for the operator: a request from this machine that no proxy forwarded, or
   * one with {@code Authorization: Bearer <METRICS_TOKEN>}.
   */
  void metrics(HttpExchange exchange) {
    boolean local = isLoopback(exchange.address()) && exchange.header("X-Forwarded-For").isEmpty();
    boolean token =
        !metricsToken.isBlank()
            && exchange
                .header("Authorization")
                .map(("Bearer " + metricsToken)::equals)
                .orElse(false);
    if (!local && !token) {
      exchange.respond(
          Responses.error(
              HttpResponseStatus.FORBIDDEN, ErrorCode.FORBIDDEN, "Metrics are for the operator."));
      return;
    }
    exchange.respond(Responses.text(HttpResponseStatus.OK, metrics.scrape()));
  }

  void notFound(HttpExchange exchange) {
    exchange.respond(
        Responses.error(HttpResponseStatus.NOT_FOUND, ErrorCode.NOT_FOUND, "No such API."));
  }

  static Optional<Long> nonNegative(String raw) {
    try {
      long value = Long.parseLong(raw);
      return value >= 0 ? Optional.of(value) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static FullHttpResponse badRequest(String message) {
    return Responses.error(HttpResponseStatus.BAD_REQUEST, ErrorCode.BAD_REQUEST, message);
  }

  /** In constant time, so the answer's timing tells nothing about the token. */
  private static boolean sameSecret(String presented, String expected) {
    return MessageDigest.isEqual(
        presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
