package dev.dormouse.store;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The server API's keys, by the hash of the key. Every method runs on the store's threads, writes
 * on its one writer.
 */
public interface ApiKeyStore {

  /** Stores a new key under the hash of its secret. */
  CompletionStage<Void> create(ApiKey key, String keyHash);

  /** Every key, revoked ones included, oldest first. */
  CompletionStage<List<ApiKey>> list();

  /** The key whose secret hashes to {@code keyHash}, revoked or not; empty when none does. */
  CompletionStage<Optional<ApiKey>> byHash(String keyHash);

  /**
   * Revokes the key at {@code now}; one revoked already keeps its first time. Empty when there is
   * no key {@code id}.
   */
  CompletionStage<Optional<ApiKey>> revoke(String id, long now);
}
