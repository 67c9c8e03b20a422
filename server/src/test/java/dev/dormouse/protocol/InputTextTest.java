package dev.dormouse.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputTextTest {

  @Test
  void text_is_normalized_to_nfc() {
    assertThat(InputText.cleanMessage("e\u0301t\u00e9")).isEqualTo("\u00e9t\u00e9");
  }

  @Test
  void bidi_overrides_and_control_characters_are_stripped_but_newline_and_tab_survive_in_text() {
    assertThat(InputText.cleanMessage("a\u202Eb\u2066c\u0000d\ne\tf\r")).isEqualTo("abcd\ne\tf");
    assertThat(InputText.cleanName("Ada\nLovelace\t")).isEqualTo("AdaLovelace");
  }

  @Test
  void emoji_joiners_are_kept_because_they_are_not_bidi_controls() {
    String family = "👩\u200D👩\u200D👧";
    assertThat(InputText.cleanMessage(family)).isEqualTo(family);
  }

  @Test
  void zero_width_and_tag_characters_are_stripped_so_names_cannot_hide_in_them() {
    assertThat(InputText.cleanName("A\u200Bd\u2060a\uFEFF")).isEqualTo("Ada");
    assertThat(InputText.cleanMessage("hi\uDB40\uDC41\uDB40\uDC7F")).isEqualTo("hi");
  }

  @Test
  void a_lone_surrogate_is_found_and_a_pair_is_not() {
    assertThat(InputText.hasLoneSurrogate("a\uD800b")).isTrue();
    assertThat(InputText.hasLoneSurrogate("a\uDC00")).isTrue();
    assertThat(InputText.hasLoneSurrogate("😀")).isFalse();
  }

  @Test
  void length_counts_code_points() {
    assertThat(InputText.length("🦔🦔")).isEqualTo(2);
  }
}
