package dev.dormouse.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Opens the configured store and brings its schema up to date before anything uses it. */
public final class Stores {

  private static final String MIGRATIONS = "classpath:dev/dormouse/store/migration";

  private Stores() {}

  /**
   * The embedded default: one SQLite file in WAL mode. {@code synchronous=FULL} makes each commit
   * reach the disk before it returns, so an acknowledged message survives power loss, not only a
   * process crash; grouping messages per transaction keeps that affordable.
   */
  public static MessageStore sqlite(Path dataDir) {
    Path database = dataDir.resolve("dormouse.db");
    try {
      if (!Files.isDirectory(dataDir)) {
        Files.createDirectories(
            dataDir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      // Only Dormouse's user may read the messages. SQLite gives the -wal and -shm files the
      // database's own permissions, so creating it private keeps all three private.
      if (!Files.exists(database)) {
        Files.createFile(
            database,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data directory " + dataDir, e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(5_000);
    SQLiteDataSource sqlite = new SQLiteDataSource(config);
    sqlite.setUrl("jdbc:sqlite:" + database.toAbsolutePath());

    HikariConfig pool = new HikariConfig();
    pool.setDataSource(sqlite);
    pool.setPoolName("sqlite");
    pool.setMaximumPoolSize(4);
    HikariDataSource dataSource = new HikariDataSource(pool);
    migrate(dataSource);
    return new JdbcMessageStore(dataSource, 3, dataSource);
  }

  private static final Duration DATABASE_WAIT = Duration.ofSeconds(5);

  /** The shared store of a cluster: PostgreSQL through a HikariCP pool. */
  public static MessageStore postgres(String jdbcUrl, int poolSize) {
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(jdbcUrl);
    pool.setPoolName("postgres");
    pool.setMaximumPoolSize(poolSize);
    // While the database is away, a send is refused with "unavailable" after this, not after
    // HikariCP's default 30 s; the client resends under the same clientId.
    pool.setConnectionTimeout(DATABASE_WAIT.toMillis());
    HikariDataSource dataSource = new HikariDataSource(pool);
    try {
      migrate(dataSource);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    return new JdbcMessageStore(dataSource, Math.max(1, poolSize - 1), dataSource);
  }

  /** The store the settings ask for. */
  public static MessageStore open(dev.dormouse.config.Settings.Store settings) {
    return settings.usesPostgres()
        ? postgres(settings.databaseUrl(), settings.poolSize())
        : sqlite(settings.dataDir());
  }

  static void migrate(DataSource dataSource) {
    Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).load().migrate();
  }
}
