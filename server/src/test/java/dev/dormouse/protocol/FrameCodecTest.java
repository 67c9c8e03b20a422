package dev.dormouse.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FrameCodecTest {

  private static final Path EXAMPLES = Path.of("..", "protocol", "examples");
  private final FrameCodec codec = new FrameCodec(2000);

  static Stream<Path> serverExamples() throws IOException {
    // server-next/ holds frames the web client does not read yet, and is gone while it reads all.
    Stream<Path> next =
        Files.isDirectory(EXAMPLES.resolve("server-next"))
            ? examples("server-next")
            : Stream.empty();
    return Stream.concat(examples("server"), next);
  }

  static Stream<Path> clientExamples() throws IOException {
    return examples("client");
  }

  static Stream<Path> articleExamples() throws IOException {
    return examples("article");
  }

  private static Stream<Path> examples(String side) throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(EXAMPLES.resolve(side))) {
      files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("serverExamples")
  void every_shared_server_example_decodes_and_encodes_back_to_the_same_json(Path example)
      throws IOException {
    String json = Files.readString(example);
    ServerFrame frame = FrameCodec.decodeServerFrame(json);
    JsonNode expected = FrameCodec.json().readTree(json);
    JsonNode actual = FrameCodec.json().readTree(codec.encode(frame));
    assertThat(actual).isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("articleExamples")
  void every_article_example_is_a_row_and_a_server_frame_the_article_client_is_sent(Path example)
      throws IOException {
    String json = Files.readString(example);
    JsonNode row = FrameCodec.json().readTree(json);
    assertThat(row.path("from").isTextual()).isTrue();
    assertThat(row.path("message").isTextual()).isTrue();
    assertThat(row.path("timestamp").isNumber()).isTrue();
    ServerFrame frame = FrameCodec.decodeServerFrame(json);
    assertThat(Subprotocol.ARTICLE.receives(OutboundFrame.of(frame, codec))).isTrue();
    assertThat(FrameCodec.json().readTree(codec.encode(frame))).isEqualTo(row);
  }

  @Test
  void the_article_client_is_sent_messages_and_errors_only() {
    ServerFrame.Message message =
        new ServerFrame.Message(1, "m1", "u1", "Ada", UserKind.GUEST, "hi", 1_000L);
    List<ServerFrame> opening =
        List.of(
            new ServerFrame.Ready(new UserRef("u1", "Ada"), "lobby", 1, "e1", 1, 0),
            new ServerFrame.History(List.of(message), false),
            ServerFrame.Presence.countOnly(1));
    assertThat(Subprotocol.ARTICLE.framesFor(opening)).containsExactly(message);
    assertThat(Subprotocol.DORMOUSE_V2.framesFor(opening)).isEqualTo(opening);
    assertThat(Subprotocol.ARTICLE.receives(OutboundFrame.of(new ServerFrame.Ack("c", 1), codec)))
        .isFalse();
  }

  @Test
  void the_subprotocol_is_dormouse_v2_when_offered_the_articles_when_none_and_else_refused() {
    assertThat(Subprotocol.negotiate(null)).contains(Subprotocol.ARTICLE);
    assertThat(Subprotocol.negotiate(" ")).contains(Subprotocol.ARTICLE);
    assertThat(Subprotocol.negotiate("dormouse.v2")).contains(Subprotocol.DORMOUSE_V2);
    assertThat(Subprotocol.negotiate("chat, dormouse.v2")).contains(Subprotocol.DORMOUSE_V2);
    assertThat(Subprotocol.negotiate("dormouse.v1")).isEmpty();
    assertThat(Subprotocol.negotiate("dormouse.v2x")).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("clientExamples")
  void every_shared_client_example_is_accepted(Path example) throws IOException {
    assertThat(codec.decode(Files.readString(example).strip()))
        .isNotInstanceOf(ClientFrame.Invalid.class);
  }

  @Test
  void a_send_frame_carries_text_and_client_id() {
    assertThat(codec.decode("{\"type\":\"send\",\"text\":\"hi\",\"clientId\":\"c-1\"}"))
        .isEqualTo(new ClientFrame.Send("hi", "c-1"));
  }

  @Test
  void a_send_may_reply_to_a_message_by_id() {
    assertThat(
            codec.decode(
                "{\"type\":\"send\",\"text\":\"yes\",\"clientId\":\"c\",\"replyTo\":\"m1\"}"))
        .isEqualTo(new ClientFrame.Send("yes", "c", "m1"));
    assertInvalid(
        "{\"type\":\"send\",\"text\":\"yes\",\"clientId\":\"c\",\"replyTo\":5}",
        ErrorCode.BAD_FRAME,
        "c");
  }

  @Test
  void edit_delete_and_react_frames_are_parsed_with_the_rules_of_their_fields() {
    assertThat(
            codec.decode(
                "{\"type\":\"edit\",\"id\":\"m1\",\"text\":\" fixed\\u0007 \",\"clientId\":\"c\"}"))
        .isEqualTo(new ClientFrame.Edit("m1", "fixed", "c"));
    assertThat(codec.decode("{\"type\":\"delete\",\"id\":\"m1\",\"clientId\":\"c\"}"))
        .isEqualTo(new ClientFrame.Delete("m1", "c"));
    assertThat(
            codec.decode(
                "{\"type\":\"react\",\"id\":\"m1\",\"emoji\":\"👍\",\"on\":false,\"clientId\":\"c\"}"))
        .isEqualTo(new ClientFrame.React("m1", "👍", false, "c"));
  }

  @Test
  void a_change_frame_without_a_client_id_or_with_a_bad_field_is_a_bad_frame() {
    assertInvalid("{\"type\":\"delete\",\"id\":\"m1\"}", ErrorCode.BAD_FRAME, null);
    assertInvalid("{\"type\":\"edit\",\"id\":\"m1\",\"text\":\"x\"}", ErrorCode.BAD_FRAME, null);
    assertInvalid(
        "{\"type\":\"react\",\"id\":\"m1\",\"emoji\":\"👍\",\"on\":true}",
        ErrorCode.BAD_FRAME,
        null);
    assertInvalid("{\"type\":\"delete\",\"clientId\":\"c\"}", ErrorCode.BAD_FRAME, "c");
    assertInvalid("{\"type\":\"edit\",\"id\":\"m1\",\"clientId\":\"c\"}", ErrorCode.BAD_FRAME, "c");
    assertInvalid(
        "{\"type\":\"edit\",\"id\":\"m1\",\"text\":\" \",\"clientId\":\"c\"}",
        ErrorCode.BAD_FRAME,
        "c");
    assertInvalid(
        "{\"type\":\"react\",\"id\":\"m1\",\"emoji\":\"ok\",\"on\":true,\"clientId\":\"c\"}",
        ErrorCode.BAD_FRAME,
        "c");
    assertInvalid(
        "{\"type\":\"react\",\"id\":\"m1\",\"emoji\":\"👍\",\"on\":\"yes\",\"clientId\":\"c\"}",
        ErrorCode.BAD_FRAME,
        "c");
  }

  @Test
  void an_edit_over_the_limit_is_too_large() {
    assertInvalid(
        "{\"type\":\"edit\",\"id\":\"m1\",\"text\":\""
            + "a".repeat(2001)
            + "\",\"clientId\":\"c\"}",
        ErrorCode.TOO_LARGE,
        "c");
  }

  @Test
  void the_article_client_is_not_sent_changes_nor_tombstones() {
    ServerFrame.Message tombstone =
        new ServerFrame.Message(1, "m1", "u1", "Ada", UserKind.GUEST, "", 1L, null, 2L, null, null);
    ServerFrame.Message kept =
        new ServerFrame.Message(2, "m2", "u1", "Ada", UserKind.GUEST, "hi", 1L);
    assertThat(
            Subprotocol.ARTICLE.framesFor(
                List.of(new ServerFrame.History(List.of(tombstone, kept), false), tombstone)))
        .containsExactly(kept);
    for (ServerFrame change :
        List.<ServerFrame>of(
            new ServerFrame.Edited(3, "m2", "hey", 3L),
            new ServerFrame.Deleted(4, "m2", 4L),
            new ServerFrame.Reaction(5, "m1", "👍", new UserRef("u2", "Bo"), true, 1))) {
      OutboundFrame frame = OutboundFrame.of(change, codec);
      assertThat(Subprotocol.ARTICLE.receives(frame)).isFalse();
      assertThat(frame.isLogEntry()).isTrue();
    }
  }

  @Test
  void text_that_is_not_a_json_object_with_a_string_type_is_chat_text() {
    assertThat(codec.decode("hello")).isEqualTo(new ClientFrame.Send("hello", null));
    assertThat(codec.decode("{not json")).isEqualTo(new ClientFrame.Send("{not json", null));
    assertThat(codec.decode("[1,2]")).isEqualTo(new ClientFrame.Send("[1,2]", null));
    assertThat(codec.decode("{\"type\":7}")).isEqualTo(new ClientFrame.Send("{\"type\":7}", null));
  }

  @Test
  void ping_and_typing_are_recognised() {
    assertThat(codec.decode("ping")).isEqualTo(ClientFrame.Ping.INSTANCE);
    assertThat(codec.decode("{\"type\":\"typing\"}")).isEqualTo(ClientFrame.Typing.INSTANCE);
  }

  @Test
  void a_read_frame_carries_a_whole_seq_of_zero_or_more() {
    assertThat(codec.decode("{\"type\":\"read\",\"seq\":42}")).isEqualTo(new ClientFrame.Read(42));
    assertThat(codec.decode("{\"type\":\"read\",\"seq\":0}")).isEqualTo(new ClientFrame.Read(0));
    assertThat(codec.decode("{\"type\":\"read\",\"seq\":123456789012345678901234567890}"))
        .as("beyond a long: clamped by the room like any seq past its own")
        .isEqualTo(new ClientFrame.Read(Long.MAX_VALUE));
    assertInvalid("{\"type\":\"read\"}", ErrorCode.BAD_FRAME, null);
    assertInvalid("{\"type\":\"read\",\"seq\":-1}", ErrorCode.BAD_FRAME, null);
    assertInvalid("{\"type\":\"read\",\"seq\":1.5}", ErrorCode.BAD_FRAME, null);
    assertInvalid("{\"type\":\"read\",\"seq\":\"7\"}", ErrorCode.BAD_FRAME, null);
    assertInvalid("{\"type\":\"read\",\"seq\":null}", ErrorCode.BAD_FRAME, null);
  }

  @Test
  void the_article_client_is_never_sent_read_markers() {
    assertThat(Subprotocol.ARTICLE.receives(OutboundFrame.of(new ServerFrame.Read(3, 0), codec)))
        .isFalse();
  }

  @Test
  void unknown_types_and_ill_typed_fields_are_bad_frames() {
    assertInvalid("{\"type\":\"teleport\"}", ErrorCode.BAD_FRAME, null);
    assertInvalid("{\"type\":\"send\",\"text\":1,\"clientId\":\"c\"}", ErrorCode.BAD_FRAME, "c");
    assertInvalid("{\"type\":\"send\",\"text\":\"x\"}", ErrorCode.BAD_FRAME, null);
    assertInvalid(
        "{\"type\":\"send\",\"text\":\"x\",\"clientId\":\"" + "c".repeat(65) + "\"}",
        ErrorCode.BAD_FRAME,
        null);
    assertInvalid(
        "{\"type\":\"send\",\"text\":\"x\",\"clientId\":\"has space\"}", ErrorCode.BAD_FRAME, null);
  }

  @Test
  void length_is_counted_in_code_points_after_cleaning() {
    assertThat(codec.decode("🦔".repeat(2000))).isInstanceOf(ClientFrame.Send.class);
    assertInvalid("🦔".repeat(2001), ErrorCode.TOO_LARGE, null);
    assertThat(codec.decode("a" + "\u0007".repeat(5000)))
        .isEqualTo(new ClientFrame.Send("a", null));
  }

  @Test
  void a_lone_surrogate_escaped_in_json_is_a_bad_frame_not_a_question_mark() {
    assertInvalid(
        "{\"type\":\"send\",\"text\":\"a\\ud800b\",\"clientId\":\"c1\"}",
        ErrorCode.BAD_FRAME,
        "c1");
  }

  @Test
  void an_empty_message_is_a_bad_frame() {
    assertInvalid(" \n\t ", ErrorCode.BAD_FRAME, null);
  }

  @Test
  void error_frames_leave_out_a_missing_client_id() {
    String json =
        new String(
            codec.encode(new ServerFrame.Error(ErrorCode.BAD_FRAME, "nope", null, 1_000L)),
            java.nio.charset.StandardCharsets.UTF_8);
    assertThat(json)
        .isEqualTo(
            "{\"type\":\"error\",\"code\":\"bad_frame\",\"message\":\"nope\","
                + "\"from\":\"server\",\"timestamp\":1000}");
  }

  private void assertInvalid(String text, ErrorCode code, String clientId) {
    assertThat(codec.decode(text))
        .isInstanceOfSatisfying(
            ClientFrame.Invalid.class,
            invalid -> {
              assertThat(invalid.code()).isEqualTo(code);
              assertThat(invalid.clientId()).isEqualTo(clientId);
              assertThat(invalid.message()).isNotBlank();
            });
  }
}
