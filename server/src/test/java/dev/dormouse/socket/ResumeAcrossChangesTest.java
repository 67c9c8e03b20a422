package dev.dormouse.socket;

import static dev.dormouse.socket.MessageChangesTest.as;
import static dev.dormouse.socket.MessageChangesTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dormouse.ChatClient;
import dev.dormouse.TestServer;
import dev.dormouse.protocol.ServerFrame;
import dev.dormouse.room.RoomId;
import dev.dormouse.store.Change;
import dev.dormouse.store.MessageStore;
import dev.dormouse.store.NewChange;
import dev.dormouse.store.NewMessage;
import dev.dormouse.store.Stores;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Changes are entries of the log, so a client that comes back with {@code since} gets each of them
 * exactly once: the messages after its seq in current state, and in {@code history.updated} the
 * ones it already had that changed meanwhile. Once from the room's memory, once from the store (a
 * room that keeps only two messages in memory), and for a live socket that missed entries.
 */
class ResumeAcrossChangesTest {

  @RegisterExtension static final TestServer memory = TestServer.perClass(Map.of());

  @RegisterExtension
  static final TestServer store =
      TestServer.perClass(
          Map.of("dormouse.room.history-on-join", 2, "dormouse.room.idle-timeout", "1s"));

  @Test
  void a_resume_from_the_rooms_memory_replays_every_kind_of_change_once() {
    resumeAcrossEveryKindOfChange(memory);
  }

  @Test
  void a_resume_from_the_store_replays_every_kind_of_change_once() {
    resumeAcrossEveryKindOfChange(store);
  }

  private static void resumeAcrossEveryKindOfChange(TestServer server) {
    String room = "resume";
    String adaToken = server.signIn("Ada").token();
    String cyToken = server.signIn("Cy").token();
    try (ChatClient ada = as(server, adaToken, room)) {
      ada.ready();
      ada.sendMessage("m1", "a1");
      ada.sendMessage("m2", "a2");
      assertThat(ada.awaitAck("a2")).isEqualTo(2);
      List<ServerFrame.Message> first = ada.messages();
      String m1 = first.get(0).id();
      String m2 = first.get(1).id();
      String epoch;
      try (ChatClient cy = as(server, cyToken, room)) {
        ServerFrame.Ready ready = cy.ready();
        assertThat(ready.seq()).isEqualTo(2);
        epoch = ready.epoch();
      }
      ada.edit(m1, "m1 edited", "a3"); // 3: a message older than since
      ada.react(m2, "👍", true, "a4"); // 4
      ada.sendMessage("m3", "a5"); // 5
      ada.sendReply("re m1", "a6", m1); // 6
      assertThat(ada.awaitAck("a6")).isEqualTo(6);
      String m3 = ada.await(ServerFrame.Message.class, m -> m.seq() == 5).id();
      ada.edit(m3, "m3 edited", "a7"); // 7: a message after since
      ada.delete(m2, "a8"); // 8
      ada.react(m3, "🎉", true, "a9"); // 9
      assertThat(ada.awaitAck("a9")).isEqualTo(9);

      try (ChatClient cy = as(server, cyToken, room + "?since=2&epoch=" + epoch + "&last=" + m2)) {
        assertThat(cy.ready().seq()).isEqualTo(9);
        ServerFrame.History history = cy.await(ServerFrame.History.class);
        assertThat(cy.frames(ServerFrame.Reset.class)).isEmpty();
        assertThat(cy.frames(ServerFrame.Gap.class)).isEmpty();
        assertThat(history.messages()).extracting(ServerFrame.Message::seq).containsExactly(5L, 6L);
        ServerFrame.Message third = history.messages().get(0);
        assertThat(third.message()).isEqualTo("m3 edited");
        assertThat(third.edited()).isNotNull();
        assertThat(third.reactions())
            .singleElement()
            .satisfies(r -> assertThat(r.emoji()).isEqualTo("🎉"));
        assertThat(third.reactions().getFirst().mine()).isFalse();
        ServerFrame.Message reply = history.messages().get(1);
        assertThat(reply.replyTo().id()).isEqualTo(m1);
        assertThat(reply.replyTo().excerpt()).isEqualTo("m1 edited");
        assertThat(history.updated()).extracting(ServerFrame.Message::seq).containsExactly(1L, 2L);
        assertThat(history.updated().get(0).message()).isEqualTo("m1 edited");
        assertThat(history.updated().get(1).deleted()).isNotNull();
        assertThat(history.updated().get(1).message()).isEmpty();
        assertThat(history.updated().get(1).reactions()).isNull();

        ada.edit(m1, "m1 again", "a10");
        ServerFrame.Edited live = cy.await(ServerFrame.Edited.class);
        assertThat(live.seq()).isEqualTo(10);
        // The changes already shown in history never come as frames of their own.
        assertThat(cy.frames(ServerFrame.Edited.class)).hasSize(1);
        assertThat(cy.frames(ServerFrame.Deleted.class)).isEmpty();
        assertThat(cy.frames(ServerFrame.Reaction.class)).isEmpty();
      }

      // A resume whose seq is a change names the message that change changed.
      try (ChatClient cy = as(server, cyToken, room + "?since=9&epoch=" + epoch + "&last=" + m3)) {
        cy.await(ServerFrame.History.class);
        assertThat(cy.frames(ServerFrame.Reset.class)).isEmpty();
      }
      try (ChatClient cy = as(server, cyToken, room + "?since=9&epoch=" + epoch + "&last=" + m1)) {
        cy.await(ServerFrame.Reset.class);
      }

      // A fresh join sees the room in its current state.
      try (ChatClient bo = ChatClient.connect(server.chat(room + "?name=Bo"))) {
        List<ServerFrame.Message> all = bo.await(ServerFrame.History.class).messages();
        assertThat(all).extracting(ServerFrame.Message::message).endsWith("m3 edited", "re m1");
        assertThat(bo.frames(ServerFrame.History.class).getFirst().updated()).isNull();
      }
    }
    // Over HTTP, an after= page carries the older messages changed within its range.
    JsonNode page = json(server.get("/api/rooms/resume/messages?after=2").body());
    assertThat(page.get("messages")).hasSize(2);
    assertThat(page.get("updated")).hasSize(2);
    assertThat(page.get("updated").get(0).get("message").asText()).isEqualTo("m1 again");
    assertThat(page.get("updated").get(1).get("message").asText()).isEmpty();
    JsonNode narrow = json(server.get("/api/rooms/resume/messages?after=2&limit=1").body());
    assertThat(narrow.get("hasMore").asBoolean()).isTrue();
    // Through seq 5 only the edit of m1 (3) and the reaction to m2 (4) happened.
    assertThat(narrow.get("updated")).hasSize(2);
    JsonNode later = json(server.get("/api/rooms/resume/messages?after=6").body());
    assertThat(later.get("messages")).isEmpty();
    assertThat(later.get("updated")).extracting(JsonNode::toString).hasSize(3);
  }

  @Test
  void a_live_socket_that_missed_entries_fetches_changes_as_changes_in_seq_order() {
    String room = "missed";
    try (ChatClient ada = ChatClient.connect(store.chat(room + "?name=Ada"))) {
      ServerFrame.Ready ready = ada.ready();
      ada.sendMessage("before", "a1");
      assertThat(ada.awaitAck("a1")).isEqualTo(1);
      String id = ada.await(ServerFrame.Message.class).id();
      await().until(() -> store.metric("dormouse_rooms_awake") == 0);
      // Entries the room never broadcast, as a room on another node might have stored them.
      try (MessageStore elsewhere = Stores.sqlite(store.dataDir())) {
        elsewhere
            .append(
                new RoomId(room),
                1,
                List.of(
                    new NewChange(
                        "x1",
                        ready.you().id(),
                        "Ada",
                        Change.Kind.EDIT,
                        id,
                        "after",
                        null,
                        2L,
                        "x1"),
                    new NewChange("x2", "u_bo", "Bo", Change.Kind.REACT, id, null, "👍", 3L, "x2"),
                    new NewMessage("x3", "u_bo", "Bo", "new", 4L, "x3")))
            .toCompletableFuture()
            .join();
      }
      // Waking the room tells every socket its seq; Ada's sees it missed 2..4.
      try (ChatClient bo = ChatClient.connect(store.chat(room + "?name=Bo"))) {
        assertThat(bo.ready().seq()).isEqualTo(4);
        // The room woke with its newest messages in current state, as the store holds them.
        List<ServerFrame.Message> shown = bo.await(ServerFrame.History.class).messages();
        assertThat(shown).extracting(ServerFrame.Message::message).containsExactly("after", "new");
        assertThat(shown.getFirst().edited()).isEqualTo(2L);
        assertThat(shown.getFirst().reactions())
            .containsExactly(new dev.dormouse.protocol.ReactionSummary("👍", 1, false));
        ada.await(ServerFrame.Message.class, m -> m.seq() == 4);
        List<Long> seqs =
            ada.frames().stream()
                .filter(
                    f ->
                        f instanceof ServerFrame.Edited
                            || f instanceof ServerFrame.Reaction
                            || f instanceof ServerFrame.Message)
                .map(
                    f ->
                        switch (f) {
                          case ServerFrame.Edited e -> e.seq();
                          case ServerFrame.Reaction r -> r.seq();
                          case ServerFrame.Message m -> m.seq();
                          default -> 0L;
                        })
                .toList();
        assertThat(seqs).containsExactly(1L, 2L, 3L, 4L);
        assertThat(ada.await(ServerFrame.Edited.class).message()).isEqualTo("after");
        assertThat(ada.await(ServerFrame.Reaction.class).count()).isEqualTo(1);
      }
    }
  }
}
