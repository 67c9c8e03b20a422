package dev.dormouse.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dormouse.access.Restriction;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.InputText;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON body of a moderator's kick, ban, mute or delete, read once and checked field by field.
 * Like a room's settings, a field it does not know is refused ({@code 400 invalid_settings}) rather
 * than ignored: a misspelt {@code "untill"} must not turn a day's ban into one for good.
 */
sealed interface ModerationBody {

  /**
   * {@code userId}: whom it is about (null for a delete); {@code until}: epoch ms, null when not
   * given; {@code reason}: cleaned, "" when not given.
   */
  record Valid(String userId, Long until, String reason) implements ModerationBody {}

  record Invalid(FullHttpResponse response) implements ModerationBody {}

  /** What each route takes: which fields, and whether it needs a person and an end. */
  enum Shape {
    DELETE(Set.of("reason"), false, false),
    KICK(Set.of("userId", "reason"), true, false),
    BAN(Set.of("userId", "until", "reason"), true, false),
    MUTE(Set.of("userId", "until", "reason"), true, true);

    private final Set<String> fields;
    private final boolean needsUser;
    private final boolean needsUntil;

    Shape(Set<String> fields, boolean needsUser, boolean needsUntil) {
      this.fields = fields;
      this.needsUser = needsUser;
      this.needsUntil = needsUntil;
    }
  }

  static ModerationBody parse(String body, Shape shape, long now) {
    JsonNode json = JsonBody.objectOf(body);
    if (json == null) {
      return new Invalid(JsonBody.notAnObject());
    }
    Optional<String> unknown = JsonBody.unknownField(json, shape.fields::contains);
    if (unknown.isPresent()) {
      return invalid(unknown.get(), "Unknown field " + unknown.get() + ".");
    }
    String userId = null;
    if (shape.needsUser) {
      JsonNode user = json.get("userId");
      if (user == null || !user.isTextual() || !RoomRoutes.isUserId(user.asText())) {
        return invalid("userId", "userId is the id of the person, 1 to 64 characters.");
      }
      userId = user.asText();
    }
    Long until = null;
    JsonNode end = json.get("until");
    if (end != null && !end.isNull()) {
      if (!end.isIntegralNumber() || !end.canConvertToLong()) {
        return invalid("until", "until is a time in epoch milliseconds.");
      }
      until = end.asLong();
      if (until <= now) {
        return invalid("until", "until must be in the future.");
      }
    }
    if (shape.needsUntil && until == null) {
      return invalid("until", "A mute needs until, a time in epoch milliseconds.");
    }
    String reason = "";
    JsonNode given = json.get("reason");
    if (given != null && !given.isNull()) {
      if (!given.isTextual() || InputText.hasLoneSurrogate(given.asText())) {
        return invalid("reason", "reason is text.");
      }
      reason = InputText.cleanMessage(given.asText());
      if (InputText.length(reason) > Restriction.MAX_REASON) {
        return invalid(
            "reason", "A reason holds at most " + Restriction.MAX_REASON + " characters.");
      }
    }
    return new Valid(userId, until, reason);
  }

  private static Invalid invalid(String field, String message) {
    return new Invalid(
        Responses.error(
            HttpResponseStatus.BAD_REQUEST, ErrorCode.INVALID_SETTINGS, message, field));
  }
}
