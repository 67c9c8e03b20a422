package dev.dormouse.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dormouse.ChatClient;
import dev.dormouse.TestServer;
import dev.dormouse.protocol.FrameCodec;
import dev.dormouse.protocol.ServerFrame;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sessions: one signed identity, as a cookie or a bearer token, kept across reconnects. */
class SessionTest {

  @RegisterExtension static final TestServer server = TestServer.perClass(Map.of());

  static HttpResponse<String> createSession(TestServer server, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.http("/api/session"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return server.send(request.build());
  }

  static JsonNode json(String body) throws Exception {
    return FrameCodec.json().readTree(body);
  }

  @Test
  void a_session_is_a_token_and_an_http_only_same_site_cookie() throws Exception {
    HttpResponse<String> response = createSession(server, "{\"name\":\"  Ada\\u202E \"}");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response.body());
    assertThat(body.at("/user/name").asText()).isEqualTo("Ada");
    assertThat(body.at("/user/id").asText()).startsWith("u_");
    assertThat(body.get("token").asText()).isNotBlank();
    String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie)
        .startsWith("dormouse_session=" + body.get("token").asText())
        // Cookie attribute names are case-insensitive (RFC 6265, 5.2).
        .containsIgnoringCase("HttpOnly")
        .containsIgnoringCase("SameSite=Lax")
        .contains("Path=/");
    assertThat(cookie).doesNotContain("Secure");
  }

  @Test
  void behind_an_https_proxy_the_cookie_is_secure() {
    HttpResponse<String> response =
        createSession(server, "{\"name\":\"Ada\"}", "X-Forwarded-Proto", "https");
    assertThat(response.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure");
  }

  @Test
  void a_bad_name_is_refused() {
    assertThat(createSession(server, "{\"name\":\"\\u0007\\u0007\"}").statusCode()).isEqualTo(400);
    assertThat(createSession(server, "{\"name\":\"" + "x".repeat(33) + "\"}").statusCode())
        .isEqualTo(400);
    assertThat(createSession(server, "not json").statusCode()).isEqualTo(400);
  }

  @Test
  void cookie_and_bearer_give_the_same_user_across_reconnects() throws Exception {
    JsonNode session = json(createSession(server, "{\"name\":\"Ada\"}").body());
    String token = session.get("token").asText();
    String id = session.at("/user/id").asText();

    try (ChatClient bearer = connect("Authorization", "Bearer " + token);
        ChatClient cookie = connect("Cookie", "dormouse_session=" + token)) {
      assertThat(bearer.ready().you()).isEqualTo(cookie.ready().you());
      assertThat(bearer.ready().you().id()).isEqualTo(id);
      assertThat(bearer.ready().you().name()).isEqualTo("Ada");
      // A session user's own messages stay theirs after a reconnect.
      bearer.sendMessage("mine", "s1");
      assertThat(cookie.await(ServerFrame.Message.class).from()).isEqualTo(id);
    }
    try (ChatClient again = connect("Authorization", "Bearer " + token)) {
      assertThat(again.ready().you().id()).isEqualTo(id);
    }
  }

  @Test
  void renaming_keeps_the_id() throws Exception {
    HttpResponse<String> first = createSession(server, "{\"name\":\"Ada\"}");
    String token = json(first.body()).get("token").asText();
    JsonNode renamed =
        json(
            createSession(server, "{\"name\":\"Ada L\"}", "Cookie", "dormouse_session=" + token)
                .body());
    assertThat(renamed.at("/user/id").asText())
        .isEqualTo(json(first.body()).at("/user/id").asText());
    assertThat(renamed.at("/user/name").asText()).isEqualTo("Ada L");
  }

  @Test
  void get_session_says_who_you_are() throws Exception {
    String token = json(createSession(server, "{\"name\":\"Ada\"}").body()).get("token").asText();
    HttpResponse<String> me =
        server.send(
            HttpRequest.newBuilder(server.http("/api/session"))
                .header("Cookie", "dormouse_session=" + token)
                .build());
    assertThat(json(me.body()).at("/user/name").asText()).isEqualTo("Ada");
    HttpResponse<String> nobody = server.get("/api/session");
    assertThat(nobody.statusCode()).isEqualTo(200);
    assertThat(json(nobody.body()).get("user").isNull()).isTrue();
    HttpResponse<String> lapsed =
        server.send(
            HttpRequest.newBuilder(server.http("/api/session"))
                .header("Cookie", "dormouse_session=not-a-valid-token")
                .build());
    assertThat(lapsed.statusCode()).isEqualTo(200);
    assertThat(json(lapsed.body()).get("user").isNull()).isTrue();
  }

  @Test
  void a_cross_site_page_cannot_create_a_session() {
    assertThat(
            createSession(server, "{\"name\":\"Ada\"}", "Origin", "https://evil.example")
                .statusCode())
        .isEqualTo(403);
  }

  private static ChatClient connect(String header, String value) {
    return ChatClient.connect(server.chat("sessions"), header, value);
  }
}
