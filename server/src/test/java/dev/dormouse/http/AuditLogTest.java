package dev.dormouse.http;

import static dev.dormouse.http.RoomsTest.call;
import static dev.dormouse.http.RoomsTest.code;
import static dev.dormouse.http.RoomsTest.create;
import static dev.dormouse.http.RoomsTest.json;
import static dev.dormouse.http.RoomsTest.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dormouse.ChatClient;
import dev.dormouse.TestServer;
import dev.dormouse.http.RoomsTest.Person;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A room's audit log over real HTTP: what it records, who may read it, and its paging. */
class AuditLogTest {

  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of());

  private static List<String> actions(JsonNode entries) {
    List<String> actions = new ArrayList<>();
    entries.forEach(e -> actions.add(e.get("action").asText()));
    return actions;
  }

  @Test
  void settings_and_role_changes_are_recorded_with_who_did_them_newest_first() {
    Person ada = signIn(server, "Ada");
    Person bo = signIn(server, "Bo");
    String room = create(server, ada, "{\"title\":\"Ops\",\"visibility\":\"private\"}");
    call(server, "PUT", "/api/rooms/" + room + "/members/" + bo.id(), ada, "{\"role\":\"member\"}");
    call(server, "PATCH", "/api/rooms/" + room, ada, "{\"slowModeSeconds\":30}");
    call(server, "DELETE", "/api/rooms/" + room + "/members/" + bo.id(), ada, null);

    HttpResponse<String> response = call(server, "GET", "/api/rooms/" + room + "/audit", ada, null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = json(response.body());
    JsonNode entries = body.get("entries");
    assertThat(actions(entries))
        .containsExactly("member.removed", "room.changed", "role.set", "room.claimed");
    assertThat(entries.get(0).get("target").asText()).isEqualTo(bo.id());
    assertThat(entries.get(1).get("detail").get("slowModeSeconds").asInt()).isEqualTo(30);
    assertThat(entries.get(2).get("detail").get("role").asText()).isEqualTo("member");
    assertThat(entries.get(3).get("detail").get("visibility").asText()).isEqualTo("private");
    entries.forEach(
        e -> {
          assertThat(e.get("actor").get("id").asText()).isEqualTo(ada.id());
          assertThat(e.get("actor").get("name").asText()).isEqualTo("Ada");
          assertThat(e.get("at").asLong()).isPositive();
        });
    assertThat(body.get("cursor").isNull()).isTrue();
  }

  @Test
  void a_refused_change_leaves_no_entry() {
    Person ada = signIn(server, "Ada");
    Person bo = signIn(server, "Bo");
    String room = create(server, ada, "{}");
    assertThat(call(server, "PATCH", "/api/rooms/" + room, bo, "{\"title\":\"mine\"}").statusCode())
        .isEqualTo(403);

    JsonNode entries =
        json(call(server, "GET", "/api/rooms/" + room + "/audit", ada, null).body()).get("entries");

    assertThat(actions(entries)).containsExactly("room.claimed");
  }

  @Test
  void only_those_who_run_the_room_read_it() {
    Person ada = signIn(server, "Ada");
    Person mod = signIn(server, "Mo");
    Person member = signIn(server, "Bo");
    Person stranger = signIn(server, "Cy");
    String room = create(server, ada, "{\"visibility\":\"private\"}");
    String path = "/api/rooms/" + room;
    call(server, "PUT", path + "/members/" + mod.id(), ada, "{\"role\":\"moderator\"}");
    call(server, "PUT", path + "/members/" + member.id(), ada, "{\"role\":\"member\"}");

    assertThat(call(server, "GET", path + "/audit", mod, null).statusCode()).isEqualTo(200);
    HttpResponse<String> asMember = call(server, "GET", path + "/audit", member, null);
    assertThat(asMember.statusCode()).isEqualTo(403);
    assertThat(code(asMember)).isEqualTo("forbidden");
    HttpResponse<String> asStranger = call(server, "GET", path + "/audit", stranger, null);
    assertThat(asStranger.statusCode()).isEqualTo(403);
    assertThat(code(asStranger)).isEqualTo("not_a_member");
    HttpResponse<String> asGuest = call(server, "GET", path + "/audit", null, null);
    assertThat(code(asGuest)).isEqualTo("not_a_member");
  }

  @Test
  void it_pages_backwards_with_the_cursor_it_gives() {
    Person ada = signIn(server, "Ada");
    String room = create(server, ada, "{}");
    for (int i = 1; i <= 4; i++) {
      call(server, "PATCH", "/api/rooms/" + room, ada, "{\"title\":\"t" + i + "\"}");
    }

    JsonNode first =
        json(call(server, "GET", "/api/rooms/" + room + "/audit?limit=3", ada, null).body());
    String cursor = first.get("cursor").asText();
    JsonNode second =
        json(
            call(server, "GET", "/api/rooms/" + room + "/audit?limit=3&before=" + cursor, ada, null)
                .body());

    assertThat(first.get("entries")).hasSize(3);
    assertThat(first.get("entries").get(0).get("detail").get("title").asText()).isEqualTo("t4");
    assertThat(actions(second.get("entries"))).containsExactly("room.changed", "room.claimed");
    assertThat(second.get("cursor").isNull()).isTrue();
    assertThat(call(server, "GET", "/api/rooms/" + room + "/audit?limit=0", ada, null).statusCode())
        .isEqualTo(400);
    assertThat(
            call(server, "GET", "/api/rooms/" + room + "/audit?before=%27x", ada, null)
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void moderation_is_recorded_with_its_reasons_and_ends() {
    Person ada = signIn(server, "Ada");
    Person bo = signIn(server, "Bo");
    String room = create(server, ada, "{}");
    String path = "/api/rooms/" + room;
    try (ChatClient socket = RoomsTest.join(server, room, bo)) {
      socket.sendMessage("buy now", "c-1").awaitAck("c-1");
    }
    String messageId =
        json(call(server, "GET", path + "/messages", ada, null).body())
            .get("messages")
            .get(0)
            .get("id")
            .asText();
    long until = System.currentTimeMillis() + 60_000;

    call(server, "DELETE", path + "/messages/" + messageId, ada, "{\"reason\":\"spam\"}");
    call(server, "POST", path + "/kicks", ada, "{\"userId\":\"" + bo.id() + "\"}");
    call(
        server,
        "POST",
        path + "/mutes",
        ada,
        "{\"userId\":\"" + bo.id() + "\",\"until\":" + until + "}");
    call(server, "DELETE", path + "/mutes/" + bo.id(), ada, null);
    call(
        server,
        "POST",
        path + "/bans",
        ada,
        "{\"userId\":\"" + bo.id() + "\",\"reason\":\"again\"}");

    JsonNode entries = json(call(server, "GET", path + "/audit", ada, null).body()).get("entries");

    assertThat(actions(entries))
        .containsExactly(
            "person.banned",
            "mute.lifted",
            "person.muted",
            "person.kicked",
            "message.deleted",
            "room.claimed");
    assertThat(entries.get(0).get("reason").asText()).isEqualTo("again");
    assertThat(entries.get(0).has("detail")).as("a ban for good has no end").isFalse();
    assertThat(entries.get(2).get("detail").get("until").asLong()).isEqualTo(until);
    assertThat(entries.get(3).has("reason")).isFalse();
    assertThat(entries.get(4).get("target").asText()).isEqualTo(messageId);
    assertThat(entries.get(4).get("reason").asText()).isEqualTo("spam");
    for (int i = 0; i < 4; i++) {
      assertThat(entries.get(i).get("target").asText()).isEqualTo(bo.id());
    }
  }
}
