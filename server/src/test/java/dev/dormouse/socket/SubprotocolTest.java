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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The two ways to speak to a room: a client that offers {@code dormouse.v2} gets the whole
 * protocol, and one that offers nothing, like the article's demo page, gets only rows of {@code
 * {from, message, timestamp}}.
 */
class SubprotocolTest {

  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of());

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void the_articles_clients_get_only_rows_and_each_sees_hello() {
    try (ArticleClient ada = ArticleClient.connect(server.chat("article?name=Ada"));
        ArticleClient bob = ArticleClient.connect(server.chat("article?name=Bob"));
        ChatClient cy = ChatClient.connect(server.chat("article?name=Cy"))) {
      cy.ready();
      cy.await(ServerFrame.Presence.class, p -> p.count() == 3);
      ada.socket.sendText("hello", true);
      cy.sendMessage("hi from the full protocol", "c-1");

      for (ArticleClient client : List.of(ada, bob)) {
        await().until(() -> client.messages().contains("hi from the full protocol"));
        assertThat(client.messages()).contains("hello");
        assertThat(client.socket.getSubprotocol()).isEmpty();
        client.assertEveryFrameIsARow();
      }
      assertThat(cy.await(ServerFrame.Message.class, m -> m.message().equals("hello"))).isNotNull();
    }
  }

  @Test
  void a_refusal_reaches_the_articles_client_as_a_row_from_the_server() {
    try (ArticleClient ada = ArticleClient.connect(server.chat("refused?name=Ada"))) {
      ada.socket.sendText("x".repeat(5000), true);
      await().until(() -> !ada.frames.isEmpty());
      JsonNode row = json(ada.frames.getFirst());
      assertThat(row.get("type").asText()).isEqualTo("error");
      assertThat(row.get("from").asText()).isEqualTo("server");
      assertThat(row.get("message").asText()).contains("at most");
      ada.assertEveryFrameIsARow();
    }
  }

  @Test
  void the_articles_client_is_shown_the_rooms_history_as_rows() {
    try (ChatClient cy = ChatClient.connect(server.chat("history-rows?name=Cy"))) {
      cy.ready();
      cy.sendMessage("said before", "c-1");
      cy.await(ServerFrame.Ack.class);
    }
    try (ArticleClient ada = ArticleClient.connect(server.chat("history-rows?name=Ada"))) {
      await().until(() -> ada.messages().contains("said before"));
      ada.assertEveryFrameIsARow();
    }
  }

  @Test
  void offering_dormouse_v2_selects_it_even_after_an_unknown_offer() {
    try (ArticleClient v2 =
        ArticleClient.connect(server.chat("v2?name=Ada"), "chat.v9", "dormouse.v2")) {
      assertThat(v2.socket.getSubprotocol()).isEqualTo("dormouse.v2");
      await().until(() -> !v2.frames.isEmpty());
      assertThat(json(v2.frames.getFirst()).get("type").asText()).isEqualTo("ready");
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

  /** A plain WebSocket client that keeps every text frame as it came. */
  private static final class ArticleClient implements WebSocket.Listener, AutoCloseable {
    final List<String> frames = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static ArticleClient connect(URI uri, String... subprotocols) {
      ArticleClient client = new ArticleClient();
      WebSocket.Builder builder = HTTP.newWebSocketBuilder();
      if (subprotocols.length > 0) {
        builder.subprotocols(
            subprotocols[0], Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
      }
      client.socket = builder.buildAsync(uri, client).join();
      return client;
    }

    List<String> messages() {
      return frames.stream()
          .map(SubprotocolTest::json)
          .map(f -> f.path("message").asText())
          .toList();
    }

    /** What the article's page does with every frame: read it as {from, message, timestamp}. */
    void assertEveryFrameIsARow() {
      for (String frame : frames) {
        JsonNode row = json(frame);
        assertThat(row.path("from").isTextual()).as(frame).isTrue();
        assertThat(row.path("message").isTextual()).as(frame).isTrue();
        assertThat(row.path("timestamp").isNumber()).as(frame).isTrue();
      }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frames.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public void close() {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }
  }
}
