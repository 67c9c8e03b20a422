package dev.dormouse.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The key that signs sessions: {@code AUTH_SECRET} when set (every node of a cluster needs the same
 * one), otherwise 256 random bits generated once and kept in {@code DATA_DIR/session.key}, readable
 * by the owner only, so sessions survive restarts.
 */
public final class SessionKey {

  private static final int BYTES = 32;

  private SessionKey() {}

  public static byte[] load(String configured, Path dataDir) {
    if (!configured.isBlank()) {
      byte[] key = configured.getBytes(StandardCharsets.UTF_8);
      if (key.length < BYTES) {
        throw new IllegalStateException("AUTH_SECRET must be at least 32 bytes long");
      }
      return key;
    }
    Path file = dataDir.resolve("session.key");
    try {
      if (Files.exists(file)) {
        return Base64.getDecoder().decode(Files.readString(file).strip());
      }
      Files.createDirectories(dataDir);
      byte[] key = new byte[BYTES];
      new SecureRandom().nextBytes(key);
      Files.writeString(file, Base64.getEncoder().encodeToString(key));
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    }
  }
}
