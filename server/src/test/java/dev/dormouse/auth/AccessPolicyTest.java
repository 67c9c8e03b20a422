package dev.dormouse.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.ChatClient;
import dev.dormouse.RawSocket;
import dev.dormouse.TestServer;
import dev.dormouse.protocol.UserRef;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With AUTH_ANONYMOUS=false nothing opens without a valid session, and only same-site pages may.
 */
class AccessPolicyTest {

  private static TestServer server;
  private static SessionTokens sameKey;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(Map.of("dormouse.auth.anonymous", false));
    byte[] key =
        Base64.getDecoder()
            .decode(Files.readString(server.dataDir().resolve("session.key")).strip());
    sameKey = new SessionTokens(key, Duration.ofHours(1), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static int upgrade(String... headers) {
    return RawSocket.statusOf(
        server.port(), RawSocket.upgradeRequest("/api/chat/private", headers));
  }

  @Test
  void without_a_session_the_upgrade_and_the_history_api_answer_401() {
    assertThat(upgrade()).isEqualTo(401);
    assertThat(server.get("/api/rooms/private/messages").statusCode()).isEqualTo(401);
  }

  @Test
  void a_valid_session_opens_the_socket() {
    String token = sameKey.issue(new UserRef("u_test", "Ada"));
    assertThat(upgrade("Authorization: Bearer " + token)).isEqualTo(101);
    try (ChatClient ada =
        ChatClient.connect(server.chat("private"), "Cookie", "dormouse_session=" + token)) {
      assertThat(ada.ready().you()).isEqualTo(new UserRef("u_test", "Ada"));
    }
  }

  @Test
  void a_forged_tampered_expired_or_unsigned_token_answers_401() throws Exception {
    String forged =
        new SessionTokens(
                "another-key-another-key-another-key!".getBytes(),
                Duration.ofHours(1),
                Clock.systemUTC())
            .issue(new UserRef("u_test", "Ada"));
    String valid = sameKey.issue(new UserRef("u_test", "Ada"));
    String[] parts = valid.split("\\.");
    String tampered =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    "{\"iss\":\"dormouse\",\"sub\":\"u_admin\",\"name\":\"Admin\",\"exp\":9999999999}"
                        .getBytes())
            + "."
            + parts[2];
    String expired =
        new SessionTokens(
                key(),
                Duration.ofHours(1),
                Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC))
            .issue(new UserRef("u_test", "Ada"));
    String unsigned =
        parts[0].replace(
                parts[0],
                Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString("{\"alg\":\"none\"}".getBytes()))
            + "."
            + parts[1]
            + ".";

    for (String token : new String[] {forged, tampered, expired, unsigned, "garbage"}) {
      assertThat(upgrade("Authorization: Bearer " + token)).as(token).isEqualTo(401);
      assertThat(upgrade("Cookie: dormouse_session=" + token)).as(token).isEqualTo(401);
    }
    assertThat(upgrade("Authorization: Basic YWRhOnNlY3JldA==")).isEqualTo(401);
  }

  @Test
  void a_page_from_another_site_cannot_open_a_socket() {
    String token = sameKey.issue(new UserRef("u_test", "Ada"));
    assertThat(upgrade("Authorization: Bearer " + token, "Origin: https://evil.example"))
        .isEqualTo(403);
    assertThat(upgrade("Authorization: Bearer " + token, "Origin: http://127.0.0.1"))
        .isEqualTo(101);
  }

  private static byte[] key() throws Exception {
    return Base64.getDecoder()
        .decode(Files.readString(server.dataDir().resolve("session.key")).strip());
  }
}
