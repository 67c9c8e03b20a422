package dev.dormouse.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dormouse.access.Grants;
import dev.dormouse.auth.Credentials;
import dev.dormouse.auth.Identities;
import dev.dormouse.config.Settings;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.protocol.UserKind;
import dev.dormouse.protocol.UserRef;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/session}: a person picks a name once and gets a signed session, as a cookie for the
 * browser and as a bearer token for other clients. Both carry the same user id, which then stays
 * theirs across reloads, tabs and reconnects.
 *
 * <p>With guests off ({@code AUTH_ANONYMOUS=false}) a session is only issued to someone the
 * operator's identity provider already vouches for, and the name is the one in their token: a
 * session is a convenience for a known person, never a way in.
 */
final class SessionRoutes {

  private final Admission admission;
  private final Settings.Auth settings;

  SessionRoutes(Admission admission, Settings.Auth settings) {
    this.admission = admission;
    this.settings = settings;
  }

  /**
   * Who you are; {@code {"user": null}} without a valid session (none, expired, or signed with
   * another key), since being signed out is an answer, not an error.
   */
  void show(HttpExchange exchange) {
    Map<String, Object> body = new HashMap<>();
    body.put(
        "user",
        admission.check(exchange) instanceof Credentials.Outcome.Authenticated a ? a.user() : null);
    exchange.respond(Responses.json(HttpResponseStatus.OK, body));
  }

  void create(HttpExchange exchange) {
    if (!admission.permitsOrigin(exchange)) {
      exchange.respond(
          Responses.error(
              HttpResponseStatus.FORBIDDEN,
              ErrorCode.FORBIDDEN_ORIGIN,
              "This origin may not sign in here."));
      return;
    }
    Optional<Credentials.Outcome.Authenticated> current =
        admission.check(exchange) instanceof Credentials.Outcome.Authenticated a
            ? Optional.of(a)
            : Optional.empty();
    if (current.isEmpty() && !settings.anonymous()) {
      exchange.respond(
          Responses.error(
              HttpResponseStatus.UNAUTHORIZED,
              ErrorCode.UNAUTHORIZED,
              "Sign in with your organisation first."));
      return;
    }
    Optional<String> name = chosenName(exchange.body());
    if (name.isEmpty()) {
      exchange.respond(
          Responses.error(
              HttpResponseStatus.BAD_REQUEST,
              ErrorCode.BAD_REQUEST,
              "A name is 1 to 32 characters."));
      return;
    }
    // An operator's claims come along, but only for as long as the credential they came with.
    Grants grants = current.map(Credentials.Outcome.Authenticated::grants).orElse(Grants.NONE);
    Instant notAfter =
        grants.equals(Grants.NONE)
            ? null
            : current.map(Credentials.Outcome.Authenticated::expires).orElse(null);
    exchange.respond(
        issue(
            exchange,
            user(current.map(Credentials.Outcome.Authenticated::user), name.get()),
            grants,
            notAfter));
  }

  /** Sign out: the cookie is cleared. */
  void end(HttpExchange exchange) {
    FullHttpResponse response = Responses.empty(HttpResponseStatus.NO_CONTENT);
    DefaultCookie cookie = cookie("");
    cookie.setMaxAge(0);
    response.headers().add(HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.STRICT.encode(cookie));
    exchange.respond(response);
  }

  /**
   * Someone who already has a session keeps their id and changes their name; a person known to the
   * operator keeps the operator's name, and guests-off keeps every name as it is.
   */
  private UserRef user(Optional<UserRef> current, String chosen) {
    if (current.isEmpty()) {
      return new UserRef(Identities.newUserId(), chosen);
    }
    UserRef user = current.get();
    boolean mayRename = settings.anonymous() && user.kind() != UserKind.OPERATOR;
    return mayRename ? new UserRef(user.id(), chosen) : user;
  }

  private FullHttpResponse issue(
      HttpExchange exchange, UserRef user, Grants grants, Instant notAfter) {
    String token = admission.credentials().sessions().issue(user, grants, notAfter);
    FullHttpResponse response =
        Responses.json(HttpResponseStatus.OK, Map.of("token", token, "user", user));
    DefaultCookie cookie = cookie(token);
    cookie.setMaxAge(
        notAfter == null
            ? settings.sessionTtl().toSeconds()
            : Math.max(
                0,
                Math.min(
                    settings.sessionTtl().toSeconds(),
                    Duration.between(Instant.now(), notAfter).toSeconds())));
    cookie.setSecure(exchange.isHttps());
    response.headers().add(HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.STRICT.encode(cookie));
    return response;
  }

  private static DefaultCookie cookie(String value) {
    DefaultCookie cookie = new DefaultCookie(Credentials.SESSION_COOKIE, value);
    cookie.setPath("/");
    cookie.setHttpOnly(true);
    cookie.setSameSite(CookieHeaderNames.SameSite.Lax);
    return cookie;
  }

  private static Optional<String> chosenName(String body) {
    try {
      JsonNode json = FrameCodec.json().readTree(body);
      return json != null && json.path("name").isTextual()
          ? Identities.chosenName(json.get("name").asText())
          : Optional.empty();
    } catch (IOException notJson) {
      return Optional.empty();
    }
  }
}
