package dev.dormouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dormouse.auth.Credentials;
import dev.dormouse.config.Settings;
import dev.dormouse.protocol.ErrorCode;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.protocol.UserRef;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpCookie;
import org.apache.pekko.http.javadsl.model.headers.SameSite;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /api/session}: a person picks a name once and gets a signed session, as a cookie for the
 * browser and as a bearer token for other clients. Both carry the same user id, which then stays
 * theirs across reloads, tabs and reconnects.
 */
final class SessionRoutes extends AllDirectives {

  private final Credentials credentials;
  private final Admission admission;
  private final Settings.Auth settings;

  SessionRoutes(Credentials credentials, Admission admission, Settings.Auth settings) {
    this.credentials = credentials;
    this.admission = admission;
    this.settings = settings;
  }

  Route route() {
    return concat(
        // Signed out is an answer, not an error: {"user":null}, so a first visit logs no failure.
        get(
            () ->
                optionalHeaderValueByName(
                    "Authorization",
                    authorization ->
                        optionalCookie(
                            Credentials.SESSION_COOKIE,
                            cookie ->
                                complete(
                                    json(
                                        Collections.singletonMap(
                                            "user",
                                            credentials.check(
                                                        authorization, cookie.map(c -> c.value()))
                                                    instanceof Credentials.Outcome.Authenticated a
                                                ? a.user()
                                                : null)))))),
        post(() -> create()),
        delete(() -> setCookie(cookie("").withMaxAge(0), () -> complete(StatusCodes.NO_CONTENT))),
        complete(
            HttpErrors.of(
                StatusCodes.METHOD_NOT_ALLOWED,
                ErrorCode.METHOD_NOT_ALLOWED,
                "Use GET, POST or DELETE.")));
  }

  /** Runs {@code inner} with the request's user, a guest (empty) when allowed, or answers 401. */
  Route authenticated(Function<Optional<UserRef>, Route> inner) {
    return optionalHeaderValueByName(
        "Authorization",
        authorization ->
            optionalCookie(
                Credentials.SESSION_COOKIE,
                cookie ->
                    switch (admission.identify(authorization, cookie.map(c -> c.value()))) {
                      case Admission.Decision.Refuse refuse -> complete(refuse.response());
                      case Admission.Decision.Admit admit -> inner.apply(admit.user());
                    }));
  }

  private Route create() {
    return extractRequest(
        request ->
            optionalHeaderValueByName(
                "Origin",
                origin -> {
                  if (!admission.permitsOrigin(
                      origin, request.getHeader("Host").map(h -> h.value()).orElse(""))) {
                    return complete(
                        HttpErrors.of(
                            StatusCodes.FORBIDDEN,
                            ErrorCode.FORBIDDEN_ORIGIN,
                            "This origin may not sign in here."));
                  }
                  return entity(
                      unmarshaller(),
                      body -> {
                        Optional<String> name =
                            body != null && body.path("name").isTextual()
                                ? ChatRoutes.chosenName(body.get("name").asText())
                                : Optional.empty();
                        if (name.isEmpty()) {
                          return complete(
                              HttpErrors.of(
                                  StatusCodes.BAD_REQUEST,
                                  ErrorCode.BAD_REQUEST,
                                  "A name is 1 to 32 characters."));
                        }
                        return optionalCookie(
                            Credentials.SESSION_COOKIE,
                            existing -> issue(request, name.get(), existing.map(c -> c.value())));
                      });
                }));
  }

  /** Someone who already has a session keeps their id and only changes their name. */
  private Route issue(HttpRequest request, String name, Optional<String> existingCookie) {
    String id =
        credentials.check(Optional.empty(), existingCookie)
                instanceof Credentials.Outcome.Authenticated a
            ? a.user().id()
            : ChatRoutes.newUserId();
    UserRef user = new UserRef(id, name);
    String token = credentials.sessions().issue(user);
    HttpCookie cookie =
        cookie(token).withMaxAge(settings.sessionTtl().toSeconds()).withSecure(isHttps(request));
    return setCookie(cookie, () -> complete(json(Map.of("token", token, "user", user))));
  }

  private static HttpCookie cookie(String value) {
    return HttpCookie.create(Credentials.SESSION_COOKIE, value)
        .withPath("/")
        .withHttpOnly(true)
        .withSameSite(SameSite.Lax);
  }

  private static boolean isHttps(HttpRequest request) {
    return "https".equals(request.getUri().getScheme())
        || request
            .getHeader("X-Forwarded-Proto")
            .map(h -> h.value().equalsIgnoreCase("https"))
            .orElse(false);
  }

  private static org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller<
          org.apache.pekko.http.javadsl.model.HttpEntity, JsonNode>
      unmarshaller() {
    return org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller.entityToString()
        .thenApply(
            text -> {
              try {
                return FrameCodec.json().readTree(text);
              } catch (Exception e) {
                return null;
              }
            });
  }

  private static HttpResponse json(Object body) {
    return HttpResponse.create().withEntity(HttpErrors.json(body));
  }
}
