package dev.dormouse.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.access.Scope;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ApiKeyStore} must do; one subclass per database runs it. */
abstract class ApiKeyStoreContract {

  private MessageStore store;
  private ApiKeyStore keys;

  protected abstract MessageStore open();

  @BeforeEach
  void openStore() {
    store = open();
    keys = store.keys();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private static String unique() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  @Test
  void a_key_is_found_by_its_hash_with_its_name_scopes_and_time() {
    ApiKey key =
        new ApiKey(
            "k_" + unique().substring(0, 18),
            "deploy",
            Set.of(Scope.PUBLISH, Scope.READ),
            1_000L,
            null);
    String hash = unique() + unique();
    join(keys.create(key, hash));

    assertThat(join(keys.byHash(hash))).contains(key);
    assertThat(join(keys.byHash(unique() + unique()))).isEmpty();
    assertThat(join(keys.list())).contains(key);
  }

  @Test
  void a_revoked_key_keeps_its_row_and_its_first_revocation_time() {
    ApiKey key =
        new ApiKey("k_" + unique().substring(0, 18), "old", Set.of(Scope.ADMIN), 1_000L, null);
    String hash = unique() + unique();
    join(keys.create(key, hash));

    ApiKey revoked = join(keys.revoke(key.id(), 2_000L)).orElseThrow();
    assertThat(revoked.revokedAt()).isEqualTo(2_000L);
    assertThat(revoked.allows(Scope.ADMIN)).isFalse();
    assertThat(join(keys.revoke(key.id(), 3_000L)).orElseThrow().revokedAt()).isEqualTo(2_000L);
    assertThat(join(keys.byHash(hash)).orElseThrow().revoked()).isTrue();
    assertThat(join(keys.revoke("k_nobody" + unique().substring(0, 8), 2_000L))).isEmpty();
  }

  @Test
  void keys_are_listed_oldest_first() {
    String tag = unique().substring(0, 8);
    ApiKey later = new ApiKey("k_b" + tag, "later", Set.of(Scope.READ), 5_000L, null);
    ApiKey earlier = new ApiKey("k_a" + tag, "earlier", Set.of(Scope.READ), 4_000L, null);
    join(keys.create(later, unique() + unique()));
    join(keys.create(earlier, unique() + unique()));

    List<String> ids =
        join(keys.list()).stream().map(ApiKey::id).filter(id -> id.endsWith(tag)).toList();
    assertThat(ids).containsExactly(earlier.id(), later.id());
  }
}
