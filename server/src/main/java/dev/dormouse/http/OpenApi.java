package dev.dormouse.http;

import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/openapi.json}: the OpenAPI 3.1 description of the HTTP API and the server API,
 * written by hand beside the code ({@code dev/dormouse/http/openapi.json}). A test holds it to the
 * router's table, so no route goes undescribed and nothing described is missing.
 */
final class OpenApi {

  static final String RESOURCE = "/dev/dormouse/http/openapi.json";

  private final byte[] document;

  private OpenApi(byte[] document) {
    this.document = document;
  }

  /** Read once at start: a jar without its document is a build mistake, not a request's. */
  static OpenApi load() {
    try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + RESOURCE);
      }
      return new OpenApi(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  void serve(HttpExchange exchange) {
    exchange.respond(
        Responses.bytes(HttpResponseStatus.OK, HttpHeaderValues.APPLICATION_JSON, document));
  }
}
