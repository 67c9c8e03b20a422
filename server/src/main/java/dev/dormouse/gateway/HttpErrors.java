package dev.dormouse.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.FrameCodec;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;

/** HTTP error answers: a stable code and a short text, never an exception's detail. */
final class HttpErrors {

  private HttpErrors() {}

  static HttpResponse of(StatusCode status, ErrorCode code, String message) {
    return HttpResponse.create()
        .withStatus(status)
        .withEntity(json(Map.of("code", code.wire(), "message", message)));
  }

  static org.apache.pekko.http.javadsl.model.ResponseEntity json(Object body) {
    try {
      return HttpEntities.create(
          ContentTypes.APPLICATION_JSON, FrameCodec.json().writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
