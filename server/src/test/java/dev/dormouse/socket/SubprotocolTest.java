package dev.dormouse.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dormouse.ChatClient;
import dev.dormouse.RawSocket;
import dev.dormouse.TestServer;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.protocol.ServerFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The two ways to speak to a room: a client that offers {@code dormouse.v2} gets the whole
 * protocol, and one that offers nothing, like the article's demo page, gets only rows of {@code
 * {from, message, timestamp}}.
 */
class SubprotocolTest {

  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of());

  @Test
  void the_articles_clients_get_only_rows_and_each_sees_hello() {
    try (ChatClient ada = ChatClient.connectOffering(server.chat("article?name=Ada"));
        ChatClient bob = ChatClient.connectOffering(server.chat("article?name=Bob"));
        ChatClient cy = ChatClient.connect(server.chat("article?name=Cy"))) {
      cy.ready();
      cy.await(ServerFrame.Presence.class, p -> p.count() == 3);
      ada.send("hello");
      cy.sendMessage("hi from the full protocol", "c-1");

      for (ChatClient client : List.of(ada, bob)) {
        await().until(() -> messages(client).contains("hi from the full protocol"));
        assertThat(messages(client)).contains("hello");
        assertThat(client.subprotocol()).isEmpty();
        assertEveryFrameIsARow(client);
      }
      assertThat(cy.await(ServerFrame.Message.class, m -> m.message().equals("hello"))).isNotNull();
    }
  }

  @Test
  void a_refusal_reaches_the_articles_client_as_a_row_from_the_server() {
    try (ChatClient ada = ChatClient.connectOffering(server.chat("refused?name=Ada"))) {
      ada.send("x".repeat(5000));
      await().until(() -> !ada.rawFrames().isEmpty());
      JsonNode row = json(ada.rawFrames().getFirst());
      assertThat(row.get("type").asText()).isEqualTo("error");
      assertThat(row.get("from").asText()).isEqualTo("server");
      assertThat(row.get("message").asText()).contains("at most");
      assertEveryFrameIsARow(ada);
    }
  }

  @Test
  void the_articles_client_is_shown_the_rooms_history_as_rows() {
    try (ChatClient cy = ChatClient.connect(server.chat("history-rows?name=Cy"))) {
      cy.ready();
      cy.sendMessage("said before", "c-1");
      cy.await(ServerFrame.Ack.class);
    }
    try (ChatClient ada = ChatClient.connectOffering(server.chat("history-rows?name=Ada"))) {
      await().until(() -> messages(ada).contains("said before"));
      assertEveryFrameIsARow(ada);
    }
  }

  @Test
  void offering_dormouse_v2_selects_it_even_after_an_unknown_offer() {
    try (ChatClient v2 =
        ChatClient.connectOffering(server.chat("v2?name=Ada"), "chat.v9", "dormouse.v2")) {
      assertThat(v2.subprotocol()).isEqualTo("dormouse.v2");
      await().until(() -> !v2.rawFrames().isEmpty());
      assertThat(json(v2.rawFrames().getFirst()).get("type").asText()).isEqualTo("ready");
    }
  }

  @Test
  void an_offer_of_only_unknown_subprotocols_is_refused_before_the_upgrade() throws IOException {
    long before = Files.size(database());
    double wakes = server.metric("dormouse_room_wakes_total");
    String request =
        RawSocket.upgradeRequest("/api/chat/unknown-offer", "Sec-WebSocket-Protocol: chat.v9");
    assertThat(RawSocket.statusOf(server.port(), request)).isEqualTo(400);
    assertThat(server.metric("dormouse_room_wakes_total")).isEqualTo(wakes);
    assertThat(Files.size(database())).isEqualTo(before);
  }

  private static Path database() {
    return server.dataDir().resolve("dormouse.db");
  }

  private static JsonNode json(String text) {
    try {
      return FrameCodec.json().readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> messages(ChatClient client) {
    return client.rawFrames().stream()
        .map(SubprotocolTest::json)
        .map(f -> f.path("message").asText())
        .toList();
  }

  /** What the article's page does with every frame: read it as {from, message, timestamp}. */
  private static void assertEveryFrameIsARow(ChatClient client) {
    for (String frame : client.rawFrames()) {
      JsonNode row = json(frame);
      assertThat(row.path("from").isTextual()).as(frame).isTrue();
      assertThat(row.path("message").isTextual()).as(frame).isTrue();
      assertThat(row.path("timestamp").isNumber()).as(frame).isTrue();
    }
  }
}
