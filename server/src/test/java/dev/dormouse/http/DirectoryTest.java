package dev.dormouse.http;

import static dev.dormouse.http.RoomsTest.call;
import static dev.dormouse.http.RoomsTest.code;
import static dev.dormouse.http.RoomsTest.create;
import static dev.dormouse.http.RoomsTest.join;
import static dev.dormouse.http.RoomsTest.json;
import static dev.dormouse.http.RoomsTest.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dormouse.ChatClient;
import dev.dormouse.TestServer;
import dev.dormouse.http.RoomsTest.Person;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The directory over real HTTP and sockets: public claimed rooms only, search, paging, and online
 * counts that follow sockets.
 */
class DirectoryTest {

  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of());

  private static JsonNode page(String query) {
    HttpResponse<String> response = call(server, "GET", "/api/rooms?" + query, null, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response.body());
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("rooms").forEach(r -> ids.add(r.get("id").asText()));
    return ids;
  }

  private static String tag() {
    return "t" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String encoded(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @Test
  void only_public_claimed_rooms_are_listed_with_title_topic_and_last_activity() {
    Person owner = signIn(server, "Owner");
    String tag = tag();
    String open =
        create(
            server,
            owner,
            "{\"id\":\""
                + tag
                + "-open\",\"title\":\"Open "
                + tag
                + "\",\"topic\":\"all welcome\"}");
    create(server, owner, "{\"id\":\"" + tag + "-unlisted\",\"visibility\":\"unlisted\"}");
    create(server, owner, "{\"id\":\"" + tag + "-private\",\"visibility\":\"private\"}");
    try (ChatClient guest = ChatClient.connect(server.chat(tag + "-unclaimed"))) {
      guest.sendMessage("hello", "c-1").awaitAck("c-1");
    }
    JsonNode listed = page("query=" + tag);
    assertThat(ids(listed)).containsExactly(open);
    JsonNode room = listed.get("rooms").get(0);
    assertThat(room.get("title").asText()).isEqualTo("Open " + tag);
    assertThat(room.get("topic").asText()).isEqualTo("all welcome");
    assertThat(room.get("online").asInt()).isZero();
    assertThat(room.get("lastActivity").isNull()).isTrue();
    assertThat(listed.get("cursor").isNull()).isTrue();

    try (ChatClient socket = join(server, open, owner)) {
      socket.sendMessage("first", "o-1").awaitAck("o-1");
    }
    assertThat(page("query=" + tag).get("rooms").get(0).get("lastActivity").asLong()).isPositive();
  }

  @Test
  void search_matches_id_title_and_topic_ignoring_case() {
    Person owner = signIn(server, "Owner");
    String tag = tag();
    String byId = create(server, owner, "{\"id\":\"" + tag + "-garden\"}");
    String byTitle = create(server, owner, "{\"title\":\"The " + tag + " Garden Club\"}");
    String byTopic = create(server, owner, "{\"topic\":\"Talk about GARDENS " + tag + "\"}");
    create(server, owner, "{\"title\":\"Kitchen " + tag + "\"}");
    assertThat(ids(page("query=" + encoded(tag.toUpperCase() + "-GARDEN")))).containsExactly(byId);
    assertThat(ids(page("query=" + encoded(tag + " garden club")))).containsExactly(byTitle);
    assertThat(ids(page("query=" + encoded("gardens " + tag)))).containsExactly(byTopic);
  }

  @Test
  void pages_follow_one_another_by_cursor_newest_activity_first() {
    Person owner = signIn(server, "Owner");
    String tag = tag();
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String room = create(server, owner, "{\"id\":\"" + tag + "-" + i + "\"}");
      created.add(room);
    }
    // The room that spoke last comes first; the quiet ones follow by id.
    try (ChatClient socket = join(server, created.get(3), owner)) {
      socket.sendMessage("news", "n-1").awaitAck("n-1");
    }
    JsonNode first = page("query=" + tag + "&limit=2");
    assertThat(ids(first)).containsExactly(tag + "-3", tag + "-0");
    String cursor = first.get("cursor").asText();
    JsonNode second = page("query=" + tag + "&limit=2&cursor=" + cursor);
    assertThat(ids(second)).containsExactly(tag + "-1", tag + "-2");
    JsonNode third = page("query=" + tag + "&limit=2&cursor=" + second.get("cursor").asText());
    assertThat(ids(third)).containsExactly(tag + "-4");
    assertThat(third.get("cursor").isNull()).isTrue();
  }

  @Test
  void the_online_count_follows_sockets_joining_and_leaving() {
    Person owner = signIn(server, "Owner");
    Person bo = signIn(server, "Bo");
    String tag = tag();
    String room = create(server, owner, "{\"id\":\"" + tag + "-live\"}");
    try (ChatClient a = join(server, room, owner);
        ChatClient b = join(server, room, bo);
        ChatClient again = join(server, room, bo)) {
      a.ready();
      b.ready();
      again.ready();
      // Two people, however many sockets.
      assertThat(page("query=" + tag).get("rooms").get(0).get("online").asInt()).isEqualTo(2);
    }
    Awaitility.await()
        .atMost(ChatClient.PATIENCE)
        .until(() -> page("query=" + tag).get("rooms").get(0).get("online").asInt() == 0);
  }

  @Test
  void a_bad_limit_or_cursor_is_refused() {
    for (String query :
        new String[] {"limit=0", "limit=51", "limit=x", "cursor=%21%21", "cursor=bm9jb2xvbg"}) {
      HttpResponse<String> response = call(server, "GET", "/api/rooms?" + query, null, null);
      assertThat(response.statusCode()).as(query).isEqualTo(400);
      assertThat(code(response)).isEqualTo("bad_request");
    }
    assertThat(call(server, "GET", "/api/rooms?query=" + "q".repeat(101), null, null).statusCode())
        .isEqualTo(400);
  }
}
