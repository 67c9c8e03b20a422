package dev.dormouse.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.FrameCodec;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** HTTP answers. Errors carry a stable code and a short text, never an exception's detail. */
public final class Responses {

  private Responses() {}

  public static FullHttpResponse json(HttpResponseStatus status, Object body) {
    try {
      return bytes(
          status, HttpHeaderValues.APPLICATION_JSON, FrameCodec.json().writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static FullHttpResponse error(HttpResponseStatus status, ErrorCode code, String message) {
    return json(status, Map.of("code", code.wire(), "message", message));
  }

  /** An error about one field of the request's body, which {@code field} names. */
  public static FullHttpResponse error(
      HttpResponseStatus status, ErrorCode code, String message, String field) {
    return json(status, Map.of("code", code.wire(), "message", message, "field", field));
  }

  public static FullHttpResponse text(HttpResponseStatus status, String body) {
    return bytes(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  public static FullHttpResponse bytes(
      HttpResponseStatus status, CharSequence contentType, byte[] body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    return response;
  }

  public static FullHttpResponse empty(HttpResponseStatus status) {
    return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
  }
}
