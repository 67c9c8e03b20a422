package dev.dormouse.protocol;

import java.text.Normalizer;

/**
 * Cleans text that people type before anyone else sees it: NFC normalization, then control and
 * bidi-override characters are dropped, since they can hide or reorder what a message appears to
 * say. Lengths are counted in code points, so an emoji counts once whatever its UTF-16 length.
 */
public final class InputText {

  private InputText() {}

  /** A message body: newline and tab survive; surrounding blank lines are trimmed. */
  public static String cleanMessage(String raw) {
    return strip(raw, true).strip();
  }

  /** A display name: one line, trimmed. */
  public static String cleanName(String raw) {
    return strip(raw, false).strip();
  }

  public static int length(String text) {
    return text.codePointCount(0, text.length());
  }

  private static String strip(String raw, boolean keepLineBreaks) {
    String normalized = Normalizer.normalize(raw, Normalizer.Form.NFC);
    StringBuilder out = new StringBuilder(normalized.length());
    normalized
        .codePoints()
        .filter(c -> keepLineBreaks && (c == '\n' || c == '\t') || !isHidden(c))
        .forEach(out::appendCodePoint);
    return out.toString();
  }

  private static boolean isHidden(int c) {
    return Character.getType(c) == Character.CONTROL || isBidiControl(c);
  }

  private static boolean isBidiControl(int c) {
    return c == 0x061C
        || c == 0x200E
        || c == 0x200F
        || (c >= 0x202A && c <= 0x202E)
        || (c >= 0x2066 && c <= 0x2069);
  }
}
