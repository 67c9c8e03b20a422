package dev.dormouse.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.ChatClient;
import dev.dormouse.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A room's settings and members are stored: a restart on the same SQLite file keeps them. */
class RoomsRestartTest {

  @Test
  void settings_and_members_survive_a_restart_on_the_same_sqlite_file() {
    TestServer server = TestServer.start(Map.of());
    try {
      RoomsTest.Person owner = RoomsTest.signIn(server, "Owner");
      RoomsTest.Person member = RoomsTest.signIn(server, "Member");
      RoomsTest.Person stranger = RoomsTest.signIn(server, "Stranger");
      String room =
          RoomsTest.create(
              server,
              owner,
              "{\"visibility\":\"private\",\"title\":\"Kept\",\"slowModeSeconds\":5}");
      assertThat(
              RoomsTest.call(
                      server,
                      "PUT",
                      "/api/rooms/" + room + "/members/" + member.id(),
                      owner,
                      "{\"role\":\"moderator\"}")
                  .statusCode())
          .isEqualTo(200);

      server = server.restart();

      var shown = RoomsTest.call(server, "GET", "/api/rooms/" + room, owner, null);
      assertThat(shown.statusCode()).isEqualTo(200);
      var info = RoomsTest.json(shown.body());
      assertThat(info.get("title").asText()).isEqualTo("Kept");
      assertThat(info.get("visibility").asText()).isEqualTo("private");
      assertThat(info.get("slowModeSeconds").asInt()).isEqualTo(5);
      assertThat(info.get("role").asText()).isEqualTo("owner");
      assertThat(RoomsTest.upgradeAnswer(server, room, stranger)).startsWith("HTTP/1.1 403");
      try (ChatClient moderator = RoomsTest.join(server, room, member)) {
        // A moderator is spared slow mode: the role came back with the room.
        moderator.sendMessage("one", "m-1").awaitAck("m-1");
        moderator.sendMessage("two", "m-2").awaitAck("m-2");
      }
    } finally {
      server.close();
    }
  }
}
