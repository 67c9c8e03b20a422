package dev.dormouse.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dormouse.access.Action;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.InputText;
import dev.dormouse.protocol.ReportInfo;
import dev.dormouse.room.RoomAudit;
import dev.dormouse.room.RoomId;
import dev.dormouse.store.Report;
import dev.dormouse.store.ReportStore;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reports of messages: anyone signed in who may join the room files one ({@code POST
 * /api/rooms/{id}/reports}); the owner, moderators and admins read the queue and resolve each.
 *
 * <p>Resolving with {@code delete} records the resolution; the message itself is deleted by the
 * moderator's delete of the message, which is its own route.
 */
final class ReportRoutes {

  static final int MAX_REASON = 500;
  private static final int MAX_MESSAGE_ID = 32;

  /** The most reports one page of the queue shows. */
  private static final int MAX_LISTED = 200;

  private static final Set<String> FILE_FIELDS = Set.of("messageId", "reason");
  private static final Set<String> RESOLVE_FIELDS = Set.of("resolution");

  private final RoomRoutes rooms;
  private final ModerationRoutes moderation;
  private final ReportStore reports;
  private final Clock clock;

  ReportRoutes(RoomRoutes rooms, ModerationRoutes moderation, ReportStore reports, Clock clock) {
    this.rooms = rooms;
    this.moderation = moderation;
    this.reports = reports;
    this.clock = clock;
  }

  /** {@code POST /api/rooms/{room}/reports} with {@code {"messageId","reason"}}. */
  void file(HttpExchange exchange) {
    Optional<RoomRoutes.Reader> caller = rooms.signedInReader(exchange);
    if (caller.isEmpty()) {
      return;
    }
    JsonNode body = JsonBody.objectOf(exchange.body());
    if (body == null) {
      exchange.respond(JsonBody.notAnObject());
      return;
    }
    Optional<FullHttpResponse> unknown = unknownField(body, FILE_FIELDS);
    if (unknown.isPresent()) {
      exchange.respond(unknown.get());
      return;
    }
    JsonNode messageId = body.path("messageId");
    if (!messageId.isTextual()
        || messageId.asText().isEmpty()
        || messageId.asText().length() > MAX_MESSAGE_ID) {
      exchange.respond(InviteRoutes.invalidField("messageId", "messageId is a message's id."));
      return;
    }
    JsonNode rawReason = body.path("reason");
    String reason =
        rawReason.isTextual() && !InputText.hasLoneSurrogate(rawReason.asText())
            ? InputText.cleanMessage(rawReason.asText())
            : "";
    if (reason.isBlank() || InputText.length(reason) > MAX_REASON) {
      exchange.respond(
          InviteRoutes.invalidField(
              "reason", "A reason is text of 1 to " + MAX_REASON + " characters."));
      return;
    }
    RoomId room = caller.get().room();
    String by = caller.get().userId();
    exchange.respond(
        rooms.whenAllowed(
            room,
            by,
            caller.get().grants(),
            Action.REPORT,
            access -> {
              long now = clock.millis();
              String id = reportId(now);
              return reports
                  .file(room, id, messageId.asText(), reason, by, now)
                  .thenApply(
                      filed ->
                          filed.isEmpty()
                              ? noSuch("This room has no such message.")
                              : Responses.json(
                                  filed.get().id().equals(id)
                                      ? HttpResponseStatus.CREATED
                                      : HttpResponseStatus.OK,
                                  asFiled(filed.get())));
            }));
  }

  /** {@code GET /api/rooms/{room}/reports?status=open|resolved}: the queue, newest first. */
  void list(HttpExchange exchange) {
    Optional<RoomRoutes.Reader> reader = rooms.reader(exchange);
    if (reader.isEmpty()) {
      return;
    }
    String status = exchange.query("status").orElse("open");
    if (!status.equals("open") && !status.equals("resolved")) {
      exchange.respond(
          Responses.error(
              HttpResponseStatus.BAD_REQUEST,
              ErrorCode.BAD_REQUEST,
              "status is open or resolved."));
      return;
    }
    RoomId room = reader.get().room();
    exchange.respond(
        rooms.whenAllowed(
            reader.get(),
            Action.VIEW_REPORTS,
            access ->
                reports
                    .list(room, status.equals("open"), MAX_LISTED)
                    .thenApply(
                        list ->
                            Responses.json(
                                HttpResponseStatus.OK,
                                new ReportInfo.Listing(
                                    list.stream().map(ReportRoutes::infoOf).toList())))));
  }

  /**
   * {@code POST /api/rooms/{room}/reports/{report}} with {@code {"resolution":"dismiss"|"delete"}}.
   * A report resolved already is answered as it was resolved.
   */
  void resolve(HttpExchange exchange) {
    Optional<RoomRoutes.Reader> caller = rooms.signedInReader(exchange);
    if (caller.isEmpty()) {
      return;
    }
    JsonNode body = JsonBody.objectOf(exchange.body());
    if (body == null) {
      exchange.respond(JsonBody.notAnObject());
      return;
    }
    Optional<FullHttpResponse> unknown = unknownField(body, RESOLVE_FIELDS);
    if (unknown.isPresent()) {
      exchange.respond(unknown.get());
      return;
    }
    Optional<Report.Resolution> resolution =
        body.path("resolution").isTextual()
            ? Report.Resolution.parse(body.get("resolution").asText())
            : Optional.empty();
    if (resolution.isEmpty()) {
      exchange.respond(InviteRoutes.invalidField("resolution", "resolution is dismiss or delete."));
      return;
    }
    RoomId room = caller.get().room();
    String reportId = exchange.param("report");
    exchange.respond(
        rooms.whenAllowed(
            caller.get(),
            Action.VIEW_REPORTS,
            access ->
                resolution.get() == Report.Resolution.DELETE
                    ? deleteThenResolve(caller.get(), reportId)
                    : resolved(caller.get(), reportId, Report.Resolution.DISMISS)));
  }

  /**
   * A "delete" resolution deletes the reported message as the moderator's own delete (judged by the
   * room like any: the owner's message stays), and only then resolves the report, so a report never
   * says "deleted" of a message that is still there. A message deleted meanwhile resolves it all
   * the same.
   */
  private CompletionStage<FullHttpResponse> deleteThenResolve(
      RoomRoutes.Reader caller, String reportId) {
    return reports
        .find(caller.room(), reportId)
        .thenCompose(
            report -> {
              if (report.isEmpty()) {
                return CompletableFuture.completedFuture(noSuch("This room has no such report."));
              }
              if (!report.get().open()) {
                return CompletableFuture.completedFuture(
                    Responses.json(HttpResponseStatus.OK, infoOf(report.get())));
              }
              return moderation
                  .removeMessage(
                      caller.room(),
                      caller.user(),
                      caller.grants(),
                      report.get().messageId(),
                      report.get().reason())
                  .thenCompose(
                      removed ->
                          removed.refusal() == null || removed.refusal() == ErrorCode.NOT_FOUND
                              ? resolved(caller, reportId, Report.Resolution.DELETE)
                              : CompletableFuture.completedFuture(
                                  RoomRoutes.refusal(removed.refusal(), removed.message())));
            });
  }

  private CompletionStage<FullHttpResponse> resolved(
      RoomRoutes.Reader caller, String reportId, Report.Resolution resolution) {
    long now = clock.millis();
    return reports
        .resolve(
            caller.room(),
            reportId,
            resolution,
            caller.userId(),
            now,
            RoomAudit.ofReport(caller.user(), reportId, resolution, now))
        .thenApply(
            resolved ->
                resolved.isEmpty()
                    ? noSuch("This room has no such report.")
                    : Responses.json(HttpResponseStatus.OK, infoOf(resolved.get())));
  }

  /** What the filer is told: their report, without what the message says or who wrote it. */
  private static ReportInfo asFiled(Report report) {
    return new ReportInfo(
        report.id(),
        report.messageId(),
        null,
        null,
        report.reason(),
        report.by(),
        report.at(),
        "open",
        null,
        null,
        null);
  }

  private static ReportInfo infoOf(Report report) {
    return new ReportInfo(
        report.id(),
        report.messageId(),
        report.excerpt(),
        new ReportInfo.Author(report.authorId(), report.authorName()),
        report.reason(),
        report.by(),
        report.at(),
        report.open() ? "open" : "resolved",
        report.open() ? null : report.resolution().wire(),
        report.resolvedBy(),
        report.resolvedAt());
  }

  private static Optional<FullHttpResponse> unknownField(JsonNode body, Set<String> known) {
    return JsonBody.unknownField(body, known::contains)
        .map(name -> InviteRoutes.invalidField(name, "Unknown field " + name + "."));
  }

  /** Time-ordered, like a message id: 8 characters of time, 8 random. */
  private static String reportId(long now) {
    return Long.toString(now, 36)
        + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
  }

  private static FullHttpResponse noSuch(String message) {
    return Responses.error(HttpResponseStatus.NOT_FOUND, ErrorCode.NOT_FOUND, message);
  }
}
