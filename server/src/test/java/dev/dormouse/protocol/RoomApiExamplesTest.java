package dev.dormouse.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dormouse.access.Role;
import dev.dormouse.access.Visibility;
import dev.dormouse.store.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The shared examples of the room API's bodies are what the server writes and reads. */
class RoomApiExamplesTest {

  private static final Path HTTP = Path.of("..", "protocol", "examples", "http");

  static Stream<Path> errors() throws IOException {
    try (Stream<Path> listing = Files.list(HTTP)) {
      List<Path> files =
          listing.filter(p -> p.getFileName().toString().startsWith("error-")).sorted().toList();
      assertThat(files).isNotEmpty();
      return files.stream();
    }
  }

  private static JsonNode read(String name) throws IOException {
    return FrameCodec.json().readTree(Files.readString(HTTP.resolve(name)));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void every_error_example_carries_a_code_of_the_server(Path example) throws IOException {
    JsonNode body = FrameCodec.json().readTree(Files.readString(example));
    assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::wire))
        .contains(body.get("code").asText());
    assertThat(body.get("message").asText()).isNotBlank();
  }

  @Test
  void the_room_examples_read_as_room_info_and_write_back_the_same() throws IOException {
    for (String name : List.of("room.json", "room-unclaimed.json")) {
      JsonNode example = read(name);
      RoomInfo info = FrameCodec.json().treeToValue(example, RoomInfo.class);
      JsonNode written = FrameCodec.json().valueToTree(info);
      assertThat(written).as(name).isEqualTo(example);
      assertThat(Visibility.parse(info.visibility())).isPresent();
      assertThat(Role.parse(info.role())).isPresent();
    }
  }

  @ParameterizedTest
  @MethodSource("answers")
  void the_invite_directory_member_and_report_examples_read_as_the_servers_and_write_back(
      String name, Class<?> type) throws IOException {
    JsonNode example = read(name);
    JsonNode written = FrameCodec.json().valueToTree(FrameCodec.json().treeToValue(example, type));
    assertThat(written).as(name).isEqualTo(example);
  }

  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.of("invite.json", InviteInfo.class),
        Arguments.of("invites.json", InviteInfo.Listing.class),
        Arguments.of("invite-preview.json", InviteInfo.Preview.class),
        Arguments.of("members.json", MemberList.class),
        Arguments.of("directory.json", RoomDirectory.class),
        Arguments.of("report-filed.json", ReportInfo.class),
        Arguments.of("reports.json", ReportInfo.Listing.class));
  }

  @Test
  void the_request_examples_use_known_values() throws IOException {
    JsonNode invite = read("create-invite.json");
    assertThat(invite.get("expiresInSeconds").asInt()).isBetween(60, 2_592_000);
    assertThat(invite.get("maxUses").asInt()).isBetween(1, 10_000);
    assertThat(read("create-report.json").get("reason").asText()).isNotBlank();
    assertThat(Report.Resolution.parse(read("resolve-report.json").get("resolution").asText()))
        .isPresent();
    for (JsonNode member : read("members.json").get("members")) {
      assertThat(Role.parse(member.get("role").asText())).isPresent();
    }
  }

  @Test
  void the_create_and_member_examples_use_known_values() throws IOException {
    JsonNode create = read("create-room.json");
    assertThat(Visibility.parse(create.get("visibility").asText())).isPresent();
    assertThat(Role.parse(read("member.json").get("role").asText())).isPresent();
  }

  @Test
  void the_moderation_examples_are_what_the_moderation_routes_write() throws IOException {
    JsonNode ban = read("ban.json");
    assertThat(ban.fieldNames())
        .toIterable()
        .containsExactly("userId", "until", "reason", "by", "at");
    for (String list : List.of("bans.json", "mutes.json")) {
      JsonNode entries = read(list).elements().next();
      assertThat(entries.isArray()).as(list).isTrue();
      for (JsonNode entry : entries) {
        assertThat(entry.fieldNames())
            .toIterable()
            .as(list)
            .containsExactly("userId", "until", "reason", "by", "at");
      }
    }
    assertThat(read("mutes.json").at("/mutes/0/until").isNumber()).isTrue();
    assertThat(read("kick.json").fieldNames()).toIterable().containsExactly("userId", "reason");
    assertThat(read("message-deleted.json").fieldNames()).toIterable().containsExactly("id", "seq");
    assertThat(read("error-banned.json").get("until").isNumber()).isTrue();
  }
}
