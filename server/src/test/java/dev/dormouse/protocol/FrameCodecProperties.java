package dev.dormouse.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.room.RoomId;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a client sends, the codec answers with a frame or a documented error, never a throw. */
class FrameCodecProperties {

  private static final Set<String> DOCUMENTED = Set.of("bad_frame", "too_large");
  private final FrameCodec codec = new FrameCodec(2000);

  @Property(tries = 2000)
  void any_text_decodes_to_a_frame_or_a_documented_error(@ForAll("clientText") String text) {
    ClientFrame frame = codec.decode(text);
    assertThat(frame).isNotNull();
    if (frame instanceof ClientFrame.Invalid invalid) {
      assertThat(DOCUMENTED).contains(invalid.code().wire());
      assertThat(invalid.message()).isNotBlank();
    }
    if (frame instanceof ClientFrame.Send send) {
      assertThat(InputText.length(send.text())).isBetween(1, 2000);
      assertThat(send.text().codePoints()).noneMatch(FrameCodecProperties::isHidden);
    }
  }

  @Property(tries = 1000)
  void a_send_frame_with_any_fields_never_throws(
      @ForAll("clientText") String text, @ForAll("clientText") String clientId) {
    String json =
        "{\"type\":\"send\",\"text\":"
            + FrameCodec.json().valueToTree(text)
            + ",\"clientId\":"
            + FrameCodec.json().valueToTree(clientId)
            + "}";
    assertThat(codec.decode(json)).isNotNull();
  }

  @Property(tries = 1000)
  void names_come_out_clean(@ForAll("clientText") String raw) {
    assertThat(InputText.cleanName(raw).codePoints())
        .noneMatch(c -> isHidden(c) || c == '\n' || c == '\t');
  }

  @Property(tries = 1000)
  void room_ids_parse_or_are_refused_without_throwing(@ForAll("clientText") String raw) {
    RoomId.parse(raw).ifPresent(id -> assertThat(id.value()).matches("[A-Za-z0-9_-]{1,64}"));
  }

  @Provide
  Arbitrary<String> clientText() {
    Arbitrary<String> anyUnicode = Arbitraries.strings().all().ofMaxLength(300);
    Arbitrary<String> jsonish =
        Arbitraries.of(
                "{",
                "}",
                "\"type\"",
                ":",
                "\"send\"",
                "\"typing\"",
                ",",
                "\"text\"",
                "\"clientId\"",
                "[",
                "]",
                "null",
                "1",
                "\u202E",
                "\u0000",
                "ping",
                "😀")
            .list()
            .ofMaxSize(20)
            .map(parts -> String.join("", parts));
    return Arbitraries.oneOf(
        anyUnicode, jsonish, Arbitraries.integers().between(1990, 2010).map(n -> "😀".repeat(n)));
  }

  private static boolean isHidden(int c) {
    return (Character.getType(c) == Character.CONTROL && c != '\n' && c != '\t')
        || c == 0x061C
        || c == 0x200E
        || c == 0x200F
        || (c >= 0x202A && c <= 0x202E)
        || (c >= 0x2066 && c <= 0x2069);
  }
}
