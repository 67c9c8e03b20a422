package dev.dormouse.http;

import dev.dormouse.protocol.ErrorCode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Method and path to handler, tried in the order added. {@code {name}} matches one path segment and
 * {@code {*name}} the rest of the path; both are decoded. A path that matches with another method
 * is answered 405 with {@code Allow}. HEAD is served as GET, without the body.
 */
final class Router {

  @FunctionalInterface
  interface Handler {
    void handle(HttpExchange exchange);
  }

  private record Route(HttpMethod method, String[] pattern, Handler handler) {}

  private final List<Route> routes = new ArrayList<>();

  Router get(String pattern, Handler handler) {
    return on(HttpMethod.GET, pattern, handler);
  }

  Router post(String pattern, Handler handler) {
    return on(HttpMethod.POST, pattern, handler);
  }

  Router put(String pattern, Handler handler) {
    return on(HttpMethod.PUT, pattern, handler);
  }

  Router patch(String pattern, Handler handler) {
    return on(HttpMethod.PATCH, pattern, handler);
  }

  Router delete(String pattern, Handler handler) {
    return on(HttpMethod.DELETE, pattern, handler);
  }

  /** Any method. */
  Router any(String pattern, Handler handler) {
    return on(null, pattern, handler);
  }

  private Router on(HttpMethod method, String pattern, Handler handler) {
    routes.add(new Route(method, pattern.substring(1).split("/", -1), handler));
    return this;
  }

  /**
   * Every route as {@code METHOD /pattern}, in the order tried; {@code ANY} for a route that takes
   * every method. What the OpenAPI document is checked against.
   */
  List<String> table() {
    return routes.stream()
        .map(
            r ->
                (r.method() == null ? "ANY" : r.method().name())
                    + " /"
                    + String.join("/", r.pattern()))
        .toList();
  }

  void dispatch(HttpExchange exchange) {
    String raw = exchange.rawPath();
    String[] path = raw.startsWith("/") ? raw.substring(1).split("/", -1) : null;
    Set<HttpMethod> allowed = new LinkedHashSet<>();
    for (Route route : routes) {
      Optional<Map<String, String>> params =
          path == null ? Optional.empty() : match(route.pattern(), path);
      if (params.isEmpty()) {
        continue;
      }
      if (route.method() == null && !allowed.isEmpty()) {
        break; // a catch-all never hides that the path exists for another method
      }
      if (route.method() == null || route.method().equals(exchange.method())) {
        exchange.withParams(params.get());
        route.handler().handle(exchange);
        return;
      }
      allowed.add(route.method());
    }
    if (allowed.isEmpty()) {
      exchange.respond(
          Responses.error(HttpResponseStatus.NOT_FOUND, ErrorCode.NOT_FOUND, "Nothing here."));
      return;
    }
    String names = allowed.stream().map(HttpMethod::name).collect(Collectors.joining(", "));
    var response =
        Responses.error(
            HttpResponseStatus.METHOD_NOT_ALLOWED,
            ErrorCode.METHOD_NOT_ALLOWED,
            "Use " + names.replaceFirst(", ([A-Z]+)$", " or $1") + ".");
    response.headers().set(HttpHeaderNames.ALLOW, names);
    exchange.respond(response);
  }

  private static Optional<Map<String, String>> match(String[] pattern, String[] path) {
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < pattern.length; i++) {
      String part = pattern[i];
      if (part.startsWith("{*")) {
        String rest =
            i < path.length ? String.join("/", List.of(path).subList(i, path.length)) : "";
        params.put(part.substring(2, part.length() - 1), decode(rest));
        return Optional.of(params);
      }
      if (i >= path.length) {
        return Optional.empty();
      }
      if (part.startsWith("{")) {
        params.put(part.substring(1, part.length() - 1), decode(path[i]));
      } else if (!part.equals(path[i])) {
        return Optional.empty();
      }
    }
    return pattern.length == path.length ? Optional.of(params) : Optional.empty();
  }

  /** Percent-decoding only: a path's {@code +} is a plus, not a space as in a query. */
  private static String decode(String raw) {
    try {
      return QueryStringDecoder.decodeComponent(raw.replace("+", "%2B"));
    } catch (IllegalArgumentException malformed) {
      return "\u0000";
    }
  }
}
