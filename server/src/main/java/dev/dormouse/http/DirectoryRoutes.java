package dev.dormouse.http;

import dev.dormouse.access.Action;
import dev.dormouse.fanout.ClusterFanout;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.InputText;
import dev.dormouse.protocol.MemberList;
import dev.dormouse.protocol.RoomDirectory;
import dev.dormouse.room.RoomId;
import dev.dormouse.store.ListedRoom;
import dev.dormouse.store.RoomSettingsStore;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who and what there is to find: the directory of public claimed rooms ({@code GET /api/rooms}),
 * with how many people each has online across the cluster, and a room's members ({@code GET
 * /api/rooms/{id}/members}), to anyone who may join it.
 */
final class DirectoryRoutes {

  private static final Logger log = LoggerFactory.getLogger(DirectoryRoutes.class);
  private static final int MAX_PAGE = 50;
  private static final int DEFAULT_PAGE = 20;
  private static final int MAX_QUERY = 100;

  private final RoomRoutes rooms;
  private final Admission admission;
  private final RoomSettingsStore settings;
  private final ClusterFanout fanout;

  DirectoryRoutes(
      RoomRoutes rooms, Admission admission, RoomSettingsStore settings, ClusterFanout fanout) {
    this.rooms = rooms;
    this.admission = admission;
    this.settings = settings;
    this.fanout = fanout;
  }

  /**
   * {@code GET /api/rooms?query&cursor&limit}: public claimed rooms, newest activity first. The
   * cursor is where the last page ended (its last room's activity and id), so rooms that become
   * active meanwhile move to the top rather than repeat a page.
   */
  void rooms(HttpExchange exchange) {
    if (admission.identify(exchange) instanceof Admission.Decision.Refuse refuse) {
      exchange.respond(refuse.response());
      return;
    }
    String query = exchange.query("query").orElse("").strip();
    if (InputText.length(query) > MAX_QUERY) {
      exchange.respond(badRequest("A query holds at most " + MAX_QUERY + " characters."));
      return;
    }
    Optional<Long> limit =
        exchange
            .query("limit")
            .map(ApiRoutes::nonNegative)
            .orElse(Optional.of((long) DEFAULT_PAGE));
    if (limit.isEmpty() || limit.get() < 1 || limit.get() > MAX_PAGE) {
      exchange.respond(badRequest("limit is a whole number from 1 to " + MAX_PAGE + "."));
      return;
    }
    Optional<ListedRoom.Position> after =
        exchange
            .query("cursor")
            .map(DirectoryRoutes::positionOf)
            .orElse(Optional.of(ListedRoom.Position.START));
    if (after.isEmpty()) {
      exchange.respond(badRequest("That cursor is not one this server gave."));
      return;
    }
    int size = limit.get().intValue();
    exchange.respond(
        settings
            .directory(query, after.get(), size + 1)
            .thenCompose(
                found -> {
                  List<ListedRoom> page = found.size() > size ? found.subList(0, size) : found;
                  String cursor = found.size() > size ? cursorOf(page.getLast().position()) : null;
                  return fanout
                      .peopleIn(page.stream().map(r -> r.id().value()).collect(Collectors.toSet()))
                      .thenApply(
                          online ->
                              Responses.json(
                                  HttpResponseStatus.OK,
                                  new RoomDirectory(
                                      page.stream()
                                          .map(
                                              r ->
                                                  new RoomDirectory.Entry(
                                                      r.id().value(),
                                                      r.title(),
                                                      r.topic(),
                                                      online.getOrDefault(r.id().value(), 0),
                                                      r.lastActivity()))
                                          .toList(),
                                      cursor)));
                })
            .exceptionally(
                failure -> {
                  log.warn("listing the directory failed", failure);
                  return Responses.error(
                      HttpResponseStatus.SERVICE_UNAVAILABLE,
                      ErrorCode.UNAVAILABLE,
                      "The directory is unavailable; try again.");
                }));
  }

  /** {@code GET /api/rooms/{room}/members}: never a private room's to a stranger. */
  void members(HttpExchange exchange) {
    Optional<RoomRoutes.Reader> reader = rooms.reader(exchange);
    if (reader.isEmpty()) {
      return;
    }
    RoomId room = reader.get().room();
    exchange.respond(
        rooms.whenAllowed(
            reader.get(),
            Action.READ_HISTORY,
            access ->
                settings
                    .members(room)
                    .thenApply(
                        members ->
                            Responses.json(
                                HttpResponseStatus.OK,
                                new MemberList(
                                    members.stream()
                                        .map(
                                            m ->
                                                new MemberList.Entry(
                                                    m.userId(), m.name(), m.role().wire()))
                                        .toList())))));
  }

  /** Opaque to clients: base64url of {@code <activity>:<room id>}. */
  static String cursorOf(ListedRoom.Position position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(
            (position.activity() + ":" + position.roomId()).getBytes(StandardCharsets.UTF_8));
  }

  static Optional<ListedRoom.Position> positionOf(String cursor) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int colon = raw.indexOf(':');
      if (colon < 0) {
        return Optional.empty();
      }
      return Optional.of(
          new ListedRoom.Position(
              Long.parseLong(raw.substring(0, colon)), raw.substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static FullHttpResponse badRequest(String message) {
    return Responses.error(HttpResponseStatus.BAD_REQUEST, ErrorCode.BAD_REQUEST, message);
  }
}
