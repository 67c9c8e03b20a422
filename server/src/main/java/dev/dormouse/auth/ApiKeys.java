package dev.dormouse.auth;

import dev.dormouse.access.Scope;
import dev.dormouse.store.ApiKey;
import dev.dormouse.store.ApiKeyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The server API's keys: making one, and telling who presents one. A key is {@value #PREFIX}
 * followed by 32 random bytes in base64url; the store keeps only its SHA-256, and each request
 * looks the hash up, so a revoked key stops at once on every node that shares the store.
 *
 * <p>A key is never a session, nor a session a key: the prefix sets them apart before anything is
 * verified ({@link #looksLikeKey}), {@link Credentials} refuses a key wherever a person is asked
 * for, and the server API accepts nothing but a key.
 */
public final class ApiKeys {

  /** Every key starts with it, so a leaked one is recognisable to secret scanners and to us. */
  public static final String PREFIX = "dmk_";

  /** How long a key's name may be, in code points. */
  public static final int MAX_NAME_LENGTH = 64;

  private static final int SECRET_BYTES = 32;
  private static final int ID_BYTES = 9;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A key just made: the stored part, and the secret shown once and never again. */
  public record Issued(ApiKey key, String secret) {}

  /** What a request's {@code Authorization} header proved. */
  public sealed interface Presented {
    /** A key the store knows and has not revoked. */
    record Valid(ApiKey key) implements Presented {}

    /** No bearer token at all. */
    enum Missing implements Presented {
      INSTANCE
    }

    /** A bearer token that is no key of ours, or a revoked one: told apart from neither. */
    enum Invalid implements Presented {
      INSTANCE
    }
  }

  private final ApiKeyStore store;

  public ApiKeys(ApiKeyStore store) {
    this.store = store;
  }

  /** Makes and stores a key; the secret in the answer exists nowhere else. */
  public CompletionStage<Issued> create(String name, Set<Scope> scopes, long now) {
    byte[] secret = new byte[SECRET_BYTES];
    RANDOM.nextBytes(secret);
    byte[] id = new byte[ID_BYTES];
    RANDOM.nextBytes(id);
    String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    // The id is public (lists, logs, revoke): its own random bytes, nothing of the secret.
    ApiKey stored = new ApiKey("k_" + HexFormat.of().formatHex(id), name, scopes, now, null);
    return store.create(stored, hash(key)).thenApply(done -> new Issued(stored, key));
  }

  /**
   * The key an {@code Authorization: Bearer} header presents, checked against the store on every
   * call: nothing is cached, so a revocation holds from the next request on.
   */
  public CompletionStage<Presented> check(Optional<String> authorization) {
    if (authorization.isEmpty()) {
      return CompletableFuture.completedFuture(Presented.Missing.INSTANCE);
    }
    String header = authorization.get().strip();
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return CompletableFuture.completedFuture(Presented.Invalid.INSTANCE);
    }
    String token = header.substring(7).strip();
    if (!looksLikeKey(token)) {
      return CompletableFuture.completedFuture(Presented.Invalid.INSTANCE);
    }
    return store
        .byHash(hash(token))
        .thenApply(
            key ->
                key.filter(k -> !k.revoked())
                    .<Presented>map(Presented.Valid::new)
                    .orElse(Presented.Invalid.INSTANCE));
  }

  /** Whether {@code token} is shaped like a key, which no session or operator token ever is. */
  public static boolean looksLikeKey(String token) {
    return token.startsWith(PREFIX);
  }

  /**
   * SHA-256 of the key, in hex. A fast hash is right here, unlike for passwords: a key holds 256
   * random bits, so no dictionary or brute force over the hash can find it, and a slow hash
   * (bcrypt, Argon2) would only cost every request its time. Unsalted for the same reason, which
   * lets the store find a key by its hash through an index.
   */
  static String hash(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
