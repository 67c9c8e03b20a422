package dev.dormouse.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dormouse.ChatClient;
import dev.dormouse.TestServer;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.protocol.ReactionSummary;
import dev.dormouse.protocol.ServerFrame;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Edits, deletes, replies and reactions over real sockets: each is an entry of the room's log,
 * stored before anyone sees it, acked under its clientId, refused with a stable code when it breaks
 * a rule, and shown in history in the message's current state.
 */
class MessageChangesTest {

  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of());

  @Test
  void an_edit_by_the_author_reaches_everyone_and_history_shows_the_new_text() {
    String id;
    try (ChatClient ada = ChatClient.connect(server.chat("edit?name=Ada"));
        ChatClient bob = ChatClient.connect(server.chat("edit?name=Bob"))) {
      ada.ready();
      bob.ready();
      ada.sendMessage("helo", "m1");
      assertThat(ada.awaitAck("m1")).isEqualTo(1);
      id = bob.await(ServerFrame.Message.class, m -> m.seq() == 1).id();
      ada.edit(id, "hello", "e1");
      assertThat(ada.awaitAck("e1")).isEqualTo(2);
      ServerFrame.Edited edited = bob.await(ServerFrame.Edited.class);
      assertThat(edited.seq()).isEqualTo(2);
      assertThat(edited.id()).isEqualTo(id);
      assertThat(edited.message()).isEqualTo("hello");
      assertThat(ada.await(ServerFrame.Edited.class)).isEqualTo(edited);
    }
    try (ChatClient cy = ChatClient.connect(server.chat("edit?name=Cy"))) {
      assertThat(cy.ready().seq()).isEqualTo(2);
      ServerFrame.Message shown = cy.await(ServerFrame.History.class).messages().getFirst();
      assertThat(shown.message()).isEqualTo("hello");
      assertThat(shown.edited()).isNotNull();
      assertThat(shown.seq()).isEqualTo(1);
    }
    JsonNode page = json(server.get("/api/rooms/edit/messages").body());
    assertThat(page.get("messages").get(0).get("message").asText()).isEqualTo("hello");
    assertThat(page.get("messages").get(0).has("edited")).isTrue();
    assertThat(page.get("messages")).hasSize(1);
  }

  @Test
  void changes_that_break_a_rule_are_refused_with_their_client_id_and_nothing_is_stored() {
    try (ChatClient ada = ChatClient.connect(server.chat("rules?name=Ada"));
        ChatClient bob = ChatClient.connect(server.chat("rules?name=Bob"))) {
      ada.ready();
      bob.ready();
      ada.sendMessage("mine", "a1");
      ada.awaitAck("a1");
      String id = bob.await(ServerFrame.Message.class).id();

      bob.edit(id, "yours now", "b1");
      assertThat(bob.awaitError("b1")).isEqualTo("forbidden");
      bob.delete(id, "b2");
      assertThat(bob.awaitError("b2")).isEqualTo("forbidden");
      bob.edit("nosuch", "x", "b3");
      assertThat(bob.awaitError("b3")).isEqualTo("not_found");
      bob.react("nosuch", "👍", true, "b4");
      assertThat(bob.awaitError("b4")).isEqualTo("not_found");
      bob.sendReply("to nothing", "b5", "nosuch");
      assertThat(bob.awaitError("b5")).isEqualTo("not_found");
      bob.react(id, "ok", true, "b6");
      assertThat(bob.awaitError("b6")).isEqualTo("bad_frame");
      bob.send("{\"type\":\"delete\",\"id\":\"" + id + "\"}");
      bob.await(ServerFrame.Error.class, e -> e.clientId() == null && e.code().equals("bad_frame"));
      ada.edit(id, "a".repeat(2001), "a2");
      assertThat(ada.awaitError("a2")).isEqualTo("too_large");

      ada.delete(id, "a3");
      assertThat(ada.awaitAck("a3")).isEqualTo(2);
      ada.edit(id, "back", "a4");
      assertThat(ada.awaitError("a4")).isEqualTo("not_found");
      bob.react(id, "👍", true, "b7");
      assertThat(bob.awaitError("b7")).isEqualTo("not_found");
      bob.sendReply("to a tombstone", "b8", id);
      assertThat(bob.awaitError("b8")).isEqualTo("not_found");
      assertThat(bob.frames(ServerFrame.Edited.class)).isEmpty();
      assertThat(bob.frames(ServerFrame.Reaction.class)).isEmpty();
    }
    try (ChatClient cy = ChatClient.connect(server.chat("rules?name=Cy"))) {
      assertThat(cy.ready().seq()).isEqualTo(2);
      assertThat(cy.await(ServerFrame.History.class).messages()).hasSize(1);
    }
  }

  @Test
  void a_delete_leaves_a_tombstone_everywhere_and_erases_the_quotes_of_it() {
    try (ChatClient ada = ChatClient.connect(server.chat("delete?name=Ada"));
        ChatClient bob = ChatClient.connect(server.chat("delete?name=Bob"));
        ChatClient plain = ChatClient.connectOffering(server.chat("delete?name=Plain"))) {
      ada.ready();
      bob.ready();
      ada.sendMessage("the secret plan", "a1");
      String id = bob.await(ServerFrame.Message.class).id();
      bob.sendReply("what plan?", "b1", id);
      ServerFrame.Message reply = ada.await(ServerFrame.Message.class, m -> m.seq() == 2);
      assertThat(reply.replyTo().id()).isEqualTo(id);
      assertThat(reply.replyTo().seq()).isEqualTo(1);
      assertThat(reply.replyTo().name()).isEqualTo("Ada");
      assertThat(reply.replyTo().excerpt()).isEqualTo("the secret plan");
      assertThat(reply.replyTo().deleted()).isNull();
      await().until(() -> plain.rawFrames().size() >= 2);

      ada.delete(id, "a2");
      assertThat(ada.awaitAck("a2")).isEqualTo(3);
      ServerFrame.Deleted deleted = bob.await(ServerFrame.Deleted.class);
      assertThat(deleted.seq()).isEqualTo(3);
      assertThat(deleted.id()).isEqualTo(id);

      ada.sendMessage("after", "a3");
      await().until(() -> plain.rawFrames().stream().anyMatch(f -> f.contains("after")));
      assertThat(plain.rawFrames()).noneMatch(f -> f.contains("\"type\":\"deleted\""));
    }
    try (ChatClient cy = ChatClient.connect(server.chat("delete?name=Cy"));
        ChatClient plain = ChatClient.connectOffering(server.chat("delete?name=Plain"))) {
      List<ServerFrame.Message> history = cy.await(ServerFrame.History.class).messages();
      ServerFrame.Message tombstone = history.get(0);
      assertThat(tombstone.message()).isEmpty();
      assertThat(tombstone.deleted()).isNotNull();
      assertThat(tombstone.from()).isNotBlank();
      assertThat(tombstone.name()).isEqualTo("Ada");
      assertThat(history.get(1).replyTo().excerpt()).isNull();
      assertThat(history.get(1).replyTo().deleted()).isTrue();
      assertThat(cy.rawFrames()).noneMatch(f -> f.contains("secret"));
      // The article's client is shown what is left to read, not an empty row.
      await().until(() -> plain.rawFrames().size() >= 2);
      assertThat(plain.rawFrames()).hasSize(2).noneMatch(f -> f.contains("\"type\":\"deleted\""));
    }
    assertThat(server.get("/api/rooms/delete/messages").body()).doesNotContain("secret");
  }

  @Test
  void reactions_are_one_per_person_and_emoji_with_counts_for_everyone_and_mine_per_recipient() {
    String adaToken = session("Ada");
    String bobToken = session("Bob");
    String id;
    try (ChatClient ada = as(adaToken, "react");
        ChatClient bob = as(bobToken, "react")) {
      ada.ready();
      ServerFrame.Ready bobReady = bob.ready();
      ada.sendMessage("lunch?", "a1");
      id = bob.await(ServerFrame.Message.class).id();
      bob.react(id, "👍", true, "r1");
      assertThat(bob.awaitAck("r1")).isEqualTo(2);
      assertThat(ada.await(ServerFrame.Reaction.class))
          .isEqualTo(new ServerFrame.Reaction(2, id, "👍", bobReady.you(), true, 1));
      ada.react(id, "👍", true, "r2");
      assertThat(ada.awaitAck("r2")).isEqualTo(3);
      assertThat(bob.await(ServerFrame.Reaction.class, r -> r.seq() == 3).count()).isEqualTo(2);
      bob.react(id, "👍", true, "r3");
      assertThat(bob.awaitAck("r3")).isEqualTo(3); // already on: nothing stored
      bob.react(id, "🎉", true, "r4");
      assertThat(bob.awaitAck("r4")).isEqualTo(4);
      bob.react(id, "👍", false, "r5");
      assertThat(bob.awaitAck("r5")).isEqualTo(5);
      ServerFrame.Reaction off = ada.await(ServerFrame.Reaction.class, r -> r.seq() == 5);
      assertThat(off.on()).isFalse();
      assertThat(off.count()).isEqualTo(1);
      assertThat(ada.frames(ServerFrame.Reaction.class))
          .extracting(ServerFrame.Reaction::seq)
          .containsExactly(2L, 3L, 4L, 5L);
    }
    try (ChatClient bobAgain = as(bobToken, "react")) {
      assertThat(bobAgain.await(ServerFrame.History.class).messages().getFirst().reactions())
          .containsExactlyInAnyOrder(
              new ReactionSummary("👍", 1, false), new ReactionSummary("🎉", 1, true));
    }
    JsonNode asAda = json(getAs(adaToken, "/api/rooms/react/messages"));
    JsonNode reactions = asAda.get("messages").get(0).get("reactions");
    assertThat(reactions).hasSize(2);
    for (JsonNode reaction : reactions) {
      assertThat(reaction.get("mine").asBoolean())
          .isEqualTo(reaction.get("emoji").asText().equals("👍"));
      assertThat(reaction.get("count").asInt()).isEqualTo(1);
    }
  }

  @Test
  void a_change_resent_with_its_client_id_is_acked_with_the_original_seq_and_not_applied_again() {
    try (ChatClient ada = ChatClient.connect(server.chat("resend?name=Ada"));
        ChatClient bob = ChatClient.connect(server.chat("resend?name=Bob"))) {
      ada.ready();
      bob.ready();
      ada.sendMessage("draft", "m1");
      String id = bob.await(ServerFrame.Message.class).id();
      ada.edit(id, "first edit", "e1");
      assertThat(ada.awaitAck("e1")).isEqualTo(2);
      ada.edit(id, "second edit", "e1");
      bob.react(id, "👍", true, "r1");
      assertThat(bob.awaitAck("r1")).isEqualTo(3);
      bob.react(id, "👍", true, "r1");
      bob.react(id, "👍", false, "r1");
      await().until(() -> bob.frames(ServerFrame.Ack.class).size() == 3);
      assertThat(bob.frames(ServerFrame.Ack.class))
          .extracting(ServerFrame.Ack::seq)
          .containsOnly(3L);
      assertThat(ada.frames(ServerFrame.Ack.class))
          .filteredOn(a -> a.clientId().equals("e1"))
          .extracting(ServerFrame.Ack::seq)
          .containsExactly(2L, 2L);
      JsonNode shown = json(server.get("/api/rooms/resend/messages").body()).get("messages").get(0);
      assertThat(shown.get("message").asText()).isEqualTo("first edit");
      assertThat(shown.get("reactions").get(0).get("count").asInt()).isEqualTo(1);
      ada.delete(id, "d1");
      assertThat(ada.awaitAck("d1")).isEqualTo(4);
      ada.delete(id, "d1");
      await().until(() -> ada.frames(ServerFrame.Ack.class).size() == 5);
      assertThat(ada.frames(ServerFrame.Ack.class).getLast().seq()).isEqualTo(4);
      assertThat(bob.frames(ServerFrame.Edited.class)).hasSize(1);
      assertThat(bob.frames(ServerFrame.Deleted.class)).hasSize(1);
      assertThat(bob.frames(ServerFrame.Reaction.class)).hasSize(1);
    }
    try (ChatClient cy = ChatClient.connect(server.chat("resend?name=Cy"))) {
      assertThat(cy.ready().seq()).isEqualTo(4);
    }
  }

  @Test
  void change_frames_count_against_the_same_rate_limits_as_sends() {
    try (ChatClient ada = ChatClient.connect(server.chat("flood-changes?name=Ada"))) {
      ada.ready();
      ada.sendMessage("vote", "m");
      String id = ada.await(ServerFrame.Message.class).id();
      java.util.stream.IntStream.range(0, 20)
          .forEach(i -> ada.react(id, "👍", i % 2 == 0, "r" + i));
      ServerFrame.Error limited =
          ada.await(ServerFrame.Error.class, e -> e.code().equals("rate_limited"));
      assertThat(limited.clientId()).startsWith("r");
      // Every change is answered once: stored (or unchanged) and acked, or refused.
      await()
          .until(
              () ->
                  ada.frames(ServerFrame.Ack.class).size()
                          + ada.frames(ServerFrame.Error.class).size()
                      == 21);
      assertThat(ada.frames(ServerFrame.Error.class))
          .allMatch(e -> e.code().equals("rate_limited"));
    }
  }

  // Helpers shared with the resume tests.

  static ChatClient as(TestServer server, String token, String roomAndQuery) {
    return ChatClient.connect(server.chat(roomAndQuery), "Authorization", "Bearer " + token);
  }

  static String getAs(TestServer server, String token, String path) {
    return server
        .send(
            HttpRequest.newBuilder(server.http(path))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build())
        .body();
  }

  private static String session(String name) {
    return server.signIn(name).token();
  }

  private static ChatClient as(String token, String roomAndQuery) {
    return as(server, token, roomAndQuery);
  }

  private static String getAs(String token, String path) {
    return getAs(server, token, path);
  }

  static JsonNode json(String body) {
    try {
      return FrameCodec.json().readTree(body);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
