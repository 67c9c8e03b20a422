package dev.dormouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.dormouse.auth.ApiKeys;
import dev.dormouse.store.MessageStore;
import dev.dormouse.store.Stores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dormouse keys …} run in-process, as the jar's main runs it, against a real SQLite file in
 * a data directory of its own: no server is started.
 */
class KeysCommandTest {

  @TempDir Path dataDir;

  /** What one run printed, and its exit code. */
  private record Run(int exit, String out, String err) {}

  private Run keys(String... args) {
    Config config =
        ConfigFactory.parseMap(Map.of("dormouse.store.data-dir", dataDir.toString()))
            .withFallback(ConfigFactory.load());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        KeysCommand.run(
            List.of(args),
            config,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private ApiKeys.Presented check(String key) {
    try (MessageStore store = Stores.sqlite(dataDir)) {
      return new ApiKeys(store.keys())
          .check(Optional.of("Bearer " + key))
          .toCompletableFuture()
          .join();
    }
  }

  @Test
  void create_prints_the_key_once_and_stores_only_its_hash() throws Exception {
    Run created = keys("create", "--name", "deploy bot", "--scopes", "publish,read");

    assertThat(created.exit()).as(created.err()).isZero();
    String key = created.out().strip();
    assertThat(key).startsWith("dmk_").hasSize(4 + 43);
    assertThat(created.err()).contains("deploy bot").contains("publish,read").contains("shown");
    assertThat(check(key)).isInstanceOf(ApiKeys.Presented.Valid.class);
    ApiKeys.Presented.Valid valid = (ApiKeys.Presented.Valid) check(key);
    assertThat(valid.key().name()).isEqualTo("deploy bot");

    // The database holds no copy of the key: only its hash.
    byte[] database = Files.readAllBytes(dataDir.resolve("dormouse.db"));
    byte[] wal =
        Files.exists(dataDir.resolve("dormouse.db-wal"))
            ? Files.readAllBytes(dataDir.resolve("dormouse.db-wal"))
            : new byte[0];
    String secret = key.substring(4);
    assertThat(new String(database, StandardCharsets.ISO_8859_1)).doesNotContain(secret);
    assertThat(new String(wal, StandardCharsets.ISO_8859_1)).doesNotContain(secret);

    Run listed = keys("list");
    assertThat(listed.exit()).isZero();
    assertThat(listed.out())
        .contains(valid.key().id())
        .contains("deploy bot")
        .contains("publish,read")
        .contains("active")
        .doesNotContain(secret);
  }

  @Test
  void revoke_stops_the_key_and_list_says_when() {
    String key = keys("create", "--name=ci", "--scopes=admin").out().strip();
    String id = ((ApiKeys.Presented.Valid) check(key)).key().id();

    Run revoked = keys("revoke", id);
    assertThat(revoked.exit()).as(revoked.err()).isZero();
    assertThat(check(key)).isEqualTo(ApiKeys.Presented.Invalid.INSTANCE);
    assertThat(keys("list").out()).contains(id).contains("revoked ");

    Run unknown = keys("revoke", "k_nosuchkey");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("no key k_nosuchkey");
  }

  @Test
  void a_misspelt_scope_or_a_missing_name_creates_nothing() {
    assertThat(keys("create", "--name", "x", "--scopes", "publish,raed").exit()).isEqualTo(2);
    assertThat(keys("create", "--scopes", "read").exit()).isEqualTo(2);
    assertThat(keys("create", "--name", "  ", "--scopes", "read").exit()).isEqualTo(2);
    assertThat(keys("frobnicate").exit()).isEqualTo(2);
    assertThat(keys("list").out()).isEmpty();
  }
}
