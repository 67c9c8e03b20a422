package dev.dormouse.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.ChatClient;
import dev.dormouse.TestServer;
import dev.dormouse.protocol.ServerFrame;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Identities cost nothing to make, so budgets that identities cannot multiply: one per address for
 * guests and self-made sessions, and one per room for what it stores.
 */
class SharedBudgetsTest {

  private static final int BUDGET = 5;
  private static final int EACH = 4;

  @Test
  void guests_from_one_address_share_one_send_budget() {
    assertRefusedBeyond(
        BUDGET,
        Map.of(
            "dormouse.limits.address-send-burst",
            BUDGET,
            "dormouse.limits.address-send-per-second",
            0.001));
  }

  @Test
  void a_room_stores_no_faster_than_its_budget_whoever_sends() {
    assertRefusedBeyond(
        BUDGET,
        Map.of(
            "dormouse.limits.room-post-burst",
            BUDGET,
            "dormouse.limits.room-posts-per-second",
            0.001));
  }

  /** Two guests send {@code EACH} messages each; only {@code budget} of them are stored. */
  private static void assertRefusedBeyond(int budget, Map<String, Object> limits) {
    try (TestServer server = TestServer.start(limits);
        ChatClient ada = ChatClient.connect(server.chat("budget?name=Ada"));
        ChatClient bob = ChatClient.connect(server.chat("budget?name=Bob"))) {
      ada.ready();
      bob.ready();
      IntStream.range(0, EACH).forEach(i -> ada.sendMessage("a" + i, "a" + i));
      IntStream.range(0, EACH).forEach(i -> bob.sendMessage("b" + i, "b" + i));
      Awaitility.await()
          .atMost(ChatClient.PATIENCE)
          .until(() -> answers(ada) + answers(bob) == 2 * EACH);
      int acked =
          ada.frames(ServerFrame.Ack.class).size() + bob.frames(ServerFrame.Ack.class).size();
      assertThat(acked).isEqualTo(budget);
      assertThat(ada.frames(ServerFrame.Error.class))
          .allMatch(e -> e.code().equals("rate_limited"));
      assertThat(bob.frames(ServerFrame.Error.class))
          .allMatch(e -> e.code().equals("rate_limited"));
    }
  }

  private static int answers(ChatClient client) {
    return client.frames(ServerFrame.Ack.class).size()
        + client.frames(ServerFrame.Error.class).size();
  }
}
