package dev.dormouse.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * The web app's static files, from the jar or from {@code http.web-root}. Vite names the files
 * under {@code assets/} by their content hash, so they are cached for a year; everything else, the
 * shell above all, is revalidated on each load (by ETag) so a new release shows at once. A path
 * that is not a file is a client-side route and gets the shell. Files from the jar are read once.
 */
final class StaticFiles {

  private static final String CLASSPATH_ROOT = "web/";
  private static final String SHELL = "_shell.html";
  private static final String IMMUTABLE = "public, max-age=31536000, immutable";
  private static final String NO_CACHE = "no-cache";
  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("html", "text/html; charset=utf-8"),
          Map.entry("js", "text/javascript; charset=utf-8"),
          Map.entry("css", "text/css; charset=utf-8"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("png", "image/png"),
          Map.entry("ico", "image/x-icon"),
          Map.entry("json", "application/json"),
          Map.entry("webmanifest", "application/manifest+json"),
          Map.entry("txt", "text/plain; charset=utf-8"),
          Map.entry("woff2", "font/woff2"),
          Map.entry("map", "application/json"));

  private record Asset(byte[] body, String type, String etag) {}

  private final Path webRoot;
  private final Map<String, Optional<Asset>> fromJar = new ConcurrentHashMap<>();

  StaticFiles(String webRoot) {
    this.webRoot = webRoot.isBlank() ? null : Path.of(webRoot).toAbsolutePath().normalize();
  }

  void serve(HttpExchange exchange) {
    String path = exchange.param("path");
    Optional<Asset> asset = path.isEmpty() || path.contains("..") ? Optional.empty() : load(path);
    if (asset.isEmpty()) {
      asset = load(SHELL);
      path = SHELL;
      if (asset.isEmpty()) {
        exchange.respond(
            Responses.text(HttpResponseStatus.NOT_FOUND, "The web app is not part of this build."));
        return;
      }
    }
    Asset file = asset.get();
    String caching = path.startsWith("assets/") ? IMMUTABLE : NO_CACHE;
    FullHttpResponse response;
    if (exchange.header(HttpHeaderNames.IF_NONE_MATCH).map(file.etag()::equals).orElse(false)) {
      response = Responses.empty(HttpResponseStatus.NOT_MODIFIED);
    } else {
      response = Responses.bytes(HttpResponseStatus.OK, file.type(), file.body());
    }
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, caching);
    response.headers().set(HttpHeaderNames.ETAG, file.etag());
    exchange.respond(response);
  }

  private Optional<Asset> load(String path) {
    if (webRoot != null) {
      Path file = webRoot.resolve(path).normalize();
      if (!file.startsWith(webRoot) || !Files.isRegularFile(file)) {
        return Optional.empty();
      }
      try {
        return Optional.of(asset(path, Files.readAllBytes(file)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    // Only files are remembered: made-up paths must not grow the map.
    Optional<Asset> known = fromJar.get(path);
    if (known != null) {
      return known;
    }
    Optional<Asset> found = fromClasspath(path);
    found.ifPresent(asset -> fromJar.put(path, found));
    return found;
  }

  private static Optional<Asset> fromClasspath(String path) {
    var resource = StaticFiles.class.getClassLoader().getResource(CLASSPATH_ROOT + path);
    if (resource == null || resource.getPath().endsWith("/")) {
      return Optional.empty();
    }
    try (InputStream in = resource.openStream()) {
      return Optional.of(asset(path, in.readAllBytes()));
    } catch (IOException e) {
      // A folder inside the jar reads as an error; it is not a file to serve.
      return Optional.empty();
    }
  }

  private static Asset asset(String path, byte[] body) {
    int dot = path.lastIndexOf('.');
    String type =
        TYPES.getOrDefault(dot < 0 ? "" : path.substring(dot + 1), "application/octet-stream");
    CRC32 crc = new CRC32();
    crc.update(body);
    return new Asset(
        body, type, "\"" + Long.toHexString(crc.getValue()) + "-" + body.length + "\"");
  }
}
