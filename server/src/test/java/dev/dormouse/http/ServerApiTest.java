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
import com.typesafe.config.ConfigFactory;
import dev.dormouse.ChatClient;
import dev.dormouse.KeysCommand;
import dev.dormouse.RawSocket;
import dev.dormouse.TestServer;
import dev.dormouse.http.RoomsTest.Person;
import dev.dormouse.protocol.ServerFrame;
import dev.dormouse.protocol.UserKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server API over real HTTP and sockets: every route with a key that has its scope and with
 * keys that lack it, what a bot's writes look like to a room's sockets, moderation by a key, and
 * that keys and sessions never stand in for each other.
 */
class ServerApiTest {

  @RegisterExtension
  static final TestServer server = TestServer.perClass(TestServer.SEND_BURSTS_LIFTED);

  private enum Scope {
    PUBLISH,
    MODERATE,
    READ,
    ADMIN
  }

  /** One key per scope, each with that scope alone; the admin key made by the CLI. */
  private static final Map<Scope, Person> keys = new EnumMap<>(Scope.class);

  private static final AtomicInteger ids = new AtomicInteger();

  @BeforeAll
  static void makeKeys() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        KeysCommand.run(
            List.of("create", "--name", "ops", "--scopes", "admin"),
            ConfigFactory.parseMap(Map.of("dormouse.store.data-dir", server.dataDir().toString()))
                .withFallback(ConfigFactory.load()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(exit).isZero();
    keys.put(Scope.ADMIN, key(out.toString(StandardCharsets.UTF_8).strip()));
    for (Scope scope : List.of(Scope.PUBLISH, Scope.MODERATE, Scope.READ)) {
      keys.put(scope, key(createKey(scope.name().toLowerCase(), scope.name().toLowerCase())));
    }
  }

  private static Person key(String secret) {
    return new Person(secret, null);
  }

  /** A key made over HTTP by the admin key; its secret. */
  private static String createKey(String name, String scopes) {
    StringBuilder list = new StringBuilder();
    for (String scope : scopes.split(",")) {
      list.append(list.isEmpty() ? "" : ",").append('"').append(scope).append('"');
    }
    HttpResponse<String> created =
        call(
            server,
            "POST",
            "/api/server/keys",
            keys.get(Scope.ADMIN),
            "{\"name\":\"" + name + "\",\"scopes\":[" + list + "]}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json(created.body()).get("key").asText();
  }

  private static String roomId() {
    return "r-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String clientId() {
    return "api-" + ids.incrementAndGet();
  }

  private static HttpResponse<String> publish(String room, Person key, String text, String as) {
    return call(
        server,
        "POST",
        "/api/server/rooms/" + room + "/messages",
        key,
        "{\"text\":\""
            + text
            + "\",\"clientId\":\""
            + clientId()
            + "\""
            + (as == null ? "" : ",\"as\":" + as)
            + "}");
  }

  /** A route of the server API, a body it accepts, and the scope it needs. */
  private record Route(String method, String path, String body, Scope scope) {}

  @Test
  void every_route_answers_a_key_with_its_scope_and_refuses_every_other_key() {
    String room = roomId();
    Person person = signIn(server, "Target");
    String message =
        json(publish(room, keys.get(Scope.PUBLISH), "first", null).body())
            .at("/message/id")
            .asText();
    String second =
        json(publish(room, keys.get(Scope.PUBLISH), "second", null).body())
            .at("/message/id")
            .asText();
    String base = "/api/server/rooms/" + room;
    List<Route> routes =
        List.of(
            new Route("GET", "/api/server/rooms", null, Scope.READ),
            new Route("GET", base, null, Scope.READ),
            new Route("GET", base + "/messages", null, Scope.READ),
            new Route("GET", base + "/people", null, Scope.READ),
            new Route(
                "POST",
                base + "/messages",
                "{\"text\":\"hi\",\"clientId\":\"scoped-1\"}",
                Scope.PUBLISH),
            new Route(
                "PATCH",
                base + "/messages/" + message,
                "{\"text\":\"first, edited\",\"clientId\":\"scoped-2\"}",
                Scope.PUBLISH),
            new Route(
                "POST", base + "/kicks", "{\"userId\":\"" + person.id() + "\"}", Scope.MODERATE),
            new Route(
                "POST",
                base + "/mutes",
                "{\"userId\":\""
                    + person.id()
                    + "\",\"until\":"
                    + (System.currentTimeMillis() + 600_000)
                    + "}",
                Scope.MODERATE),
            new Route("DELETE", base + "/mutes/" + person.id(), null, Scope.MODERATE),
            new Route(
                "POST", base + "/bans", "{\"userId\":\"" + person.id() + "\"}", Scope.MODERATE),
            new Route("DELETE", base + "/bans/" + person.id(), null, Scope.MODERATE),
            new Route("GET", "/api/server/keys", null, Scope.ADMIN),
            new Route(
                "POST", "/api/server/keys", "{\"name\":\"x\",\"scopes\":[\"read\"]}", Scope.ADMIN),
            new Route("DELETE", "/api/server/keys/k_nosuchkey", null, Scope.ADMIN),
            new Route(
                "DELETE",
                base + "/messages/" + message,
                "{\"as\":{\"id\":\"system\"},\"clientId\":\"scoped-3\"}",
                Scope.PUBLISH),
            new Route(
                "DELETE", base + "/messages/" + second, "{\"reason\":\"x\"}", Scope.MODERATE));
    for (Route route : routes) {
      for (Scope scope : Scope.values()) {
        if (scope == route.scope()) {
          continue;
        }
        HttpResponse<String> refused =
            call(server, route.method(), route.path(), keys.get(scope), route.body());
        assertThat(refused.statusCode()).as(route + " with " + scope).isEqualTo(403);
        assertThat(code(refused)).as(route + " with " + scope).isEqualTo("forbidden_scope");
      }
      HttpResponse<String> allowed =
          call(server, route.method(), route.path(), keys.get(route.scope()), route.body());
      String expected =
          switch (route.method() + " " + route.path().replaceAll(".*/", "")) {
            case "DELETE k_nosuchkey" -> "404";
            default -> route.method().equals("POST") ? "201" : "20";
          };
      assertThat(String.valueOf(allowed.statusCode()))
          .as(route + ": " + allowed.body())
          .startsWith(expected);
    }
  }

  @Test
  void a_bots_message_is_stored_broadcast_with_the_bot_kind_and_a_resend_is_not_stored_again() {
    String room = roomId();
    try (ChatClient watcher = ChatClient.connect(server.chat(room + "?name=Watcher"))) {
      watcher.ready();
      String body =
          "{\"text\":\"Deploy finished\",\"clientId\":\"deploy-42\","
              + "\"as\":{\"id\":\"deploy\",\"name\":\"Deploy bot\"}}";
      String path = "/api/server/rooms/" + room + "/messages";
      HttpResponse<String> first = call(server, "POST", path, keys.get(Scope.PUBLISH), body);
      assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
      JsonNode stored = json(first.body());
      assertThat(stored.get("duplicate").asBoolean()).isFalse();
      assertThat(stored.at("/message/from").asText()).isEqualTo("bot_deploy");
      assertThat(stored.at("/message/fromKind").asText()).isEqualTo("bot");

      ServerFrame.Message seen =
          watcher.await(ServerFrame.Message.class, m -> m.message().equals("Deploy finished"));
      assertThat(seen.from()).isEqualTo("bot_deploy");
      assertThat(seen.name()).isEqualTo("Deploy bot");
      assertThat(seen.fromKind()).isEqualTo(UserKind.BOT);
      assertThat(seen.seq()).isEqualTo(stored.get("seq").asLong());

      HttpResponse<String> again = call(server, "POST", path, keys.get(Scope.PUBLISH), body);
      assertThat(again.statusCode()).isEqualTo(200);
      assertThat(json(again.body()).get("duplicate").asBoolean()).isTrue();
      assertThat(json(again.body()).get("seq").asLong()).isEqualTo(seen.seq());

      HttpResponse<String> system =
          publish(room, keys.get(Scope.PUBLISH), "Maintenance at 6", null);
      assertThat(json(system.body()).at("/message/from").asText()).isEqualTo("bot_system");
      assertThat(json(system.body()).at("/message/name").asText()).isEqualTo("System");

      HttpResponse<String> history = call(server, "GET", path, keys.get(Scope.READ), null);
      assertThat(history.statusCode()).isEqualTo(200);
      assertThat(json(history.body()).get("messages")).hasSize(2);
    }
  }

  @Test
  void a_bot_edits_and_deletes_its_own_messages_and_a_moderating_key_deletes_anyones() {
    String room = roomId();
    Person ada = signIn(server, "Ada");
    try (ChatClient adaSocket = join(server, room, ada)) {
      adaSocket.ready();
      adaSocket.sendMessage("hello from Ada", "ada-1");
      adaSocket.awaitAck("ada-1");
      String adas = adaSocket.await(ServerFrame.Message.class, m -> m.from().equals(ada.id())).id();
      String bots =
          json(publish(
                      room,
                      keys.get(Scope.PUBLISH),
                      "typo hree",
                      "{\"id\":\"news\",\"name\":\"News\"}")
                  .body())
              .at("/message/id")
              .asText();
      String path = "/api/server/rooms/" + room + "/messages/";

      HttpResponse<String> edited =
          call(
              server,
              "PATCH",
              path + bots,
              keys.get(Scope.PUBLISH),
              "{\"text\":\"typo here\",\"clientId\":\"e-1\",\"as\":{\"id\":\"news\"}}");
      assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
      assertThat(adaSocket.await(ServerFrame.Edited.class, e -> e.id().equals(bots)).message())
          .isEqualTo("typo here");

      // Another bot, or the system, is not the author; nor may a bot put words in Ada's mouth.
      HttpResponse<String> notTheirs =
          call(
              server,
              "PATCH",
              path + bots,
              keys.get(Scope.PUBLISH),
              "{\"text\":\"x\",\"clientId\":\"e-2\"}");
      assertThat(notTheirs.statusCode()).isEqualTo(403);
      assertThat(code(notTheirs)).isEqualTo("forbidden");
      HttpResponse<String> adaEdit =
          call(
              server,
              "PATCH",
              path + adas,
              keys.get(Scope.PUBLISH),
              "{\"text\":\"x\",\"clientId\":\"e-3\"}");
      assertThat(adaEdit.statusCode()).isEqualTo(403);

      HttpResponse<String> deleted =
          call(
              server,
              "DELETE",
              path + bots,
              keys.get(Scope.PUBLISH),
              "{\"as\":{\"id\":\"news\"},\"clientId\":\"d-1\"}");
      assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
      adaSocket.await(ServerFrame.Deleted.class, d -> d.id().equals(bots));

      HttpResponse<String> moderated =
          call(server, "DELETE", path + adas, keys.get(Scope.MODERATE), "{\"reason\":\"spam\"}");
      assertThat(moderated.statusCode()).as(moderated.body()).isEqualTo(200);
      ServerFrame.Deleted tombstone =
          adaSocket.await(ServerFrame.Deleted.class, d -> d.id().equals(adas));
      assertThat(tombstone.moderated()).isTrue();
      assertThat(tombstone.reason()).isEqualTo("spam");

      HttpResponse<String> gone =
          call(server, "DELETE", path + adas, keys.get(Scope.MODERATE), null);
      assertThat(gone.statusCode()).isEqualTo(404);
    }
  }

  @Test
  void a_key_moderates_as_an_operator_admin_and_the_audit_log_names_it() {
    Person owner = signIn(server, "Owner");
    Person member = signIn(server, "Member");
    String room = create(server, owner, "{}");
    try (ChatClient socket = join(server, room, member)) {
      socket.ready();
      HttpResponse<String> banned =
          call(
              server,
              "POST",
              "/api/server/rooms/" + room + "/bans",
              keys.get(Scope.MODERATE),
              "{\"userId\":\"" + member.id() + "\",\"reason\":\"abuse\"}");
      assertThat(banned.statusCode()).as(banned.body()).isEqualTo(201);
      assertThat(json(banned.body()).get("by").asText()).startsWith("bot_k_");
      assertThat(socket.awaitClose()).isEqualTo(4004);
    }
    assertThat(upgradeAnswer(server, room, member)).startsWith("HTTP/1.1 403");
    JsonNode audit = json(call(server, "GET", "/api/rooms/" + room + "/audit", owner, null).body());
    assertThat(audit.at("/entries/0/action").asText()).isEqualTo("person.banned");
    assertThat(audit.at("/entries/0/actor/kind").asText()).isEqualTo("bot");
    assertThat(audit.at("/entries/0/actor/name").asText()).isEqualTo("moderate");

    // Nobody acts on the owner, a key no more than an admin.
    HttpResponse<String> owners =
        call(
            server,
            "POST",
            "/api/server/rooms/" + room + "/kicks",
            keys.get(Scope.MODERATE),
            "{\"userId\":\"" + owner.id() + "\"}");
    assertThat(owners.statusCode()).isEqualTo(403);
  }

  @Test
  void a_room_is_read_with_its_occupancy_presence_and_place_in_the_list() {
    String room = roomId();
    publish(room, keys.get(Scope.PUBLISH), "hello", null);
    try (ChatClient bo = ChatClient.connect(server.chat(room + "?name=Bo"))) {
      bo.ready();
      JsonNode occupancy =
          json(call(server, "GET", "/api/server/rooms/" + room, keys.get(Scope.READ), null).body());
      assertThat(occupancy.get("id").asText()).isEqualTo(room);
      assertThat(occupancy.get("seq").asLong()).isEqualTo(1);
      assertThat(occupancy.get("online").asInt()).isEqualTo(1);

      JsonNode people =
          json(
              call(
                      server,
                      "GET",
                      "/api/server/rooms/" + room + "/people",
                      keys.get(Scope.READ),
                      null)
                  .body());
      assertThat(people.at("/people/0/name").asText()).isEqualTo("Bo");

      // Paged by id: walk the list until the room turns up.
      String cursor = null;
      boolean listed = false;
      do {
        JsonNode page =
            json(
                call(
                        server,
                        "GET",
                        "/api/server/rooms?limit=2" + (cursor == null ? "" : "&after=" + cursor),
                        keys.get(Scope.READ),
                        null)
                    .body());
        for (JsonNode r : page.get("rooms")) {
          if (r.get("id").asText().equals(room)) {
            listed = true;
            assertThat(r.get("online").asInt()).isEqualTo(1);
          }
        }
        cursor = page.get("cursor").isNull() ? null : page.get("cursor").asText();
      } while (cursor != null && !listed);
      assertThat(listed).isTrue();
    }
    assertThat(
            call(server, "GET", "/api/server/rooms/not%20a%20room", keys.get(Scope.READ), null)
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void a_revoked_key_stops_at_the_next_request() {
    String secret = createKey("short-lived", "read,publish");
    Person key = key(secret);
    assertThat(call(server, "GET", "/api/server/rooms", key, null).statusCode()).isEqualTo(200);
    JsonNode listed =
        json(call(server, "GET", "/api/server/keys", keys.get(Scope.ADMIN), null).body());
    String id = null;
    for (JsonNode k : listed.get("keys")) {
      assertThat(k.has("key")).isFalse();
      assertThat(k.toString()).doesNotContain(secret.substring(4));
      if (k.get("name").asText().equals("short-lived")) {
        id = k.get("id").asText();
      }
    }
    assertThat(id).isNotNull();

    HttpResponse<String> revoked =
        call(server, "DELETE", "/api/server/keys/" + id, keys.get(Scope.ADMIN), null);
    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(json(revoked.body()).get("revokedAt").isNumber()).isTrue();

    HttpResponse<String> after = call(server, "GET", "/api/server/rooms", key, null);
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(code(after)).isEqualTo("unauthorized");
    assertThat(publish(roomId(), key, "still here?", null).statusCode()).isEqualTo(401);
  }

  @Test
  void a_key_is_no_session_and_a_session_is_no_key() {
    Person key = keys.get(Scope.READ);
    String room = roomId();
    for (String path :
        List.of("/api/rooms/" + room + "/messages", "/api/me/rooms", "/api/rooms/" + room)) {
      HttpResponse<String> refused = call(server, "GET", path, key, null);
      assertThat(refused.statusCode()).as(path).isEqualTo(401);
      assertThat(code(refused)).as(path).isEqualTo("unauthorized");
    }
    assertThat(call(server, "POST", "/api/rooms", keys.get(Scope.ADMIN), "{}").statusCode())
        .isEqualTo(401);
    assertThat(upgradeAnswer(server, room, key)).startsWith("HTTP/1.1 401");
    assertThat(
            RawSocket.answerTo(
                server.port(),
                RawSocket.upgradeRequest(
                    "/api/chat/" + room, "Cookie: dormouse_session=" + key.token())))
        .startsWith("HTTP/1.1 401");

    Person session = signIn(server, "Ada");
    HttpResponse<String> withSession = call(server, "GET", "/api/server/rooms", session, null);
    assertThat(withSession.statusCode()).isEqualTo(401);
    assertThat(code(withSession)).isEqualTo("unauthorized");
    HttpResponse<String> withCookie =
        server.send(
            java.net.http.HttpRequest.newBuilder(server.http("/api/server/rooms"))
                .header("Cookie", "dormouse_session=" + session.token())
                .GET()
                .build());
    assertThat(withCookie.statusCode()).isEqualTo(401);
    assertThat(call(server, "GET", "/api/server/rooms", null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void bodies_that_break_a_rule_are_refused_naming_the_field() {
    String path = "/api/server/rooms/" + roomId() + "/messages";
    Person key = keys.get(Scope.PUBLISH);
    Map<String, String> cases =
        Map.of(
            "{\"text\":\"hi\"}",
            "clientId",
            "{\"clientId\":\"c\"}",
            "text",
            "{\"text\":\"hi\",\"clientId\":\"c\",\"as\":{\"id\":\"Not Valid\",\"name\":\"x\"}}",
            "as.id",
            "{\"text\":\"hi\",\"clientId\":\"c\",\"as\":{\"id\":\"ok\"}}",
            "as.name",
            "{\"text\":\"hi\",\"clientId\":\"c\",\"from\":\"u_1\"}",
            "from",
            "{\"text\":\"" + "x".repeat(2001) + "\",\"clientId\":\"c\"}",
            "text");
    cases.forEach(
        (body, field) -> {
          HttpResponse<String> refused = call(server, "POST", path, key, body);
          assertThat(refused.statusCode()).as(body).isEqualTo(400);
          assertThat(json(refused.body()).get("field").asText()).as(body).isEqualTo(field);
        });
  }
}
