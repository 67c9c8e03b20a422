package dev.dormouse.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
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
   * process crash; grouping messages per transaction keeps that affordable. {@code secure_delete}
   * and a checkpoint after each delete keep a deleted message's text out of the file and its log.
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
    requireWritable(dataDir, database);
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(5_000);
    // Freed bytes are zeroed, so a deleted message's text does not linger in free pages.
    config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
    SQLiteDataSource sqlite = new SQLiteDataSource(config);
    sqlite.setUrl("jdbc:sqlite:" + database.toAbsolutePath());

    HikariConfig pool = new HikariConfig();
    pool.setDataSource(sqlite);
    pool.setPoolName("sqlite");
    pool.setMaximumPoolSize(4);
    // A file has no server that drops old connections, so they are kept for the life of the
    // process. Retiring one would reopen the file, and SQLite opens a file that turned read-only
    // meanwhile read-only without a word: some writes would fail, some not, for half an hour.
    pool.setMaxLifetime(0);
    HikariDataSource dataSource = new HikariDataSource(pool);
    migrate(dataSource);
    return new JdbcMessageStore(dataSource, 3, dataSource, true);
  }

  /**
   * SQLite opens a file it may not write read-only, without a word, and every send would then be
   * refused. A store that cannot take messages is a mistake to report at start (a restore left the
   * files to another owner, a volume is mounted read-only), not a server to run. The folder counts
   * too: SQLite creates and removes the {@code -wal} and {@code -shm} files there.
   */
  private static void requireWritable(Path dataDir, Path database) {
    for (Path path :
        List.of(
            dataDir,
            database,
            dataDir.resolve(database.getFileName() + "-wal"),
            dataDir.resolve(database.getFileName() + "-shm"))) {
      if (Files.exists(path) && !Files.isWritable(path)) {
        throw new IllegalStateException(
            path.toAbsolutePath()
                + " is read-only: Dormouse must be able to write DATA_DIR and the dormouse.db,"
                + " dormouse.db-wal and dormouse.db-shm files in it");
      }
    }
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
    // Without this the driver puts a failed statement's bound values, message text included, into
    // its exception, and so into the server's log, where a deleted message's text would outlive it.
    pool.addDataSourceProperty("logServerErrorDetail", "false");
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
