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

  /** Whether the text holds half of a surrogate pair, which no UTF-8 can carry. */
  public static boolean hasLoneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return true;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isHidden(int c) {
    return Character.getType(c) == Character.CONTROL || isBidiControl(c) || isInvisible(c);
  }

  /**
   * Characters that show nothing and so can make two texts look alike: zero-width space, word
   * joiner and its kin, the byte-order mark, the Mongolian vowel separator, and tag characters. The
   * zero-width joiner stays: emoji sequences are built with it. (Tags also build the flags of
   * England, Scotland and Wales, which lose their region and show as a black flag.)
   */
  private static boolean isInvisible(int c) {
    return c == 0x200B
        || (c >= 0x2060 && c <= 0x2064)
        || c == 0xFEFF
        || c == 0x180E
        || (c >= 0xE0000 && c <= 0xE007F);
  }

  private static boolean isBidiControl(int c) {
    return c == 0x061C
        || c == 0x200E
        || c == 0x200F
        || (c >= 0x202A && c <= 0x202E)
        || (c >= 0x2066 && c <= 0x2069);
  }
}
