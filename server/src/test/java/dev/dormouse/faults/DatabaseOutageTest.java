package dev.dormouse.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.ChatClient;
import dev.dormouse.TestServer;
import dev.dormouse.protocol.ServerFrame;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away under a running server and comes back: sends are refused with {@code
 * unavailable} meanwhile, the server keeps serving, nothing acked is lost, and it recovers by
 * itself, without a restart.
 */
class DatabaseOutageTest {

  private static final String DATABASE_URL =
      System.getenv()
          .getOrDefault("TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  @Test
  void sends_are_refused_while_postgres_is_away_and_accepted_again_when_it_is_back()
      throws Exception {
    Matcher hostPort = Pattern.compile("//([^/:]+):(\\d+)/").matcher(DATABASE_URL);
    assertThat(hostPort.find()).as("host and port in %s", DATABASE_URL).isTrue();
    String room = "outage-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    try (CuttableProxy proxy =
            new CuttableProxy(hostPort.group(1), Integer.parseInt(hostPort.group(2)));
        TestServer server =
            TestServer.start(
                Map.of(
                    "dormouse.store.database-url",
                    hostPort.replaceFirst("//127.0.0.1:" + proxy.port() + "/")));
        ChatClient ada = ChatClient.connect(server.chat(room + "?name=Ada"))) {
      ada.ready();
      ada.sendMessage("before", "c1");
      assertThat(ada.await(ServerFrame.Ack.class).seq()).isEqualTo(1);

      proxy.cut();
      ada.sendMessage("during", "c2");
      ServerFrame.Error refused =
          ada.await(ServerFrame.Error.class, e -> "c2".equals(e.clientId()));
      assertThat(refused.code()).isEqualTo("unavailable");
      var health = server.get("/api/health");
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).contains("\"live\":true").contains("\"store\":\"unavailable\"");

      proxy.restore();
      // As a client does: resend the refused message under its clientId until it is stored.
      Awaitility.await()
          .atMost(ChatClient.PATIENCE)
          .until(
              () -> {
                if (ada.frames(ServerFrame.Ack.class).stream()
                    .anyMatch(a -> a.clientId().equals("c2"))) {
                  return true;
                }
                ada.sendMessage("during", "c2");
                return false;
              });
      assertThat(server.get("/api/health").statusCode()).isEqualTo(200);
      String history = server.get("/api/rooms/" + room + "/messages").body();
      assertThat(history).containsOnlyOnce("\"before\"").containsOnlyOnce("\"during\"");
      assertThat(history).contains("\"seq\":2").doesNotContain("\"seq\":3");
    }
  }
}
