package dev.dormouse.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.FrameCodec;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The request bodies of the room and server APIs: a JSON object (an empty body is an empty one)
 * whose every field the route knows, so a misspelt field is refused rather than quietly ignored.
 */
final class JsonBody {

  private JsonBody() {}

  /** The body as a JSON object; null when it is not one. */
  static JsonNode objectOf(String body) {
    try {
      JsonNode json = FrameCodec.json().readTree(body.isBlank() ? "{}" : body);
      return json != null && json.isObject() ? json : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The first field of {@code json} the route does not know, if any. */
  static Optional<String> unknownField(JsonNode json, Predicate<String> known) {
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.test(name)) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  /** The answer to a body that is not a JSON object. */
  static FullHttpResponse notAnObject() {
    return Responses.error(
        HttpResponseStatus.BAD_REQUEST, ErrorCode.BAD_REQUEST, "Send a JSON object.");
  }
}
