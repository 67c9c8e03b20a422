package dev.dormouse.gateway;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The web app's static files, from the jar or from {@code http.web-root}. Vite names the files
 * under {@code assets/} by their content hash, so they are cached for a year; everything else, the
 * shell above all, is revalidated on each load so a new release shows at once. A path that is not a
 * file is a client-side route and gets the shell.
 */
final class StaticFiles extends AllDirectives {

  private static final String CLASSPATH_ROOT = "web/";
  private static final String SHELL = "_shell.html";
  private static final CacheControl IMMUTABLE =
      CacheControl.create(
          CacheDirectives.PUBLIC, CacheDirectives.MAX_AGE(31_536_000), CacheDirectives.IMMUTABLE);
  private static final CacheControl NO_CACHE = CacheControl.create(CacheDirectives.NO_CACHE);

  private final Path webRoot;

  StaticFiles(String webRoot) {
    this.webRoot = webRoot.isBlank() ? null : Path.of(webRoot).toAbsolutePath().normalize();
  }

  Route route() {
    return get(
        () -> extractUnmatchedPath(path -> serve(path.startsWith("/") ? path.substring(1) : path)));
  }

  private Route serve(String path) {
    if (!path.isEmpty() && !path.contains("..") && exists(path)) {
      CacheControl caching = path.startsWith("assets/") ? IMMUTABLE : NO_CACHE;
      return respondWithHeader(caching, () -> file(path));
    }
    if (!exists(SHELL)) {
      return complete(
          org.apache.pekko.http.javadsl.model.StatusCodes.NOT_FOUND,
          "The web app is not part of this build.");
    }
    return respondWithHeader(NO_CACHE, () -> file(SHELL));
  }

  private boolean exists(String path) {
    if (webRoot != null) {
      Path file = webRoot.resolve(path).normalize();
      return file.startsWith(webRoot) && Files.isRegularFile(file);
    }
    URL resource = StaticFiles.class.getClassLoader().getResource(CLASSPATH_ROOT + path);
    return resource != null && !resource.getPath().endsWith("/");
  }

  private Route file(String path) {
    return webRoot != null
        ? getFromFile(webRoot.resolve(path).toFile())
        : getFromResource(CLASSPATH_ROOT + path);
  }
}
