package dev.dormouse.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dormouse.access.PostPolicy;
import dev.dormouse.access.RoomSettings;
import dev.dormouse.access.SettingsChange;
import dev.dormouse.access.Visibility;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.InputText;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON body of {@code POST /api/rooms} and {@code PATCH /api/rooms/{id}}, read once and checked
 * field by field. A field it does not know is refused rather than ignored: a misspelt {@code
 * "visiblity":"private"} must not leave a room public without a word.
 */
sealed interface RoomSettingsBody {

  /** {@code id}: the room id asked for, or null (only {@code POST} may name one). */
  record Valid(String id, SettingsChange change) implements RoomSettingsBody {}

  record Invalid(FullHttpResponse response) implements RoomSettingsBody {}

  Set<String> SETTINGS = Set.of("title", "topic", "visibility", "postPolicy", "slowModeSeconds");

  static RoomSettingsBody parse(String body, boolean mayNameId) {
    JsonNode json = JsonBody.objectOf(body);
    if (json == null) {
      return new Invalid(JsonBody.notAnObject());
    }
    Optional<String> unknown =
        JsonBody.unknownField(
            json, name -> SETTINGS.contains(name) || mayNameId && name.equals("id"));
    if (unknown.isPresent()) {
      return invalid(unknown.get(), "Unknown field " + unknown.get() + ".");
    }
    String id = null;
    if (json.has("id")) {
      if (!json.get("id").isTextual()) {
        return new Invalid(ChatUpgrade.invalidRoomId());
      }
      id = json.get("id").asText();
    }
    String title = null;
    if (json.has("title")) {
      if (!json.get("title").isTextual()
          || InputText.hasLoneSurrogate(json.get("title").asText())) {
        return invalid("title", "title is text.");
      }
      title = InputText.cleanName(json.get("title").asText());
      if (InputText.length(title) > RoomSettings.MAX_TITLE) {
        return invalid("title", "A title holds at most " + RoomSettings.MAX_TITLE + " characters.");
      }
    }
    String topic = null;
    if (json.has("topic")) {
      if (!json.get("topic").isTextual()
          || InputText.hasLoneSurrogate(json.get("topic").asText())) {
        return invalid("topic", "topic is text.");
      }
      topic = InputText.cleanMessage(json.get("topic").asText());
      if (InputText.length(topic) > RoomSettings.MAX_TOPIC) {
        return invalid("topic", "A topic holds at most " + RoomSettings.MAX_TOPIC + " characters.");
      }
    }
    Visibility visibility = null;
    if (json.has("visibility")) {
      visibility =
          json.get("visibility").isTextual()
              ? Visibility.parse(json.get("visibility").asText()).orElse(null)
              : null;
      if (visibility == null) {
        return invalid("visibility", "visibility is public, unlisted or private.");
      }
    }
    PostPolicy postPolicy = null;
    if (json.has("postPolicy")) {
      postPolicy =
          json.get("postPolicy").isTextual()
              ? PostPolicy.parse(json.get("postPolicy").asText()).orElse(null)
              : null;
      if (postPolicy == null) {
        return invalid("postPolicy", "postPolicy is everyone or moderators.");
      }
    }
    Integer slowMode = null;
    if (json.has("slowModeSeconds")) {
      JsonNode seconds = json.get("slowModeSeconds");
      if (!seconds.isIntegralNumber()
          || !seconds.canConvertToInt()
          || seconds.asInt() < 0
          || seconds.asInt() > RoomSettings.MAX_SLOW_MODE_SECONDS) {
        return invalid(
            "slowModeSeconds",
            "slowModeSeconds is a whole number from 0 to "
                + RoomSettings.MAX_SLOW_MODE_SECONDS
                + ".");
      }
      slowMode = seconds.asInt();
    }
    return new Valid(id, new SettingsChange(title, topic, visibility, postPolicy, slowMode));
  }

  private static Invalid invalid(String field, String message) {
    return new Invalid(
        Responses.error(
            HttpResponseStatus.BAD_REQUEST, ErrorCode.INVALID_SETTINGS, message, field));
  }
}
