package dev.dormouse.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.ChatClient;
import dev.dormouse.TestServer;
import dev.dormouse.protocol.ServerFrame;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HTTP side of the contract: what is refused before the upgrade, and the history API. */
class ChatEndpointTest {

  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of());

  @Test
  void an_invalid_room_id_is_refused_with_400_and_touches_no_storage() throws Exception {
    long before = Files.size(server.dataDir().resolve("dormouse.db"));
    for (String bad :
        new String[] {
          "",
          "has%20space",
          "a".repeat(65),
          "dots.are.out",
          "a/b",
          "%C3%A9t%C3%A9",
          // Decoded once, this is "%61", not "a": a path is never decoded twice.
          "%2561"
        }) {
      HttpResponse<String> response = server.get("/api/chat/" + bad);
      assertThat(response.statusCode()).as("room id %s", bad).isEqualTo(400);
      assertThat(response.body()).contains("\"code\":\"invalid_room_id\"");
    }
    assertThat(server.get("/api/rooms/no!pe/messages").statusCode()).isEqualTo(400);
    assertThat(server.metric("dormouse_room_wakes_total")).isZero();
    assertThat(Files.size(server.dataDir().resolve("dormouse.db"))).isEqualTo(before);
  }

  @Test
  void a_plain_get_without_upgrade_is_answered_426() {
    HttpResponse<String> response = server.get("/api/chat/lobby");
    assertThat(response.statusCode()).isEqualTo(426);
    assertThat(response.body()).isEqualTo("Expected Upgrade: websocket");
  }

  @Test
  void other_methods_are_answered_405() {
    HttpResponse<String> response =
        server.send(
            HttpRequest.newBuilder(server.http("/api/chat/lobby"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).contains("GET");
  }

  @Test
  void a_since_that_is_not_a_number_is_refused_with_400() {
    assertThat(server.get("/api/chat/lobby?since=abc").statusCode()).isEqualTo(400);
    assertThat(server.get("/api/chat/lobby?since=-1").statusCode()).isEqualTo(400);
  }

  @Test
  void an_unknown_api_path_is_a_json_404_not_the_app_shell() {
    HttpResponse<String> response = server.get("/api/nothing-here");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("\"code\":\"not_found\"");
  }

  @Test
  void history_pages_backwards_and_forwards_oldest_first() {
    try (ChatClient ada = ChatClient.connect(server.chat("paging?name=Ada"))) {
      ada.ready();
      for (int i = 1; i <= 7; i++) {
        ada.sendMessage("m" + i, "c" + i);
        int seq = i;
        ada.await(ServerFrame.Ack.class, ack -> ack.seq() == seq);
      }
    }
    String newest = server.get("/api/rooms/paging/messages?limit=3").body();
    assertThat(newest)
        .contains("\"seq\":5")
        .contains("\"seq\":7")
        .doesNotContain("\"seq\":4")
        .contains("\"hasMore\":true");
    assertThat(newest.indexOf("\"seq\":5")).isLessThan(newest.indexOf("\"seq\":7"));
    assertThat(newest).contains("\"type\":\"message\"");

    String older = server.get("/api/rooms/paging/messages?before=5&limit=3").body();
    assertThat(older)
        .contains("\"seq\":2")
        .contains("\"seq\":4")
        .doesNotContain("\"seq\":5")
        .contains("\"hasMore\":true");

    String oldest = server.get("/api/rooms/paging/messages?before=2&limit=3").body();
    assertThat(oldest).contains("\"seq\":1").contains("\"hasMore\":false");

    String forwards = server.get("/api/rooms/paging/messages?after=5&limit=100").body();
    assertThat(forwards)
        .contains("\"seq\":6")
        .contains("\"seq\":7")
        .doesNotContain("\"seq\":5")
        .contains("\"hasMore\":false");
  }

  @Test
  void history_queries_out_of_range_are_refused_with_400() {
    assertThat(server.get("/api/rooms/paging/messages?limit=0").statusCode()).isEqualTo(400);
    assertThat(server.get("/api/rooms/paging/messages?limit=101").statusCode()).isEqualTo(400);
    assertThat(server.get("/api/rooms/paging/messages?before=x").statusCode()).isEqualTo(400);
    assertThat(server.get("/api/rooms/paging/messages?before=1&after=2").statusCode())
        .isEqualTo(400);
  }

  @Test
  void health_reports_live_and_ready() {
    HttpResponse<String> response = server.get("/api/health");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"ready\":true");
  }

  @Test
  void the_metrics_page_shows_what_an_operator_watches() {
    try (ChatClient ada = ChatClient.connect(server.chat("watched?name=Ada"))) {
      ada.ready();
      ada.send("{\"type\":\"nope\"}");
      ada.sendMessage("hi", "m1");
      ada.await(ServerFrame.Ack.class);
      ada.await(ServerFrame.Error.class);
      String metrics = server.get("/metrics").body();
      assertThat(metrics)
          .contains("dormouse_connections 1.0")
          .contains("dormouse_rooms_awake")
          .contains("dormouse_rooms_asleep")
          .contains("dormouse_room_wakes_total")
          .contains("dormouse_frames_in_total")
          .contains("dormouse_frames_out_total")
          .contains("dormouse_errors_total{code=\"bad_frame\"} 1.0")
          .contains("dormouse_store_append_seconds_bucket")
          .contains("dormouse_broadcast_seconds_bucket");
    }
  }
}
