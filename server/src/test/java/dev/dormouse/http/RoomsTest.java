package dev.dormouse.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dormouse.ChatClient;
import dev.dormouse.RawSocket;
import dev.dormouse.TestServer;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.protocol.ServerFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rooms a team can run, over real HTTP and sockets: claiming a room, its settings, roles, private
 * rooms, announcement rooms and slow mode, each rule in the allowed and the refused case.
 */
public class RoomsTest {

  @RegisterExtension
  static final TestServer server = TestServer.perClass(TestServer.SEND_BURSTS_LIFTED);

  public record Person(String token, String id) {
    public String bearer() {
      return "Bearer " + token;
    }
  }

  public static Person signIn(TestServer server, String name) {
    TestServer.SignedIn signedIn = server.signIn(name);
    return new Person(signedIn.token(), signedIn.userId());
  }

  public static JsonNode json(String body) {
    try {
      return FrameCodec.json().readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static HttpResponse<String> call(
      TestServer server, String method, String path, Person as, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.http(path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (as != null) {
      request.header("Authorization", as.bearer());
    }
    return server.send(request.build());
  }

  public static String create(TestServer server, Person owner, String body) {
    HttpResponse<String> response = call(server, "POST", "/api/rooms", owner, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json(response.body()).get("id").asText();
  }

  public static String code(HttpResponse<String> response) {
    return json(response.body()).path("code").asText();
  }

  public static String upgradeAnswer(TestServer server, String room, Person as) {
    return as == null
        ? RawSocket.answerTo(server.port(), RawSocket.upgradeRequest("/api/chat/" + room))
        : RawSocket.answerTo(
            server.port(),
            RawSocket.upgradeRequest("/api/chat/" + room, "Authorization: " + as.bearer()));
  }

  public static ChatClient join(TestServer server, String room, Person as) {
    return ChatClient.connect(server.chat(room), "Cookie", "dormouse_session=" + as.token());
  }

  private static String roomId() {
    return "r-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String setRole(String room, Person by, Person who, String role) {
    HttpResponse<String> response =
        call(
            server,
            "PUT",
            "/api/rooms/" + room + "/members/" + who.id(),
            by,
            "{\"role\":\"" + role + "\"}");
    return response.statusCode() == 200 ? "ok" : code(response);
  }

  @Test
  void a_page_from_another_site_cannot_change_a_room() {
    Person ada = signIn(server, "Ada");
    String room = create(server, ada, "{}");
    HttpResponse<String> response =
        server.send(
            HttpRequest.newBuilder(server.http("/api/rooms/" + room))
                .header("Authorization", ada.bearer())
                .header("Origin", "http://evil.example")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"title\":\"owned\"}"))
                .build());
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(code(response)).isEqualTo("forbidden_origin");
    assertThat(
            json(call(server, "GET", "/api/rooms/" + room, null, null).body())
                .get("title")
                .asText())
        .isEmpty();
  }

  @Test
  void a_guest_without_a_session_cannot_create_a_room() {
    HttpResponse<String> response = call(server, "POST", "/api/rooms", null, "{}");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(code(response)).isEqualTo("unauthorized");
  }

  @Test
  void a_signed_in_person_creates_a_room_with_a_generated_id_and_owns_it() {
    Person ada = signIn(server, "Ada");
    HttpResponse<String> created =
        call(server, "POST", "/api/rooms", ada, "{\"title\":\"Team\",\"topic\":\"plans\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode room = json(created.body());
    assertThat(room.get("id").asText()).matches("[a-z0-9]{16}");
    assertThat(room.get("claimed").asBoolean()).isTrue();
    assertThat(room.get("owner").asText()).isEqualTo(ada.id());
    assertThat(room.get("title").asText()).isEqualTo("Team");
    assertThat(room.get("visibility").asText()).isEqualTo("public");
    assertThat(room.get("postPolicy").asText()).isEqualTo("everyone");
    assertThat(room.get("slowModeSeconds").asInt()).isZero();
    assertThat(room.get("role").asText()).isEqualTo("owner");

    HttpResponse<String> shown =
        call(server, "GET", "/api/rooms/" + room.get("id").asText(), null, null);
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(json(shown.body()).get("title").asText()).isEqualTo("Team");
    assertThat(json(shown.body()).get("role").asText()).isEqualTo("none");
  }

  @Test
  void the_shared_example_of_a_new_room_is_taken_as_it_is() throws IOException {
    String body =
        java.nio.file.Files.readString(
            java.nio.file.Path.of("..", "protocol", "examples", "http", "create-room.json"));
    HttpResponse<String> created = call(server, "POST", "/api/rooms", signIn(server, "Ada"), body);
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode sent = json(body);
    JsonNode room = json(created.body());
    sent.fieldNames().forEachRemaining(f -> assertThat(room.get(f)).as(f).isEqualTo(sent.get(f)));
  }

  @Test
  void settings_that_break_a_rule_are_refused_with_a_code_naming_the_field() {
    Person ada = signIn(server, "Ada");
    Map<String, String> field =
        Map.of(
            "{\"visibility\":\"secret\"}",
            "visibility",
            "{\"postPolicy\":\"owners\"}",
            "postPolicy",
            "{\"slowModeSeconds\":-1}",
            "slowModeSeconds",
            "{\"slowModeSeconds\":1.5}",
            "slowModeSeconds",
            "{\"title\":\"" + "x".repeat(101) + "\"}",
            "title",
            "{\"visiblity\":\"private\"}",
            "visiblity");
    field.forEach(
        (body, name) -> {
          HttpResponse<String> response = call(server, "POST", "/api/rooms", ada, body);
          assertThat(response.statusCode()).as(body).isEqualTo(400);
          assertThat(code(response)).as(body).isEqualTo("invalid_settings");
          assertThat(json(response.body()).get("field").asText()).as(body).isEqualTo(name);
        });
    assertThat(code(call(server, "POST", "/api/rooms", ada, "{\"id\":\"no spaces\"}")))
        .isEqualTo("invalid_room_id");
    assertThat(code(call(server, "POST", "/api/rooms", ada, "[1]"))).isEqualTo("bad_request");
  }

  @Test
  void a_room_is_claimed_once_and_a_room_in_use_not_at_all() {
    Person ada = signIn(server, "Ada");
    Person bo = signIn(server, "Bo");
    String room = roomId();
    create(server, ada, "{\"id\":\"" + room + "\"}");
    HttpResponse<String> again =
        call(server, "POST", "/api/rooms", bo, "{\"id\":\"" + room + "\"}");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(code(again)).isEqualTo("room_exists");

    String busy = roomId();
    try (ChatClient guest = ChatClient.connect(server.chat(busy + "?name=Cy"))) {
      guest.sendMessage("first", "c-1").awaitAck("c-1");
    }
    HttpResponse<String> takeover =
        call(server, "POST", "/api/rooms", bo, "{\"id\":\"" + busy + "\"}");
    assertThat(takeover.statusCode()).isEqualTo(409);
    assertThat(code(takeover)).isEqualTo("room_has_history");
    assertThat(
            json(call(server, "GET", "/api/rooms/" + busy, null, null).body())
                .get("claimed")
                .asBoolean())
        .isFalse();
  }

  @Test
  void an_unclaimed_room_answers_as_public_and_open_and_cannot_be_managed() {
    Person ada = signIn(server, "Ada");
    String room = roomId();
    HttpResponse<String> shown = call(server, "GET", "/api/rooms/" + room, null, null);
    assertThat(shown.statusCode()).isEqualTo(200);
    JsonNode info = json(shown.body());
    assertThat(info.get("claimed").asBoolean()).isFalse();
    assertThat(info.get("visibility").asText()).isEqualTo("public");
    assertThat(info.get("postPolicy").asText()).isEqualTo("everyone");
    assertThat(info.has("owner")).isFalse();
    HttpResponse<String> patch =
        call(server, "PATCH", "/api/rooms/" + room, ada, "{\"visibility\":\"private\"}");
    assertThat(patch.statusCode()).isEqualTo(409);
    assertThat(code(patch)).isEqualTo("not_claimed");
    assertThat(setRole(room, ada, signIn(server, "Bo"), "member")).isEqualTo("not_claimed");
  }

  @Test
  void a_private_room_admits_its_members_only_and_tells_strangers_nothing() {
    Person owner = signIn(server, "Owner");
    Person member = signIn(server, "Member");
    Person stranger = signIn(server, "Stranger");
    String room = create(server, owner, "{\"visibility\":\"private\",\"title\":\"Secret plans\"}");
    assertThat(setRole(room, owner, member, "member")).isEqualTo("ok");
    try (ChatClient ownerSocket = join(server, room, owner)) {
      ownerSocket.sendMessage("the plan", "p-1").awaitAck("p-1");
    }

    for (Person outsider : new Person[] {stranger, null}) {
      String answer = upgradeAnswer(server, room, outsider);
      assertThat(answer).startsWith("HTTP/1.1 403").contains("\"not_a_member\"");
      assertThat(answer).doesNotContain("Secret plans").doesNotContain("the plan");
      for (String path :
          new String[] {
            "/api/rooms/" + room + "/messages",
            "/api/rooms/" + room + "/people",
            "/api/rooms/" + room
          }) {
        HttpResponse<String> response = call(server, "GET", path, outsider, null);
        assertThat(response.statusCode()).as(path).isEqualTo(403);
        assertThat(code(response)).as(path).isEqualTo("not_a_member");
        assertThat(response.body()).doesNotContain("Secret plans").doesNotContain("the plan");
      }
    }
    // The refused stranger did not join: the room is not among theirs.
    assertThat(call(server, "GET", "/api/me/rooms", stranger, null).body()).doesNotContain(room);

    try (ChatClient memberSocket = join(server, room, member)) {
      assertThat(memberSocket.ready().room()).isEqualTo(room);
      memberSocket.awaitMessages(1);
      assertThat(memberSocket.messages().getFirst().message()).isEqualTo("the plan");
    }
    HttpResponse<String> history =
        call(server, "GET", "/api/rooms/" + room + "/messages", member, null);
    assertThat(history.statusCode()).isEqualTo(200);
    assertThat(history.body()).contains("the plan");
  }

  @Test
  void a_member_taken_out_is_closed_with_not_a_member_and_cannot_come_back() {
    Person owner = signIn(server, "Owner");
    Person member = signIn(server, "Member");
    String room = create(server, owner, "{\"visibility\":\"private\"}");
    setRole(room, owner, member, "member");
    try (ChatClient open = join(server, room, member)) {
      open.sendMessage("still here", "m-1").awaitAck("m-1");
      HttpResponse<String> removed =
          call(server, "DELETE", "/api/rooms/" + room + "/members/" + member.id(), owner, null);
      assertThat(removed.statusCode()).isEqualTo(204);
      assertThat(open.awaitClose()).isEqualTo(4005);
      assertThat(open.await(ServerFrame.Error.class, e -> e.code().equals("not_a_member")))
          .isNotNull();
    }
    assertThat(upgradeAnswer(server, room, member)).startsWith("HTTP/1.1 403");
    assertThat(call(server, "GET", "/api/me/rooms", member, null).body()).doesNotContain(room);
  }

  @Test
  void the_owner_sets_moderators_moderators_add_members_and_members_change_nothing() {
    Person owner = signIn(server, "Owner");
    Person moderator = signIn(server, "Mod");
    Person member = signIn(server, "Member");
    Person newcomer = signIn(server, "New");
    String room = create(server, owner, "{\"visibility\":\"private\"}");

    assertThat(setRole(room, owner, moderator, "moderator")).isEqualTo("ok");
    assertThat(setRole(room, moderator, member, "member")).isEqualTo("ok");
    assertThat(setRole(room, moderator, newcomer, "moderator")).isEqualTo("forbidden");
    assertThat(setRole(room, member, newcomer, "member")).isEqualTo("forbidden");
    assertThat(setRole(room, newcomer, newcomer, "member")).isEqualTo("not_a_member");
    assertThat(setRole(room, moderator, owner, "member")).isEqualTo("forbidden");
    assertThat(setRole(room, owner, owner, "member")).isEqualTo("forbidden");

    HttpResponse<String> byMember =
        call(server, "PATCH", "/api/rooms/" + room, member, "{\"title\":\"mine\"}");
    assertThat(byMember.statusCode()).isEqualTo(403);
    assertThat(code(byMember)).isEqualTo("forbidden");
    HttpResponse<String> byModerator =
        call(server, "PATCH", "/api/rooms/" + room, moderator, "{\"topic\":\"today\"}");
    assertThat(byModerator.statusCode()).isEqualTo(200);
    assertThat(json(byModerator.body()).get("topic").asText()).isEqualTo("today");
    assertThat(json(byModerator.body()).get("role").asText()).isEqualTo("moderator");
    assertThat(json(byModerator.body()).get("visibility").asText()).isEqualTo("private");

    assertThat(setRole(room, owner, moderator, "member")).isEqualTo("ok");
    assertThat(setRole(room, moderator, newcomer, "member")).isEqualTo("forbidden");
    HttpResponse<String> put =
        call(
            server,
            "PUT",
            "/api/rooms/" + room + "/members/" + member.id(),
            owner,
            "{\"role\":\"owner\"}");
    assertThat(put.statusCode()).isEqualTo(400);
    assertThat(code(put)).isEqualTo("invalid_settings");
  }

  @Test
  void in_an_announcement_room_only_moderators_post_and_everyone_may_react() {
    Person owner = signIn(server, "Owner");
    Person moderator = signIn(server, "Mod");
    Person reader = signIn(server, "Reader");
    String room = create(server, owner, "{\"postPolicy\":\"moderators\"}");
    setRole(room, owner, moderator, "moderator");
    try (ChatClient mod = join(server, room, moderator);
        ChatClient read = join(server, room, reader)) {
      mod.sendMessage("news", "n-1").awaitAck("n-1");
      read.sendMessage("me too", "r-1");
      ServerFrame.Error refused =
          read.await(ServerFrame.Error.class, e -> "r-1".equals(e.clientId()));
      assertThat(refused.code()).isEqualTo("read_only");
      read.awaitMessages(1);
      String news = read.messages().getFirst().id();
      read.react(news, "👍", true, "r-2").awaitAck("r-2");
      assertThat(read.messages()).extracting(ServerFrame.Message::message).containsExactly("news");
    }
    HttpResponse<String> open =
        call(server, "PATCH", "/api/rooms/" + room, owner, "{\"postPolicy\":\"everyone\"}");
    assertThat(open.statusCode()).isEqualTo(200);
    try (ChatClient read = join(server, room, reader)) {
      read.sendMessage("now I may", "r-3").awaitAck("r-3");
    }
  }

  @Test
  void slow_mode_holds_each_person_to_one_message_per_interval_and_spares_moderators() {
    Person owner = signIn(server, "Owner");
    Person ada = signIn(server, "Ada");
    Person bo = signIn(server, "Bo");
    String room = create(server, owner, "{\"slowModeSeconds\":600}");
    try (ChatClient a = join(server, room, ada);
        ChatClient b = join(server, room, bo);
        ChatClient o = join(server, room, owner)) {
      long before = System.currentTimeMillis();
      a.sendMessage("one", "a-1").awaitAck("a-1");
      a.sendMessage("two", "a-2");
      ServerFrame.Error slowed = a.await(ServerFrame.Error.class, e -> "a-2".equals(e.clientId()));
      assertThat(slowed.code()).isEqualTo("slow_mode");
      assertThat(slowed.until()).isGreaterThanOrEqualTo(before + 600_000);
      // A resend of the message the room took is still acked, with its seq.
      long seq = a.awaitAck("a-1");
      a.sendMessage("one", "a-1");
      Long acked =
          a.await(ServerFrame.Ack.class, ack -> ack.clientId().equals("a-1") && ack.seq() == seq)
              .seq();
      assertThat(acked).isEqualTo(seq);
      b.sendMessage("mine", "b-1").awaitAck("b-1");
      o.sendMessage("owner one", "o-1").awaitAck("o-1");
      o.sendMessage("owner two", "o-2").awaitAck("o-2");
    }
    call(server, "PATCH", "/api/rooms/" + room, owner, "{\"slowModeSeconds\":0}");
    try (ChatClient a = join(server, room, ada)) {
      a.sendMessage("free again", "a-3").awaitAck("a-3");
    }
  }
}
