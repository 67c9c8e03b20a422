package dev.dormouse.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * Headers on every answer that keep browsers from misreading it: no content sniffing, no framing by
 * other sites, no referrer leaking room links, and a content policy that allows only this origin.
 * The web app's shell carries small inline scripts, hence 'unsafe-inline' for scripts and styles.
 * The server names no product or version.
 */
final class SecurityHeaders {

  private static final String CONTENT_POLICY =
      "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
          + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
          + "form-action 'self'";

  private SecurityHeaders() {}

  static void addTo(HttpHeaders headers) {
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set(HttpHeaderNames.X_FRAME_OPTIONS, "DENY");
    headers.set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CONTENT_POLICY);
    headers.set("Referrer-Policy", "same-origin");
  }
}
