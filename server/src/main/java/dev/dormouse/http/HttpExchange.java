package dev.dormouse.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request and the way to answer it. What a handler needs of the request is read while the
 * handler runs (Netty releases the request's body after that); the answer may come later, from any
 * thread. Every answer gets the same headers: keep-alive, length, security, and no body for HEAD.
 */
public final class HttpExchange {

  private static final Logger log = LoggerFactory.getLogger(HttpExchange.class);

  private final ChannelHandlerContext ctx;
  private final FullHttpRequest request;
  private final QueryStringDecoder uri;
  private final boolean keepAlive;
  private final boolean head;
  private Map<String, String> params = Map.of();

  HttpExchange(ChannelHandlerContext ctx, FullHttpRequest request) {
    this.ctx = ctx;
    this.request = request;
    this.uri = new QueryStringDecoder(request.uri());
    this.keepAlive = HttpUtil.isKeepAlive(request);
    this.head = HttpMethod.HEAD.equals(request.method());
  }

  void withParams(Map<String, String> params) {
    this.params = params;
  }

  public ChannelHandlerContext context() {
    return ctx;
  }

  public FullHttpRequest request() {
    return request;
  }

  public HttpMethod method() {
    return head ? HttpMethod.GET : request.method();
  }

  /** The path as sent, still percent-encoded; the router decodes each segment once. */
  public String rawPath() {
    return uri.rawPath();
  }

  public String path() {
    return uri.path();
  }

  /** A part of the path the route named, such as {@code {room}}, decoded. */
  public String param(String name) {
    return params.get(name);
  }

  public Optional<String> query(String name) {
    List<String> values = uri.parameters().get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  public Optional<String> header(CharSequence name) {
    return Optional.ofNullable(request.headers().get(name));
  }

  public Optional<String> cookie(String name) {
    String header = request.headers().get(HttpHeaderNames.COOKIE);
    if (header == null) {
      return Optional.empty();
    }
    return ServerCookieDecoder.STRICT.decode(header).stream()
        .filter(c -> c.name().equals(name))
        .map(Cookie::value)
        .findFirst();
  }

  public String body() {
    return request.content().toString(StandardCharsets.UTF_8);
  }

  /** The TCP peer, which X-Forwarded-For cannot spoof. */
  public String address() {
    return ctx.channel().remoteAddress() instanceof InetSocketAddress inet
        ? inet.getAddress().getHostAddress()
        : "unknown";
  }

  /** Whether the client reached us over TLS, directly or through a proxy that says so. */
  public boolean isHttps() {
    return header("X-Forwarded-Proto").map(p -> p.equalsIgnoreCase("https")).orElse(false);
  }

  public void respond(FullHttpResponse response) {
    HttpHeaders headers = response.headers();
    HttpUtil.setContentLength(response, response.content().readableBytes());
    SecurityHeaders.addTo(headers);
    if (head) {
      response.content().clear();
    }
    if (keepAlive) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(response, ctx.voidPromise());
    } else {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** Answers when {@code later} completes; a failure is a 500 without its detail. */
  public void respond(CompletionStage<FullHttpResponse> later) {
    later.whenComplete(
        (response, failure) -> {
          if (failure != null) {
            log.error("{} {}: answering failed", request.method(), path(), failure);
            respond(
                Responses.error(
                    HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    dev.dormouse.protocol.ErrorCode.INTERNAL,
                    "Something went wrong; try again."));
          } else {
            respond(response);
          }
        });
  }
}
