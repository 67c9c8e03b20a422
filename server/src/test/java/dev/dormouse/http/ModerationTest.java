package dev.dormouse.http;

import static dev.dormouse.http.RoomsTest.call;
import static dev.dormouse.http.RoomsTest.code;
import static dev.dormouse.http.RoomsTest.create;
import static dev.dormouse.http.RoomsTest.join;
import static dev.dormouse.http.RoomsTest.json;
import static dev.dormouse.http.RoomsTest.signIn;
import static dev.dormouse.http.RoomsTest.upgradeAnswer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dormouse.ChatClient;
import dev.dormouse.TestServer;
import dev.dormouse.http.RoomsTest.Person;
import dev.dormouse.protocol.ServerFrame;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Moderation over real HTTP and sockets: a moderator's delete, kicks, bans and mutes, each in the
 * allowed and the refused case, and what the person's sockets hear and how they close.
 */
class ModerationTest {

  @RegisterExtension
  static final TestServer server = TestServer.perClass(TestServer.SEND_BURSTS_LIFTED);

  private static final AtomicInteger ids = new AtomicInteger();

  /** A room claimed by a fresh owner, with a moderator and a member. */
  private record Room(String id, Person owner, Person moderator, Person member) {}

  private static Room room(String settings) {
    Person owner = signIn(server, "Owner");
    Person moderator = signIn(server, "Mod");
    Person member = signIn(server, "Member");
    String id = create(server, owner, settings);
    setRole(id, owner, moderator, "moderator");
    setRole(id, owner, member, "member");
    return new Room(id, owner, moderator, member);
  }

  private static void setRole(String room, Person by, Person who, String role) {
    HttpResponse<String> set =
        call(
            server,
            "PUT",
            "/api/rooms/" + room + "/members/" + who.id(),
            by,
            "{\"role\":\"" + role + "\"}");
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
  }

  private static HttpResponse<String> post(String room, String what, Person by, String body) {
    return call(server, "POST", "/api/rooms/" + room + "/" + what, by, body);
  }

  private static String person(Person who) {
    return "{\"userId\":\"" + who.id() + "\"";
  }

  private static String clientId() {
    return "c-" + ids.incrementAndGet();
  }

  @Test
  void a_ban_closes_the_persons_sockets_and_holds_for_every_new_session_of_theirs() {
    Room room = room("{}");
    try (ChatClient tab1 = join(server, room.id(), room.member());
        ChatClient tab2 = join(server, room.id(), room.member());
        ChatClient watcher = join(server, room.id(), room.owner())) {
      tab1.ready();
      tab2.ready();
      watcher.ready();
      HttpResponse<String> banned =
          post(
              room.id(), "bans", room.moderator(), person(room.member()) + ",\"reason\":\"spam\"}");
      assertThat(banned.statusCode()).as(banned.body()).isEqualTo(201);
      JsonNode ban = json(banned.body());
      assertThat(ban.get("userId").asText()).isEqualTo(room.member().id());
      assertThat(ban.get("until").isNull()).isTrue();
      assertThat(ban.get("reason").asText()).isEqualTo("spam");
      assertThat(ban.get("by").asText()).isEqualTo(room.moderator().id());

      for (ChatClient tab : new ChatClient[] {tab1, tab2}) {
        assertThat(tab.awaitClose()).isEqualTo(4004);
        ServerFrame.Error error = tab.await(ServerFrame.Error.class, e -> true);
        assertThat(error.code()).isEqualTo("banned");
        assertThat(error.reason()).isEqualTo("spam");
        assertThat(error.until()).isNull();
      }
      assertThat(watcher.isClosed()).isFalse();
    }
    assertThat(upgradeAnswer(server, room.id(), room.member()))
        .startsWith("HTTP/1.1 403")
        .contains("\"banned\"");
    // A new session cookie of the same person (POST /api/session with the current one) keeps the
    // user id, and with it the ban.
    HttpResponse<String> renewed =
        server.send(
            HttpRequest.newBuilder(server.http("/api/session"))
                .header("Authorization", room.member().bearer())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Someone else\"}"))
                .build());
    Person again = new Person(json(renewed.body()).get("token").asText(), room.member().id());
    assertThat(json(renewed.body()).at("/user/id").asText()).isEqualTo(room.member().id());
    assertThat(upgradeAnswer(server, room.id(), again)).startsWith("HTTP/1.1 403");
    for (String path : new String[] {"/messages", "/people", ""}) {
      HttpResponse<String> read =
          call(server, "GET", "/api/rooms/" + room.id() + path, again, null);
      assertThat(read.statusCode()).as(path).isEqualTo(403);
      assertThat(code(read)).as(path).isEqualTo("banned");
    }

    JsonNode bans =
        json(call(server, "GET", "/api/rooms/" + room.id() + "/bans", room.owner(), null).body());
    assertThat(bans.get("bans")).hasSize(1);
    assertThat(bans.at("/bans/0/userId").asText()).isEqualTo(room.member().id());
    assertThat(
            call(server, "GET", "/api/rooms/" + room.id() + "/bans", room.member(), null)
                .statusCode())
        .isEqualTo(403);

    String lift = "/api/rooms/" + room.id() + "/bans/" + room.member().id();
    assertThat(call(server, "DELETE", lift, room.member(), null).statusCode()).isEqualTo(403);
    assertThat(call(server, "DELETE", lift, room.moderator(), null).statusCode()).isEqualTo(204);
    HttpResponse<String> none = call(server, "DELETE", lift, room.moderator(), null);
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(code(none)).isEqualTo("not_found");
    try (ChatClient back = join(server, room.id(), again)) {
      assertThat(back.ready().role()).isEqualTo("member");
    }
  }

  @Test
  void a_timed_ban_says_until_when_and_no_longer_counts_once_it_has_passed() {
    Room room = room("{}");
    long until = System.currentTimeMillis() + 1_500;
    HttpResponse<String> banned =
        post(room.id(), "bans", room.owner(), person(room.member()) + ",\"until\":" + until + "}");
    assertThat(banned.statusCode()).as(banned.body()).isEqualTo(201);
    assertThat(json(banned.body()).get("until").asLong()).isEqualTo(until);
    HttpResponse<String> history =
        call(server, "GET", "/api/rooms/" + room.id() + "/messages", room.member(), null);
    assertThat(history.statusCode()).isEqualTo(403);
    assertThat(json(history.body()).get("until").asLong()).isEqualTo(until);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                call(server, "GET", "/api/rooms/" + room.id() + "/messages", room.member(), null)
                        .statusCode()
                    == 200);
    assertThat(
            json(call(server, "GET", "/api/rooms/" + room.id() + "/bans", room.owner(), null)
                    .body())
                .get("bans"))
        .isEmpty();
  }

  @Test
  void nobody_bans_the_owner_and_only_the_owner_bans_a_moderator() {
    Room room = room("{}");
    HttpResponse<String> onOwner =
        post(room.id(), "bans", room.moderator(), person(room.owner()) + "}");
    assertThat(onOwner.statusCode()).isEqualTo(403);
    assertThat(code(onOwner)).isEqualTo("forbidden");
    HttpResponse<String> onModerator =
        post(room.id(), "bans", room.moderator(), person(room.moderator()) + "}");
    assertThat(code(onModerator)).isEqualTo("forbidden");
    HttpResponse<String> byMember =
        post(room.id(), "bans", room.member(), person(room.owner()) + "}");
    assertThat(code(byMember)).isEqualTo("forbidden");
    assertThat(post(room.id(), "kicks", room.member(), person(room.moderator()) + "}").statusCode())
        .isEqualTo(403);
    assertThat(post(room.id(), "bans", room.owner(), person(room.moderator()) + "}").statusCode())
        .isEqualTo(201);
    assertThat(upgradeAnswer(server, room.id(), room.moderator())).startsWith("HTTP/1.1 403");
  }

  @Test
  void a_kick_closes_every_socket_of_the_person_who_may_come_back_at_once() {
    Room room = room("{}");
    try (ChatClient kicked = join(server, room.id(), room.member());
        ChatClient other = join(server, room.id(), room.moderator())) {
      kicked.ready();
      other.ready();
      HttpResponse<String> byMember =
          post(room.id(), "kicks", room.member(), person(room.moderator()) + "}");
      assertThat(byMember.statusCode()).isEqualTo(403);
      HttpResponse<String> kick =
          post(
              room.id(),
              "kicks",
              room.moderator(),
              person(room.member()) + ",\"reason\":\"calm\"}");
      assertThat(kick.statusCode()).as(kick.body()).isEqualTo(201);
      assertThat(json(kick.body()).get("reason").asText()).isEqualTo("calm");
      assertThat(kicked.awaitClose()).isEqualTo(4003);
      ServerFrame.Error error = kicked.await(ServerFrame.Error.class, e -> true);
      assertThat(error.code()).isEqualTo("kicked");
      assertThat(error.reason()).isEqualTo("calm");
      assertThat(other.isClosed()).isFalse();
    }
    try (ChatClient back = join(server, room.id(), room.member())) {
      back.sendMessage("I am back", "back-1");
      assertThat(back.awaitAck("back-1")).isPositive();
    }
  }

  @Test
  void a_muted_person_cannot_send_edit_or_react_until_the_mute_ends_but_may_delete() {
    Room room = room("{}");
    HttpResponse<String> noEnd =
        post(room.id(), "mutes", room.moderator(), person(room.member()) + "}");
    assertThat(noEnd.statusCode()).isEqualTo(400);
    assertThat(code(noEnd)).isEqualTo("invalid_settings");
    assertThat(json(noEnd.body()).get("field").asText()).isEqualTo("until");
    HttpResponse<String> past =
        post(room.id(), "mutes", room.moderator(), person(room.member()) + ",\"until\":1000}");
    assertThat(json(past.body()).get("field").asText()).isEqualTo("until");
    HttpResponse<String> unknown =
        post(room.id(), "mutes", room.moderator(), person(room.member()) + ",\"untill\":1000}");
    assertThat(json(unknown.body()).get("field").asText()).isEqualTo("untill");
    assertThat(
            post(
                    room.id(),
                    "mutes",
                    room.member(),
                    person(room.moderator())
                        + ",\"until\":"
                        + (System.currentTimeMillis() + 60_000)
                        + "}")
                .statusCode())
        .isEqualTo(403);

    try (ChatClient member = join(server, room.id(), room.member())) {
      member.sendMessage("before", "before-1");
      member.awaitAck("before-1");
      String messageId = member.messages().getLast().id();
      member.sendMessage("regrets", "before-2");
      member.awaitAck("before-2");
      String regretted = member.messages().getLast().id();
      long until = System.currentTimeMillis() + 2_000;
      HttpResponse<String> muted =
          post(
              room.id(),
              "mutes",
              room.moderator(),
              person(room.member()) + ",\"until\":" + until + ",\"reason\":\"cool off\"}");
      assertThat(muted.statusCode()).as(muted.body()).isEqualTo(201);
      ServerFrame.Muted told = member.await(ServerFrame.Muted.class);
      assertThat(told.until()).isEqualTo(until);
      assertThat(told.reason()).isEqualTo("cool off");

      String send = clientId();
      member.sendMessage("let me", send);
      ServerFrame.Error refused =
          member.await(ServerFrame.Error.class, e -> send.equals(e.clientId()));
      assertThat(refused.code()).isEqualTo("muted");
      assertThat(refused.until()).isEqualTo(until);
      String edit = clientId();
      member.edit(messageId, "changed", edit);
      assertThat(member.awaitError(edit)).isEqualTo("muted");
      String react = clientId();
      member.react(messageId, "👍", true, react);
      assertThat(member.awaitError(react)).isEqualTo("muted");
      String delete = clientId();
      member.delete(regretted, delete);
      assertThat(member.awaitAck(delete)).isPositive();
      try (ChatClient second = join(server, room.id(), room.member())) {
        assertThat(second.ready().mutedUntil()).isEqualTo(until);
      }

      // The mute ends on time, unannounced: a send after it is taken.
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                String again = clientId();
                member.sendMessage("now?", again);
                return member.await(
                        ServerFrame.class,
                        f ->
                            f instanceof ServerFrame.Ack a && a.clientId().equals(again)
                                || f instanceof ServerFrame.Error e && again.equals(e.clientId()))
                    instanceof ServerFrame.Ack;
              });
    }
  }

  @Test
  void a_lifted_mute_is_announced_and_sends_are_taken_again() {
    Room room = room("{}");
    try (ChatClient member = join(server, room.id(), room.member())) {
      member.ready();
      long until = System.currentTimeMillis() + 600_000;
      assertThat(
              post(
                      room.id(),
                      "mutes",
                      room.owner(),
                      person(room.member()) + ",\"until\":" + until + "}")
                  .statusCode())
          .isEqualTo(201);
      member.await(ServerFrame.Muted.class, m -> m.until() != null);
      JsonNode mutes =
          json(
              call(server, "GET", "/api/rooms/" + room.id() + "/mutes", room.moderator(), null)
                  .body());
      assertThat(mutes.at("/mutes/0/until").asLong()).isEqualTo(until);
      String lift = "/api/rooms/" + room.id() + "/mutes/" + room.member().id();
      assertThat(call(server, "DELETE", lift, room.moderator(), null).statusCode()).isEqualTo(204);
      member.await(ServerFrame.Muted.class, m -> m.until() == null);
      member.sendMessage("free", "free-1");
      assertThat(member.awaitAck("free-1")).isPositive();
      assertThat(call(server, "DELETE", lift, room.moderator(), null).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void a_moderators_delete_is_marked_in_the_frame_the_history_and_a_resume() {
    Room room = room("{}");
    String messageId;
    long before;
    try (ChatClient member = join(server, room.id(), room.member())) {
      member.sendMessage("buy my stuff", "spam-1");
      member.awaitAck("spam-1");
      messageId = member.messages().getLast().id();
      before = member.messages().getLast().seq();
      String path = "/api/rooms/" + room.id() + "/messages/" + messageId;

      assertThat(call(server, "DELETE", path, room.member(), null).statusCode()).isEqualTo(403);
      HttpResponse<String> deleted =
          call(server, "DELETE", path, room.moderator(), "{\"reason\":\"spam\"}");
      assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
      long seq = json(deleted.body()).get("seq").asLong();
      assertThat(json(deleted.body()).get("id").asText()).isEqualTo(messageId);
      ServerFrame.Deleted frame = member.await(ServerFrame.Deleted.class);
      assertThat(frame.seq()).isEqualTo(seq);
      assertThat(frame.moderated()).isTrue();
      assertThat(frame.reason()).isEqualTo("spam");
      assertThat(code(call(server, "DELETE", path, room.moderator(), null))).isEqualTo("not_found");
    }
    JsonNode history =
        json(
            call(server, "GET", "/api/rooms/" + room.id() + "/messages", room.member(), null)
                .body());
    JsonNode tombstone = history.at("/messages/0");
    assertThat(tombstone.get("id").asText()).isEqualTo(messageId);
    assertThat(tombstone.get("moderated").asBoolean()).isTrue();
    assertThat(tombstone.get("reason").asText()).isEqualTo("spam");

    try (ChatClient resumed =
        ChatClient.connect(
            server.chat(room.id() + "?since=" + before),
            "Cookie",
            "dormouse_session=" + room.member().token())) {
      ServerFrame.History replay = resumed.await(ServerFrame.History.class);
      assertThat(replay.updated()).hasSize(1);
      assertThat(replay.updated().getFirst().moderated()).isTrue();
      assertThat(replay.updated().getFirst().reason()).isEqualTo("spam");
    }
  }

  @Test
  void a_moderator_cannot_delete_the_owners_message_and_nobody_else_in_an_unclaimed_room() {
    Room room = room("{}");
    try (ChatClient owner = join(server, room.id(), room.owner())) {
      owner.sendMessage("my rules", "rules-1");
      owner.awaitAck("rules-1");
      String id = owner.messages().getLast().id();
      HttpResponse<String> refused =
          call(
              server,
              "DELETE",
              "/api/rooms/" + room.id() + "/messages/" + id,
              room.moderator(),
              null);
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(code(refused)).isEqualTo("forbidden");
    }
    HttpResponse<String> unclaimed =
        post("open-" + ids.incrementAndGet(), "kicks", room.owner(), person(room.member()) + "}");
    assertThat(unclaimed.statusCode()).isEqualTo(409);
    assertThat(code(unclaimed)).isEqualTo("not_claimed");
  }

  @Test
  void ready_says_the_role_and_changes_to_roles_and_settings_arrive_live() {
    Room room = room("{}");
    Person stranger = signIn(server, "Stranger");
    try (ChatClient member = join(server, room.id(), room.member());
        ChatClient outsider = join(server, room.id(), stranger);
        ChatClient owner = join(server, room.id(), room.owner())) {
      assertThat(member.ready().role()).isEqualTo("member");
      assertThat(outsider.ready().role()).isEqualTo("none");
      assertThat(owner.ready().role()).isEqualTo("owner");

      setRole(room.id(), room.owner(), room.member(), "moderator");
      assertThat(member.await(ServerFrame.RoleChanged.class).role()).isEqualTo("moderator");
      // Everyone else hears whose role changed, and to what.
      ServerFrame.MemberChanged promoted = outsider.await(ServerFrame.MemberChanged.class);
      assertThat(promoted.userId()).isEqualTo(room.member().id());
      assertThat(promoted.role()).isEqualTo("moderator");

      HttpResponse<String> patched =
          call(
              server,
              "PATCH",
              "/api/rooms/" + room.id(),
              room.owner(),
              "{\"title\":\"Plans\",\"slowModeSeconds\":5}");
      assertThat(patched.statusCode()).isEqualTo(200);
      ServerFrame.RoomChanged changed = outsider.await(ServerFrame.RoomChanged.class);
      assertThat(changed.title()).isEqualTo("Plans");
      assertThat(changed.slowModeSeconds()).isEqualTo(5);
      assertThat(changed.visibility()).isEqualTo("public");

      // Turning the room private closes the sockets of those without a role, and only theirs.
      call(
          server, "PATCH", "/api/rooms/" + room.id(), room.owner(), "{\"visibility\":\"private\"}");
      assertThat(outsider.awaitClose()).isEqualTo(4005);
      assertThat(outsider.await(ServerFrame.Error.class, e -> true).code())
          .isEqualTo("not_a_member");
      member.await(ServerFrame.RoomChanged.class, r -> r.visibility().equals("private"));
      assertThat(member.isClosed()).isFalse();
      assertThat(owner.isClosed()).isFalse();
    }
  }
}
