package dev.dormouse.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.ChatClient;
import dev.dormouse.TestServer;
import dev.dormouse.protocol.ServerFrame;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Read markers over real sockets: where a person's marker starts, how a read moves it (clamped,
 * never back) for every tab of theirs at once, how exact the unread counts are, and that a marker
 * survives a restart.
 */
class ReadMarkerTest {

  /** Sends are not what is tested here; their budgets are lifted out of the way. */
  static Map<String, Object> settings(Object... more) {
    Map<String, Object> settings = new HashMap<>();
    for (String budget :
        new String[] {
          "send-burst",
          "send-per-second",
          "user-send-burst",
          "user-send-per-second",
          "address-send-burst",
          "address-send-per-second",
          "room-post-burst",
          "room-posts-per-second"
        }) {
      settings.put("dormouse.limits." + budget, 1000);
    }
    for (int i = 0; i < more.length; i += 2) {
      settings.put((String) more[i], more[i + 1]);
    }
    return settings;
  }

  @RegisterExtension static final TestServer server = TestServer.perClass(settings());

  static ChatClient signedIn(TestServer server, String room, String token) {
    return ChatClient.connect(server.chat(room), "Authorization", "Bearer " + token);
  }

  /** Posts the texts as {@code client} and waits until each is stored. */
  static void post(ChatClient client, String... texts) {
    for (String text : texts) {
      String clientId = "c-" + System.nanoTime();
      client.sendMessage(text, clientId);
      client.await(ServerFrame.Ack.class, ack -> ack.clientId().equals(clientId));
    }
  }

  static ChatClient read(ChatClient client, long seq) {
    return client.send("{\"type\":\"read\",\"seq\":" + seq + "}");
  }

  static ServerFrame.Read awaitRead(ChatClient client, long seq) {
    return client.await(ServerFrame.Read.class, read -> read.seq() == seq);
  }

  @Test
  void a_persons_first_join_puts_their_marker_at_the_rooms_seq_with_nothing_unread() {
    String ada = server.signIn("Ada").token();
    try (ChatClient bob = ChatClient.connect(server.chat("first-join?name=Bob"))) {
      bob.ready();
      post(bob, "one", "two", "three");
      try (ChatClient adaTab = signedIn(server, "first-join", ada)) {
        ServerFrame.Ready ready = adaTab.ready();
        assertThat(ready.seq()).isEqualTo(3);
        assertThat(ready.lastRead()).isEqualTo(3);
        assertThat(ready.unread()).isZero();
      }
      post(bob, "four", "five");
      try (ChatClient adaAgain = signedIn(server, "first-join", ada)) {
        ServerFrame.Ready ready = adaAgain.ready();
        assertThat(ready.lastRead())
            .as("the marker stayed where the first join put it")
            .isEqualTo(3);
        assertThat(ready.unread()).isEqualTo(2);
      }
    }
  }

  @Test
  void a_read_in_one_tab_reaches_every_tab_of_that_person_at_once_with_exact_counts() {
    String ada = server.signIn("Ada").token();
    try (ChatClient tab1 = signedIn(server, "two-tabs", ada);
        ChatClient tab2 = signedIn(server, "two-tabs", ada);
        ChatClient bob = ChatClient.connect(server.chat("two-tabs?name=Bob"))) {
      assertThat(tab1.ready().lastRead()).isZero();
      assertThat(tab2.ready().unread()).isZero();
      bob.ready();
      post(bob, "b1", "b2");
      post(tab1, "a3");
      post(bob, "b4", "b5");

      read(tab1, 2);
      // Seq 3 is Ada's own: only Bob's 4 and 5 are unread.
      assertThat(awaitRead(tab2, 2).unread()).isEqualTo(2);
      assertThat(awaitRead(tab1, 2).unread()).isEqualTo(2);

      read(tab2, 4);
      assertThat(awaitRead(tab1, 4).unread()).isEqualTo(1);
      assertThat(awaitRead(tab2, 4).unread()).isEqualTo(1);

      read(tab1, 1);
      read(tab1, 5);
      assertThat(awaitRead(tab2, 5).unread()).isZero();
      awaitRead(tab1, 5);
      assertThat(tab1.frames(ServerFrame.Read.class))
          .as("a read behind the marker moves nothing and is not announced")
          .extracting(ServerFrame.Read::seq)
          .containsExactly(2L, 4L, 5L);
      assertThat(tab1.frames(ServerFrame.Error.class)).isEmpty();
      assertThat(bob.frames(ServerFrame.Read.class)).as("someone else's marker").isEmpty();

      post(bob, "b6");
      try (ChatClient tab3 = signedIn(server, "two-tabs", ada)) {
        ServerFrame.Ready ready = tab3.ready();
        assertThat(ready.lastRead()).isEqualTo(5);
        assertThat(ready.unread()).isEqualTo(1);
      }
    }
  }

  @Test
  void a_read_beyond_the_room_is_clamped_to_its_seq() {
    String ada = server.signIn("Ada").token();
    try (ChatClient tab = signedIn(server, "clamped", ada);
        ChatClient bob = ChatClient.connect(server.chat("clamped?name=Bob"))) {
      tab.ready();
      bob.ready();
      post(bob, "b1", "b2");
      read(tab, 1_000_000);
      ServerFrame.Read read = tab.await(ServerFrame.Read.class);
      assertThat(read).isEqualTo(new ServerFrame.Read(2, 0));
      post(bob, "b3");
      try (ChatClient again = signedIn(server, "clamped", ada)) {
        ServerFrame.Ready ready = again.ready();
        assertThat(ready.lastRead()).as("not 1,000,000: the next message is unread").isEqualTo(2);
        assertThat(ready.unread()).isEqualTo(1);
      }
    }
  }

  @Test
  void a_read_without_a_whole_seq_of_zero_or_more_is_a_bad_frame() {
    try (ChatClient ada = ChatClient.connect(server.chat("bad-reads?name=Ada"))) {
      ada.ready();
      ada.send("{\"type\":\"read\"}");
      ada.send("{\"type\":\"read\",\"seq\":-1}");
      ada.send("{\"type\":\"read\",\"seq\":\"2\"}");
      Awaitility.await()
          .atMost(ChatClient.PATIENCE)
          .until(() -> ada.frames(ServerFrame.Error.class).size() == 3);
      assertThat(ada.frames(ServerFrame.Error.class))
          .extracting(ServerFrame.Error::code)
          .containsOnly("bad_frame");
      assertThat(ada.frames(ServerFrame.Read.class)).isEmpty();
    }
  }

  @Test
  void a_guest_without_credentials_has_a_marker_for_as_long_as_their_socket() {
    try (ChatClient bob = ChatClient.connect(server.chat("guests?name=Bob"))) {
      bob.ready();
      post(bob, "b1", "b2", "b3");
      try (ChatClient guest = ChatClient.connect(server.chat("guests?name=Guest"))) {
        ServerFrame.Ready ready = guest.ready();
        assertThat(ready.lastRead()).isEqualTo(3);
        assertThat(ready.unread()).isZero();
        post(bob, "b4", "b5");
        read(guest, 4);
        assertThat(awaitRead(guest, 4).unread()).isEqualTo(1);
      }
    }
  }

  @Test
  void unread_behind_what_the_room_holds_in_memory_is_counted_in_the_store() {
    try (TestServer small = TestServer.start(settings("dormouse.room.history-on-join", 2))) {
      String ada = small.signIn("Ada").token();
      try (ChatClient bob = ChatClient.connect(small.chat("long-backlog?name=Bob"))) {
        bob.ready();
        try (ChatClient first = signedIn(small, "long-backlog", ada)) {
          assertThat(first.ready().lastRead()).isZero();
        }
        post(bob, "b1", "b2", "b3", "b4", "b5");
        try (ChatClient tab = signedIn(small, "long-backlog", ada)) {
          ServerFrame.Ready ready = tab.ready();
          assertThat(ready.lastRead()).isZero();
          assertThat(ready.unread()).isEqualTo(5);
          read(tab, 1);
          assertThat(awaitRead(tab, 1).unread()).isEqualTo(4);
          read(tab, 4);
          assertThat(awaitRead(tab, 4).unread()).isEqualTo(1);
        }
      }
    }
  }

  @Test
  void a_marker_is_kept_across_a_restart_on_the_same_sqlite_file() {
    TestServer node = TestServer.start(settings());
    String ada = node.signIn("Ada").token();
    try {
      try (ChatClient tab = signedIn(node, "kept", ada);
          ChatClient bob = ChatClient.connect(node.chat("kept?name=Bob"))) {
        tab.ready();
        bob.ready();
        post(bob, "b1", "b2", "b3");
        read(tab, 2);
        awaitRead(tab, 2);
      }
      node = node.restart();
      try (ChatClient tab = signedIn(node, "kept", ada)) {
        ServerFrame.Ready ready = tab.ready();
        assertThat(ready.lastRead()).isEqualTo(2);
        assertThat(ready.unread()).isEqualTo(1);
      }
    } finally {
      node.close();
    }
  }
}
