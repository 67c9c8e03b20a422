package dev.dormouse.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dormouse.ChatClient;
import dev.dormouse.TestServer;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.protocol.ServerFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/me/rooms}: a signed-in person's rooms, newest first, with exact unread counts.
 */
class MyRoomsTest {

  @RegisterExtension
  static final TestServer server = TestServer.perClass(TestServer.SEND_BURSTS_LIFTED);

  private static JsonNode json(String body) {
    try {
      return FrameCodec.json().readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HttpResponse<String> myRooms(String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.http("/api/me/rooms")).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return server.send(request.build());
  }

  private static JsonNode roomsOf(TestServer.SignedIn session) {
    HttpResponse<String> response = myRooms("Authorization", "Bearer " + session.token());
    assertThat(response.statusCode()).isEqualTo(200);
    return json(response.body()).get("rooms");
  }

  private static List<String> names(JsonNode rooms) {
    List<String> names = new ArrayList<>();
    rooms.forEach(room -> names.add(room.get("room").asText()));
    return names;
  }

  private static ChatClient join(String room, TestServer.SignedIn session) {
    ChatClient client =
        ChatClient.connect(server.chat(room), "Authorization", "Bearer " + session.token());
    client.ready();
    return client;
  }

  private static void post(ChatClient client, String text) {
    String clientId = "c-" + System.nanoTime();
    client.sendMessage(text, clientId);
    client.await(ServerFrame.Ack.class, ack -> ack.clientId().equals(clientId));
  }

  @Test
  void without_valid_credentials_there_is_no_list() {
    HttpResponse<String> none = myRooms();
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(json(none.body()).get("code").asText()).isEqualTo("unauthorized");
    assertThat(myRooms("Authorization", "Bearer not-a-token").statusCode()).isEqualTo(401);
    assertThat(myRooms("Cookie", "dormouse_session=forged").statusCode()).isEqualTo(401);
  }

  @Test
  void a_persons_rooms_come_newest_message_first_with_exact_counts_and_empty_rooms_last() {
    TestServer.SignedIn ada = server.signIn("Ada");
    TestServer.SignedIn bob = server.signIn("Bob");
    try (ChatClient adaQuiet = join("list-a-quiet", ada);
        ChatClient adaOlder = join("list-b-older", ada);
        ChatClient adaNewer = join("list-c-newer", ada);
        ChatClient bobOlder = join("list-b-older", bob);
        ChatClient bobNewer = join("list-c-newer", bob);
        ChatClient bobElsewhere = join("list-d-bob-only", bob)) {
      post(bobOlder, "old news");
      post(adaOlder, "my reply");
      post(bobNewer, "first");
      post(bobNewer, "latest");
      post(bobElsewhere, "not Ada's room");

      Awaitility.await().atMost(ChatClient.PATIENCE).until(() -> roomsOf(ada).size() == 3);
      JsonNode rooms = roomsOf(ada);
      assertThat(names(rooms)).containsExactly("list-c-newer", "list-b-older", "list-a-quiet");
      JsonNode newer = rooms.get(0);
      assertThat(newer.get("lastRead").asLong()).isZero();
      assertThat(newer.get("unread").asLong()).isEqualTo(2);
      assertThat(newer.get("seq").asLong()).isEqualTo(2);
      assertThat(newer.at("/latest/type").asText()).isEqualTo("message");
      assertThat(newer.at("/latest/message").asText()).isEqualTo("latest");
      assertThat(newer.at("/latest/seq").asLong()).isEqualTo(2);
      assertThat(newer.at("/latest/name").asText()).isEqualTo("Bob");
      JsonNode older = rooms.get(1);
      assertThat(older.get("unread").asLong()).as("Ada's own reply is not unread").isEqualTo(1);
      assertThat(older.at("/latest/message").asText()).isEqualTo("my reply");
      JsonNode quiet = rooms.get(2);
      assertThat(quiet.get("seq").asLong()).isZero();
      assertThat(quiet.get("unread").asLong()).isZero();
      assertThat(quiet.has("latest")).as("no message, no latest").isFalse();

      adaNewer.send("{\"type\":\"read\",\"seq\":1}");
      Awaitility.await()
          .atMost(ChatClient.PATIENCE)
          .until(() -> roomsOf(ada).get(0).get("lastRead").asLong() == 1);
      assertThat(roomsOf(ada).get(0).get("unread").asLong()).isEqualTo(1);

      assertThat(names(roomsOf(bob)))
          .containsExactlyInAnyOrder("list-b-older", "list-c-newer", "list-d-bob-only");
    }
  }

  /**
   * The cap, with the markers of 205 rooms written into the server's SQLite file directly: joining
   * 205 rooms over sockets would test the sockets, not the list.
   */
  @Test
  void a_claimed_room_is_listed_with_its_title_and_an_unclaimed_one_without() {
    TestServer.SignedIn ada = server.signIn("Ada");
    RoomsTest.Person owner = new RoomsTest.Person(ada.token(), ada.userId());
    String titled = RoomsTest.create(server, owner, "{\"title\":\"Team Crew\"}");
    String plain = "plain-" + System.nanoTime();
    join(titled, ada).close();
    join(plain, ada).close();

    Awaitility.await().until(() -> roomsOf(ada).size() == 2);
    JsonNode rooms = roomsOf(ada);

    for (JsonNode room : rooms) {
      if (room.get("room").asText().equals(titled)) {
        assertThat(room.get("title").asText()).isEqualTo("Team Crew");
      } else {
        assertThat(room.get("room").asText()).isEqualTo(plain);
        assertThat(room.has("title")).isFalse();
      }
    }
  }

  @Test
  void the_list_holds_at_most_200_rooms() throws SQLException {
    TestServer.SignedIn cy = server.signIn("Cy");
    try (Connection db =
            DriverManager.getConnection("jdbc:sqlite:" + server.dataDir().resolve("dormouse.db"));
        PreparedStatement insert =
            db.prepareStatement(
                "INSERT INTO read_markers (user_id, room_id, last_read, updated_at)"
                    + " VALUES (?, ?, 0, 0)")) {
      for (int i = 0; i < 205; i++) {
        insert.setString(1, cy.userId());
        insert.setString(2, "many-" + i);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    assertThat(roomsOf(cy).size()).isEqualTo(200);
  }
}
