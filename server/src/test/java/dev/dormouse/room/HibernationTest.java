package dev.dormouse.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.ChatClient;
import dev.dormouse.TestServer;
import dev.dormouse.http.RoomsTest;
import dev.dormouse.protocol.ServerFrame;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Rooms passivate when idle while their sockets stay open, and wake with nothing lost. */
class HibernationTest {

  @Test
  void an_idle_room_passivates_and_the_next_frame_wakes_it_with_identity_and_seq_intact() {
    try (TestServer server = TestServer.start(Map.of("dormouse.room.idle-timeout", "500ms"));
        ChatClient ada = ChatClient.connect(server.chat("sleepy?name=Ada"));
        ChatClient bob = ChatClient.connect(server.chat("sleepy?name=Bob"))) {
      ServerFrame.Ready adaReady = ada.ready();
      bob.ready();
      ada.sendMessage("before sleep", "c1");
      bob.await(ServerFrame.Message.class, m -> m.seq() == 1);

      awaitAsleep(server);
      double wakes = server.metric("dormouse_room_wakes_total");
      assertThat(ada.isClosed()).isFalse();

      ada.sendMessage("after sleep", "c2");
      ServerFrame.Message woken = bob.await(ServerFrame.Message.class, m -> m.seq() == 2);
      assertThat(woken.from()).isEqualTo(adaReady.you().id());
      assertThat(woken.name()).isEqualTo("Ada");
      assertThat(server.metric("dormouse_room_wakes_total")).isEqualTo(wakes + 1);

      // The woken room found both sockets through the gateway: Bob leaving is announced to Ada.
      bob.close();
      ada.awaitOnline("Ada");
    }
  }

  @Test
  void ping_is_answered_without_waking_the_room() {
    try (TestServer server = TestServer.start(Map.of("dormouse.room.idle-timeout", "300ms"));
        ChatClient ada = ChatClient.connect(server.chat("napping"))) {
      ada.ready();
      awaitAsleep(server);
      double wakes = server.metric("dormouse_room_wakes_total");
      for (int i = 0; i < 5; i++) {
        ada.send("ping");
      }
      Awaitility.await().until(() -> ada.rawFrames().stream().filter("pong"::equals).count() == 5);
      assertThat(server.metric("dormouse_room_wakes_total")).isEqualTo(wakes);
      assertThat(server.metric("dormouse_rooms_awake")).isZero();
    }
  }

  @Test
  void history_survives_a_restart_on_the_same_data_dir() {
    TestServer server = TestServer.start(Map.of());
    try (ChatClient ada = ChatClient.connect(server.chat("durable?name=Ada"))) {
      ada.ready();
      ada.sendMessage("kept", "k1");
      ada.await(ServerFrame.Ack.class);
    }
    server = server.restart();
    try (ChatClient bob = ChatClient.connect(server.chat("durable?name=Bob"))) {
      assertThat(bob.ready().seq()).isEqualTo(1);
      assertThat(bob.await(ServerFrame.History.class).messages())
          .extracting(ServerFrame.Message::message)
          .containsExactly("kept");
      bob.sendMessage("next", "k1-again");
      assertThat(bob.await(ServerFrame.Ack.class).seq()).isEqualTo(2);
      bob.sendMessage("kept", "k1");
      assertThat(bob.await(ServerFrame.Ack.class, ack -> ack.clientId().equals("k1")).seq())
          .isEqualTo(1);
    } finally {
      server.close();
    }
  }

  @Test
  void a_resume_from_before_what_retention_kept_is_told_which_range_is_gone() {
    try (TestServer server =
        TestServer.start(
            Map.of(
                "dormouse.room.retention.max-messages",
                3,
                "dormouse.room.retention.sweep-interval",
                "200ms"))) {
      try (ChatClient ada = ChatClient.connect(server.chat("short-memory?name=Ada"))) {
        ada.ready();
        for (int i = 1; i <= 8; i++) {
          ada.sendMessage("m" + i, "c" + i);
        }
        ada.await(ServerFrame.Ack.class, ack -> ack.seq() == 8);
      }
      Awaitility.await()
          .until(
              () -> !server.get("/api/rooms/short-memory/messages").body().contains("\"seq\":5,"));
      try (ChatClient back = ChatClient.connect(server.chat("short-memory?since=2"))) {
        ServerFrame.History history = back.await(ServerFrame.History.class);
        assertThat(back.frames().get(1)).isEqualTo(new ServerFrame.Gap(3, 5, "expired"));
        assertThat(history.messages())
            .extracting(ServerFrame.Message::seq)
            .containsExactly(6L, 7L, 8L);
        assertThat(history.hasMore()).isFalse();
      }
    }
  }

  @Test
  void shutdown_closes_every_socket_with_1012() {
    TestServer server = TestServer.start(Map.of());
    try (ChatClient ada = ChatClient.connect(server.chat("restart"));
        ChatClient bob = ChatClient.connect(server.chat("elsewhere"))) {
      ada.ready();
      bob.ready();
      server.close();
      assertThat(ada.awaitClose()).isEqualTo(1012);
      assertThat(bob.awaitClose()).isEqualTo(1012);
    }
  }

  @Test
  void a_room_that_sleeps_keeps_each_persons_slow_mode_wait() {
    try (TestServer server = TestServer.start(Map.of("dormouse.room.idle-timeout", "300ms"))) {
      RoomsTest.Person owner = RoomsTest.signIn(server, "Owner");
      RoomsTest.Person ada = RoomsTest.signIn(server, "Ada");
      String room = RoomsTest.create(server, owner, "{\"slowModeSeconds\":600}");
      try (ChatClient a = RoomsTest.join(server, room, ada)) {
        long seq = a.sendMessage("one", "a-1").awaitAck("a-1");
        awaitAsleep(server);

        a.sendMessage("two", "a-2");
        ServerFrame.Error slowed =
            a.await(ServerFrame.Error.class, e -> "a-2".equals(e.clientId()));
        // The resend of the message the room took before it slept is still acked, not slowed.
        a.sendMessage("one", "a-1");
        Awaitility.await()
            .until(
                () ->
                    a.frames(ServerFrame.Ack.class).stream()
                            .filter(ack -> ack.clientId().equals("a-1") && ack.seq() == seq)
                            .count()
                        == 2);

        assertThat(slowed.code()).isEqualTo("slow_mode");
        assertThat(slowed.until()).isGreaterThan(System.currentTimeMillis() + 500_000);
        assertThat(a.frames(ServerFrame.Error.class)).noneMatch(e -> "a-1".equals(e.clientId()));
      }
    }
  }

  private static void awaitAsleep(TestServer server) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                server.metric("dormouse_rooms_awake") == 0
                    && server.metric("dormouse_room_sleeps_total") >= 1);
  }
}
