package dev.dormouse.protocol;

import java.text.BreakIterator;

/**
 * The rule for what a reaction may be: one emoji, as a person picks it from an emoji keyboard.
 *
 * <p>The text must be exactly one extended grapheme cluster (what {@link BreakIterator}'s character
 * instance, and the browser's {@code Intl.Segmenter}, call one character), at most {@value
 * #MAX_UTF16_UNITS} UTF-16 units long, and it must hold at least one code point with the Unicode
 * property Emoji_Presentation or Extended_Pictographic, or be a keycap sequence ({@code 0}–{@code
 * 9}, {@code #} or {@code *}, then U+20E3, with or without U+FE0F between) or a flag (a pair of
 * regional indicators). So "👍", "👍🏽", "👩‍👩‍👧", "🇫🇷" and "1️⃣" are reactions; "a", "1",
 * "👍👍", "👍 " and "" are not. The web client applies the same rule with {@code Intl.Segmenter}
 * and {@code \p{Emoji_Presentation}|\p{Extended_Pictographic}}.
 */
public final class Emoji {

  /** Long enough for the longest emoji ZWJ sequences in use, short enough to stay an emoji. */
  public static final int MAX_UTF16_UNITS = 32;

  private static final int KEYCAP = 0x20E3;
  private static final int VARIATION_SELECTOR_16 = 0xFE0F;

  private Emoji() {}

  public static boolean isSingle(String text) {
    if (text == null
        || text.isEmpty()
        || text.length() > MAX_UTF16_UNITS
        || InputText.hasLoneSurrogate(text)) {
      return false;
    }
    BreakIterator graphemes = BreakIterator.getCharacterInstance();
    graphemes.setText(text);
    if (graphemes.next() != text.length()) {
      return false;
    }
    return text.codePoints()
            .anyMatch(c -> Character.isEmojiPresentation(c) || Character.isExtendedPictographic(c))
        || isKeycap(text)
        || isFlag(text);
  }

  private static boolean isKeycap(String text) {
    int[] cps = text.codePoints().toArray();
    boolean base =
        cps.length > 0 && (cps[0] == '#' || cps[0] == '*' || cps[0] >= '0' && cps[0] <= '9');
    return base
        && (cps.length == 2 && cps[1] == KEYCAP
            || cps.length == 3 && cps[1] == VARIATION_SELECTOR_16 && cps[2] == KEYCAP);
  }

  private static boolean isFlag(String text) {
    int[] cps = text.codePoints().toArray();
    return cps.length == 2 && isRegionalIndicator(cps[0]) && isRegionalIndicator(cps[1]);
  }

  private static boolean isRegionalIndicator(int c) {
    return c >= 0x1F1E6 && c <= 0x1F1FF;
  }
}
