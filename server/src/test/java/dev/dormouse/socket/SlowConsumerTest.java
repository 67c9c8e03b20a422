package dev.dormouse.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.ChatClient;
import dev.dormouse.TestServer;
import dev.dormouse.protocol.ServerFrame;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A socket that stops reading is closed with 4000; its room and the other sockets go on. */
class SlowConsumerTest {

  @Test
  void a_socket_that_stops_reading_is_closed_with_4000_and_the_others_get_every_message() {
    try (TestServer server =
            TestServer.start(
                Map.of(
                    "dormouse.limits.outgoing-buffer",
                    "128KiB",
                    "dormouse.limits.send-burst",
                    100_000,
                    "dormouse.limits.user-send-burst",
                    100_000,
                    "dormouse.limits.send-per-second",
                    100_000,
                    "dormouse.limits.user-send-per-second",
                    100_000,
                    "dormouse.limits.address-send-burst",
                    100_000,
                    "dormouse.limits.address-send-per-second",
                    100_000,
                    "dormouse.limits.room-post-burst",
                    100_000,
                    "dormouse.limits.room-posts-per-second",
                    100_000));
        ChatClient stuck = ChatClient.connectNotReading(server.chat("busy?name=Stuck"));
        ChatClient reader = ChatClient.connect(server.chat("busy?name=Reader"));
        ChatClient sender = ChatClient.connect(server.chat("busy?name=Sender"))) {
      reader.ready();
      sender.ready();
      // Enough bytes to fill the kernel's socket buffers on both ends, then the outbox.
      String text = "x".repeat(1900);
      int count = 0;
      while (server.metric("dormouse_slow_consumers_total") == 0 && count < 20_000) {
        for (int i = 0; i < 10; i++) {
          sender.sendMessage(text, "s" + count++);
        }
        int sent = count;
        sender.await(ServerFrame.Ack.class, ack -> ack.seq() == sent);
      }
      assertThat(server.metric("dormouse_slow_consumers_total")).isEqualTo(1);
      stuck.startReading();
      assertThat(stuck.awaitClose()).isEqualTo(4000);

      int total = count;
      sender.await(ServerFrame.Ack.class, ack -> ack.seq() == total);
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> reader.messages().size() == total);
      assertThat(reader.isClosed()).isFalse();
    }
  }
}
