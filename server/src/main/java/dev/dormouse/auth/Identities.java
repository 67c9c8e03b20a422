package dev.dormouse.auth;

import dev.dormouse.protocol.InputText;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The rules for who a person is called: the display-name rule, the ids the server hands out, and
 * the names guests get. Every place that names someone uses these; what stands behind a name
 * follows from the id ({@link dev.dormouse.protocol.UserKind}).
 */
public final class Identities {

  private static final int MAX_NAME_LENGTH = 32;

  private Identities() {}

  /** A name someone chose: cleaned, or empty when nothing of 1–32 characters remains. */
  public static Optional<String> chosenName(String raw) {
    if (InputText.hasLoneSurrogate(raw)) {
      return Optional.empty();
    }
    String cleaned = InputText.cleanName(raw);
    int length = InputText.length(cleaned);
    return length >= 1 && length <= MAX_NAME_LENGTH ? Optional.of(cleaned) : Optional.empty();
  }

  /** The chosen name when it is a valid one, else a guest name. */
  public static String displayName(Optional<String> raw) {
    return raw.flatMap(Identities::chosenName)
        .orElseGet(() -> "Guest " + ThreadLocalRandom.current().nextInt(1000, 10_000));
  }

  public static String newUserId() {
    return "u_" + randomToken();
  }

  public static String newSocketId() {
    return "s_" + randomToken();
  }

  private static String randomToken() {
    return Long.toString(ThreadLocalRandom.current().nextLong(1L << 50, Long.MAX_VALUE), 36);
  }
}
