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
  void length_counts_code_points() {
    assertThat(InputText.length("🦔🦔")).isEqualTo(2);
  }
}
