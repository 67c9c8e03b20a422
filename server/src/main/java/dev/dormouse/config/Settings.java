package dev.dormouse.config;

import com.typesafe.config.Config;
import dev.dormouse.store.Retention;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Dormouse's settings, read once from {@code dormouse.*} in the configuration. */
public record Settings(
    Http http, Store store, Room room, Limits limits, Socket socket, Cluster cluster, Auth auth) {

  /**
   * {@code eventLoops}: 0 is one per core. {@code requestTimeout}: a request must arrive whole in
   * this time; {@code idleTimeout}: a kept-alive connection may wait this long for its next one.
   * {@code allowedHosts}: the names a request's Host may carry besides IP addresses, localhost and
   * the hosts of {@code auth.allowedOrigins}.
   */
  public record Http(
      String host,
      int port,
      String webRoot,
      int eventLoops,
      Duration requestTimeout,
      Duration idleTimeout,
      int maxBodyBytes,
      String metricsToken,
      List<String> allowedHosts) {}

  public record Store(Path dataDir, String databaseUrl, int poolSize) {

    public boolean usesPostgres() {
      return !databaseUrl.isBlank();
    }
  }

  /**
   * {@code presenceInterval}: joins and leaves are announced together once per interval. Above
   * {@code presenceListLimit} people, presence carries only the count.
   */
  public record Room(
      Duration idleTimeout,
      Duration presenceInterval,
      int presenceListLimit,
      int historyOnJoin,
      int resumeLimit,
      int maxBatch,
      Retention retention,
      Duration retentionSweepInterval) {}

  public record Limits(
      int maxMessageLength,
      int maxFrameBytes,
      int sendBurst,
      double sendPerSecond,
      int userSendBurst,
      double userSendPerSecond,
      int addressSendBurst,
      double addressSendPerSecond,
      int roomPostBurst,
      double roomPostsPerSecond,
      int connectionsPerIp,
      int httpConnectionsPerIp,
      int connectionsPerRoom,
      Duration typingInterval,
      int outgoingBufferBytes,
      Duration slowConsumerGrace) {

    /** Past this many bytes waiting for one socket it is slow at once, whatever the grace. */
    public long outgoingHardLimitBytes() {
      return 4L * outgoingBufferBytes;
    }
  }

  public record Auth(
      boolean anonymous,
      String secret,
      Duration sessionTtl,
      List<String> allowedOrigins,
      boolean allowMissingOrigin,
      String jwtIssuer,
      String jwtAudience,
      String jwtPublicKeyFile,
      String jwtJwksFile) {}

  public record Socket(Duration pingInterval, Duration closeTimeout) {}

  /** {@code seeds} are {@code host:port} remoting addresses; none means a cluster of one. */
  public record Cluster(List<String> seeds) {

    public boolean isMultiNode() {
      return !seeds.isEmpty();
    }
  }

  public static Settings from(Config root) {
    Config c = root.getConfig("dormouse");
    return new Settings(
        new Http(
            c.getString("http.host"),
            c.getInt("http.port"),
            c.getString("http.web-root"),
            c.getInt("http.event-loops"),
            c.getDuration("http.request-timeout"),
            c.getDuration("http.idle-timeout"),
            c.getBytes("http.max-body").intValue(),
            c.getString("http.metrics-token"),
            commaSeparated(c.getString("http.allowed-hosts"))),
        new Store(
            Path.of(c.getString("store.data-dir")),
            c.getString("store.database-url"),
            c.getInt("store.pool-size")),
        new Room(
            c.getDuration("room.idle-timeout"),
            c.getDuration("room.presence-interval"),
            c.getInt("room.presence-list-limit"),
            c.getInt("room.history-on-join"),
            c.getInt("room.resume-limit"),
            c.getInt("room.max-batch"),
            new Retention(
                c.getLong("room.retention.max-messages"),
                c.getDuration("room.retention.max-age").isZero()
                    ? null
                    : c.getDuration("room.retention.max-age")),
            c.getDuration("room.retention.sweep-interval")),
        new Limits(
            c.getInt("limits.max-message-length"),
            c.getInt("limits.max-frame-bytes"),
            c.getInt("limits.send-burst"),
            c.getDouble("limits.send-per-second"),
            c.getInt("limits.user-send-burst"),
            c.getDouble("limits.user-send-per-second"),
            c.getInt("limits.address-send-burst"),
            c.getDouble("limits.address-send-per-second"),
            c.getInt("limits.room-post-burst"),
            c.getDouble("limits.room-posts-per-second"),
            c.getInt("limits.connections-per-ip"),
            c.getInt("limits.http-connections-per-ip"),
            c.getInt("limits.connections-per-room"),
            c.getDuration("limits.typing-interval"),
            c.getBytes("limits.outgoing-buffer").intValue(),
            c.getDuration("limits.slow-consumer-grace")),
        new Socket(c.getDuration("socket.ping-interval"), c.getDuration("socket.close-timeout")),
        new Cluster(commaSeparated(c.getString("cluster.seeds"))),
        new Auth(
            c.getBoolean("auth.anonymous"),
            c.getString("auth.secret"),
            c.getDuration("auth.session-ttl"),
            commaSeparated(c.getString("auth.allowed-origins")),
            c.getBoolean("auth.allow-missing-origin"),
            c.getString("auth.jwt-issuer"),
            c.getString("auth.jwt-audience"),
            c.getString("auth.jwt-public-key-file"),
            c.getString("auth.jwt-jwks-file")));
  }

  private static List<String> commaSeparated(String value) {
    return Arrays.stream(value.split(","))
        .map(String::strip)
        .filter(item -> !item.isEmpty())
        .toList();
  }
}
