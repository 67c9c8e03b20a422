package dev.dormouse.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmojiTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "👍", // Emoji_Presentation
        "👍🏽", // with a skin tone
        "👩‍👩‍👧", // a ZWJ sequence: one grapheme
        "❤️", // text-default heart with VS16: Extended_Pictographic
        "❤", // and without it
        "🇫🇷", // a flag: two regional indicators
        "1️⃣", // a keycap with VS16
        "#⃣", // a keycap without it
        "🏳️‍🌈"
      })
  void a_single_emoji_grapheme_is_a_reaction(String emoji) {
    assertThat(Emoji.isSingle(emoji)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "a",
        "1", // a digit has the Emoji property, but is not shown as one
        "👍👍", // two graphemes
        "👍 ",
        " 👍",
        "ok",
        "a\u20E3", // a keycap on a letter is no keycap
        "é",
        "\uD83D", // half a surrogate pair
        "👨‍👩‍👧‍👦👨‍👩‍👧‍👦"
      })
  void anything_else_is_not(String text) {
    assertThat(Emoji.isSingle(text)).isFalse();
  }

  @org.junit.jupiter.api.Test
  void a_grapheme_longer_than_32_utf16_units_is_not_a_reaction() {
    // Family emoji joined over and over still form one grapheme cluster.
    String long_ = "👩" + "\u200D👩".repeat(11);
    assertThat(long_.length()).isGreaterThan(Emoji.MAX_UTF16_UNITS);
    assertThat(Emoji.isSingle(long_)).isFalse();
  }
}
