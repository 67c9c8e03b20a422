package dev.dormouse.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.ChatClient;
import dev.dormouse.TestServer;
import dev.dormouse.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rooms over real WebSockets: order, history, resume, presence, typing and idempotent sends. */
class ChatRoomTest {

  @RegisterExtension
  static final TestServer server =
      TestServer.perClass(
          Map.of(
              "dormouse.limits.send-burst",
              1000,
              "dormouse.limits.user-send-burst",
              1000,
              "dormouse.limits.send-per-second",
              1000,
              "dormouse.limits.user-send-per-second",
              1000,
              "dormouse.limits.address-send-burst",
              1000,
              "dormouse.limits.address-send-per-second",
              1000,
              "dormouse.limits.room-post-burst",
              1000,
              "dormouse.limits.room-posts-per-second",
              1000,
              "dormouse.room.resume-limit",
              5));

  @Test
  void concurrent_senders_are_seen_by_everyone_in_one_gapless_seq_order() {
    List<ChatClient> clients = new ArrayList<>();
    for (String name : List.of("Ada", "Bob", "Cy")) {
      clients.add(ChatClient.connect(server.chat("order?name=" + name)));
    }
    clients.forEach(ChatClient::ready);
    List<CompletableFuture<Void>> senders =
        clients.stream()
            .map(
                client ->
                    CompletableFuture.runAsync(
                        () ->
                            IntStream.range(0, 20)
                                .forEach(
                                    i -> client.sendMessage("n" + i, client.hashCode() + "-" + i))))
            .toList();
    senders.forEach(CompletableFuture::join);

    for (ChatClient client : clients) {
      client.awaitMessages(60);
      List<Long> seqs = client.messages().stream().map(ServerFrame.Message::seq).toList();
      assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, 60).boxed().toList());
    }
    assertThat(clients.get(0).messages())
        .isEqualTo(clients.get(1).messages())
        .isEqualTo(clients.get(2).messages());
    clients.forEach(ChatClient::close);
  }

  @Test
  void under_load_a_room_stores_many_messages_per_transaction_and_one_when_quiet() {
    double before = server.metric("dormouse_store_batch_messages_count");
    try (ChatClient ada = ChatClient.connect(server.chat("batching?name=Ada"))) {
      ada.ready();
      ada.sendMessage("alone", "quiet");
      ada.await(ServerFrame.Ack.class);
      assertThat(server.metric("dormouse_store_batch_messages_count")).isEqualTo(before + 1);
      assertThat(server.metric("dormouse_store_batch_messages_max")).isGreaterThanOrEqualTo(1);

      IntStream.range(0, 300).forEach(i -> ada.sendMessage("busy " + i, "busy-" + i));
      ada.await(ServerFrame.Ack.class, ack -> ack.clientId().equals("busy-299"));
      double transactions = server.metric("dormouse_store_batch_messages_count") - before - 1;
      assertThat(transactions).as("transactions for 300 messages sent at once").isLessThan(300);
      assertThat(server.metric("dormouse_store_batch_messages_max")).isGreaterThan(1);
    }
  }

  @Test
  void the_server_assigns_identity_seq_and_time() {
    try (ChatClient ada = ChatClient.connect(server.chat("identity?name=Ada"))) {
      ServerFrame.Ready ready = ada.ready();
      assertThat(ready.you().name()).isEqualTo("Ada");
      assertThat(ready.protocol()).isEqualTo(ServerFrame.PROTOCOL_VERSION);
      ada.send(
          "{\"type\":\"send\",\"text\":\"hi\",\"clientId\":\"c1\",\"from\":\"mallory\",\"seq\":99,\"timestamp\":1}");
      ServerFrame.Message message = ada.await(ServerFrame.Message.class);
      assertThat(message.from()).isEqualTo(ready.you().id());
      assertThat(message.seq()).isEqualTo(1);
      assertThat(message.timestamp()).isGreaterThan(1_700_000_000_000L);
    }
  }

  @Test
  void the_articles_plain_text_frames_are_chat_messages() {
    try (ChatClient ada = ChatClient.connect(server.chat("plain?name=Ada"))) {
      ada.ready();
      ada.send("hello");
      assertThat(ada.await(ServerFrame.Message.class).message()).isEqualTo("hello");
    }
  }

  @Test
  void a_joiner_gets_ready_then_the_latest_fifty_messages_then_presence() {
    try (ChatClient ada = ChatClient.connect(server.chat("history?name=Ada"))) {
      ada.ready();
      IntStream.rangeClosed(1, 60).forEach(i -> ada.sendMessage("m" + i, "h" + i));
      ada.await(ServerFrame.Ack.class, ack -> ack.seq() == 60);
    }
    try (ChatClient bob = ChatClient.connect(server.chat("history?name=Bob"))) {
      bob.await(ServerFrame.Presence.class);
      List<ServerFrame> frames = bob.frames();
      assertThat(frames.get(0)).isInstanceOf(ServerFrame.Ready.class);
      assertThat(((ServerFrame.Ready) frames.get(0)).seq()).isEqualTo(60);
      ServerFrame.History history = (ServerFrame.History) frames.get(1);
      assertThat(history.messages()).hasSize(50);
      assertThat(history.messages().get(0).seq()).isEqualTo(11);
      assertThat(history.messages().get(49).seq()).isEqualTo(60);
      assertThat(history.hasMore()).isTrue();
      assertThat(frames.get(2)).isInstanceOf(ServerFrame.Presence.class);
    }
  }

  @Test
  void resuming_with_since_replays_exactly_the_missed_messages() {
    try (ChatClient ada = ChatClient.connect(server.chat("resume?name=Ada"))) {
      ada.ready();
      IntStream.rangeClosed(1, 4).forEach(i -> ada.sendMessage("m" + i, "r" + i));
      ada.await(ServerFrame.Ack.class, ack -> ack.seq() == 4);
    }
    try (ChatClient back = ChatClient.connect(server.chat("resume?name=Ada&since=1"))) {
      ServerFrame.History history = back.await(ServerFrame.History.class);
      assertThat(history.messages())
          .extracting(ServerFrame.Message::seq)
          .containsExactly(2L, 3L, 4L);
      assertThat(back.frames(ServerFrame.Gap.class)).isEmpty();
    }
  }

  @Test
  void a_resume_past_the_replay_limit_announces_the_gap_before_history() {
    try (ChatClient ada = ChatClient.connect(server.chat("gap?name=Ada"))) {
      ada.ready();
      IntStream.rangeClosed(1, 12).forEach(i -> ada.sendMessage("m" + i, "g" + i));
      ada.await(ServerFrame.Ack.class, ack -> ack.seq() == 12);
    }
    try (ChatClient back = ChatClient.connect(server.chat("gap?since=2"))) {
      ServerFrame.History history = back.await(ServerFrame.History.class);
      List<ServerFrame> frames = back.frames();
      assertThat(frames.get(1)).isEqualTo(new ServerFrame.Gap(3, 7, "resume_limit"));
      assertThat(history.messages())
          .extracting(ServerFrame.Message::seq)
          .containsExactly(8L, 9L, 10L, 11L, 12L);
    }
  }

  @Test
  void a_resend_with_a_known_client_id_is_acked_with_the_original_seq_and_not_stored_again() {
    try (ChatClient ada = ChatClient.connect(server.chat("idem?name=Ada"));
        ChatClient bob = ChatClient.connect(server.chat("idem?name=Bob"))) {
      ada.ready();
      bob.ready();
      ada.sendMessage("once", "same-id");
      ada.await(ServerFrame.Ack.class, ack -> ack.seq() == 1);
      ada.sendMessage("once", "same-id");
      ada.sendMessage("next", "other-id");
      ada.await(ServerFrame.Ack.class, ack -> ack.clientId().equals("other-id"));
      assertThat(ada.frames(ServerFrame.Ack.class))
          .containsExactly(
              new ServerFrame.Ack("same-id", 1),
              new ServerFrame.Ack("same-id", 1),
              new ServerFrame.Ack("other-id", 2));
      bob.awaitMessages(2);
      assertThat(bob.messages())
          .extracting(ServerFrame.Message::message)
          .containsExactly("once", "next");
    }
    assertThat(server.get("/api/rooms/idem/messages").body()).containsOnlyOnce("\"once\"");
  }

  @Test
  void presence_follows_people_joining_and_leaving() {
    try (ChatClient ada = ChatClient.connect(server.chat("presence?name=Ada"))) {
      ada.ready();
      ChatClient bob = ChatClient.connect(server.chat("presence?name=Bob"));
      ada.awaitOnline("Ada", "Bob");
      // The joiner's first presence is the whole list; the others hear a delta.
      assertThat(bob.await(ServerFrame.Presence.class).online())
          .extracting(u -> u.name())
          .containsExactly("Ada", "Bob");
      assertThat(ada.frames(ServerFrame.Presence.class).getLast().joined())
          .extracting(u -> u.name())
          .contains("Bob");
      bob.close();
      ada.awaitOnline("Ada");
      assertThat(ada.frames(ServerFrame.Presence.class).getLast().count()).isEqualTo(1);
    }
  }

  @Test
  void a_socket_closed_before_its_join_is_answered_never_lingers_in_presence() {
    for (int i = 0; i < 10; i++) {
      dev.dormouse.RawSocket.open(server.port(), "/api/chat/ghosts?name=Ghost").close();
    }
    try (ChatClient watcher = ChatClient.connect(server.chat("ghosts?name=Watcher"))) {
      watcher.awaitOnline("Watcher");
    }
  }

  @Test
  void typing_reaches_the_others_but_not_the_typist() {
    try (ChatClient ada = ChatClient.connect(server.chat("typing?name=Ada"));
        ChatClient bob = ChatClient.connect(server.chat("typing?name=Bob"))) {
      ada.ready();
      bob.ready();
      ada.send("{\"type\":\"typing\"}");
      assertThat(bob.await(ServerFrame.Typing.class).user().name()).isEqualTo("Ada");
      ada.sendMessage("after typing", "t1");
      ada.await(ServerFrame.Message.class);
      assertThat(ada.frames(ServerFrame.Typing.class)).isEmpty();
    }
  }

  @Test
  void typing_frames_beyond_one_per_interval_are_dropped() {
    try (ChatClient ada = ChatClient.connect(server.chat("typing-flood?name=Ada"));
        ChatClient bob = ChatClient.connect(server.chat("typing-flood?name=Bob"))) {
      ada.ready();
      bob.ready();
      IntStream.range(0, 20).forEach(i -> ada.send("{\"type\":\"typing\"}"));
      ada.sendMessage("done typing", "t-done");
      bob.await(ServerFrame.Message.class);
      assertThat(bob.frames(ServerFrame.Typing.class)).hasSizeLessThanOrEqualTo(2);
      assertThat(ada.frames(ServerFrame.Error.class)).isEmpty();
    }
  }

  @Test
  void names_are_cleaned_and_bad_ones_replaced() {
    try (ChatClient odd = ChatClient.connect(server.chat("names?name=%E2%80%AEAda%07%20"));
        ChatClient none = ChatClient.connect(server.chat("names"))) {
      assertThat(odd.ready().you().name()).isEqualTo("Ada");
      assertThat(none.ready().you().name()).matches("Guest \\d{4}");
    }
  }
}
