package dev.dormouse.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.dormouse.ChatClient;
import dev.dormouse.RawSocket;
import dev.dormouse.TestServer;
import dev.dormouse.protocol.ServerFrame;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Logs hold neither tokens nor message bodies, and errors hold no internals. */
class SecretsStayInTest {

  @Test
  void tokens_and_message_bodies_never_reach_the_log_and_errors_carry_no_internals()
      throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    root.addAppender(log);
    try (TestServer server = TestServer.start(Map.of("dormouse.limits.outgoing-buffer", "4KiB"))) {
      String token =
          SessionTest.json(SessionTest.createSession(server, "{\"name\":\"Ada\"}").body())
              .get("token")
              .asText();
      String secretText = "the launch code is 0000";
      try (ChatClient ada =
          ChatClient.connect(server.chat("secrets"), "Authorization", "Bearer " + token)) {
        ada.ready();
        ada.sendMessage(secretText, "c1");
        ada.await(ServerFrame.Ack.class);
        ada.send(
            "{\"type\":\"send\",\"text\":"
                + "\""
                + secretText
                + "\",\"clientId\":\""
                + "x".repeat(80)
                + "\"}");
        ServerFrame.Error error = ada.await(ServerFrame.Error.class);
        assertThat(error.message())
            .doesNotContain("Exception")
            .doesNotContain("at dev.")
            .doesNotContain(secretText);
      }
      RawSocket.statusOf(
          server.port(),
          RawSocket.upgradeRequest("/api/chat/secrets", "Authorization: Bearer " + token + "x"));
      assertThat(server.get("/api/rooms/bad!room/messages").body()).doesNotContain("Exception");
    } finally {
      root.detachAppender(log);
    }
    String logged =
        String.join(
            "\n",
            log.list.stream()
                .map(
                    e ->
                        e.getFormattedMessage()
                            + (e.getThrowableProxy() == null
                                ? ""
                                : ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .toList());
    assertThat(logged).isNotEmpty();
    assertThat(logged).doesNotContain("the launch code").doesNotContain("eyJ");
  }
}
