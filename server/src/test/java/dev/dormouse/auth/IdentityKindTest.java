package dev.dormouse.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.dormouse.ChatClient;
import dev.dormouse.TestServer;
import dev.dormouse.protocol.FrameCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Names are not unique, so every frame and API answer that names a person also says what stands
 * behind the name: {@code guest} (they chose it themselves, with or without a session) or {@code
 * operator} (the operator's identity provider vouches for it). Three people all called Ada, one of
 * each, on a server that has guests and an identity provider.
 */
class IdentityKindTest {

  private static final String ISSUER = "https://id.example.com";

  private static RSAKey key;
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    Path jwks = Files.createTempFile("dormouse-jwks", ".json");
    Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString());
    server =
        TestServer.start(
            Map.of(
                "dormouse.auth.jwt-jwks-file",
                jwks.toString(),
                "dormouse.auth.jwt-issuer",
                ISSUER,
                "dormouse.auth.jwt-audience",
                "dormouse"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void a_guest_a_self_made_session_and_an_operator_user_named_alike_are_told_apart()
      throws Exception {
    String room = "adas-" + UUID.randomUUID().toString().substring(0, 8);
    try (ChatClient operator = connect(room, "Authorization", "Bearer " + operatorToken("Ada"));
        ChatClient session = connect(room, "Cookie", "dormouse_session=" + sessionToken("Ada"));
        ChatClient guest = connect(room)) {
      assertThat(you(operator).path("kind").asText()).isEqualTo("operator");
      assertThat(you(session).path("kind").asText()).isEqualTo("guest");
      assertThat(you(guest).path("kind").asText()).isEqualTo("guest");
      assertThat(List.of(you(operator), you(session), you(guest)))
          .extracting(person -> person.get("name").asText())
          .containsOnly("Ada");

      Map<String, String> expected =
          Map.of(
              id(operator), "operator",
              id(session), "guest",
              id(guest), "guest");
      // What everyone hears about the others: the snapshot a joiner gets, then the deltas.
      Awaitility.await()
          .atMost(ChatClient.PATIENCE)
          .until(() -> kindsOnline(operator), expected::equals);
      assertThat(kindsOnline(guest)).isEqualTo(expected);

      guest.send("{\"type\":\"typing\"}");
      JsonNode typing = awaitFrame(operator, "typing");
      assertThat(typing.at("/user/id").asText()).isEqualTo(id(guest));
      assertThat(typing.at("/user/kind").asText()).isEqualTo("guest");
    }
  }

  @Test
  void a_message_carries_its_senders_kind_live_in_history_and_over_http() throws Exception {
    String room = "said-" + UUID.randomUUID().toString().substring(0, 8);
    try (ChatClient operator = connect(room, "Authorization", "Bearer " + operatorToken("Ada"));
        ChatClient guest = connect(room)) {
      operator.sendMessage("from the real Ada", "c-op");
      awaitFrame(guest, "message");
      guest.sendMessage("from another Ada", "c-guest");
      Awaitility.await()
          .atMost(ChatClient.PATIENCE)
          .until(() -> liveMessages(operator).size() == 2);
      assertThat(liveMessages(operator))
          .extracting(m -> m.get("message").asText() + " " + m.path("fromKind").asText())
          .containsExactly("from the real Ada operator", "from another Ada guest");
    }

    try (ChatClient later = connect(room)) {
      JsonNode history = awaitFrame(later, "history");
      assertThat(history.get("messages"))
          .extracting(m -> m.path("fromKind").asText())
          .containsExactly("operator", "guest");
    }
    JsonNode page = json(server.get("/api/rooms/" + room + "/messages").body());
    assertThat(page.get("messages"))
        .extracting(m -> m.path("fromKind").asText())
        .containsExactly("operator", "guest");
  }

  @Test
  void the_session_and_people_apis_say_the_kind_too() throws Exception {
    String room = "apis-" + UUID.randomUUID().toString().substring(0, 8);
    String cookie = "dormouse_session=" + sessionToken("Ada");
    JsonNode own =
        json(
            server
                .send(
                    HttpRequest.newBuilder(server.http("/api/session"))
                        .header("Cookie", cookie)
                        .GET()
                        .build())
                .body());
    assertThat(own.at("/user/kind").asText()).isEqualTo("guest");

    try (ChatClient operator = connect(room, "Authorization", "Bearer " + operatorToken("Ada"));
        ChatClient session = connect(room, "Cookie", cookie)) {
      Map<String, String> expected = Map.of(id(operator), "operator", id(session), "guest");
      Awaitility.await()
          .atMost(ChatClient.PATIENCE)
          .until(
              () -> kinds(json(server.get("/api/rooms/" + room + "/people").body())),
              expected::equals);
    }
  }

  private static ChatClient connect(String room, String... headers) {
    return ChatClient.connect(server.chat(room + "?name=Ada"), headers);
  }

  private static String sessionToken(String name) throws IOException {
    return json(SessionTest.createSession(server, "{\"name\":\"" + name + "\"}").body())
        .get("token")
        .asText();
  }

  private static String operatorToken(String name) throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience("dormouse")
            .subject("ada-lovelace")
            .claim("name", name)
            .expirationTime(Date.from(Instant.now().plusSeconds(3600)))
            .build();
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static JsonNode you(ChatClient client) {
    return awaitFrame(client, "ready").get("you");
  }

  private static String id(ChatClient client) {
    return you(client).get("id").asText();
  }

  private static JsonNode awaitFrame(ChatClient client, String type) {
    return Awaitility.await()
        .atMost(ChatClient.PATIENCE)
        .until(
            () ->
                frames(client).stream()
                    .filter(f -> type.equals(f.path("type").asText()))
                    .findFirst(),
            Optional::isPresent)
        .get();
  }

  private static List<JsonNode> frames(ChatClient client) {
    List<JsonNode> frames = new ArrayList<>();
    for (String raw : client.rawFrames()) {
      if (raw.startsWith("{")) {
        frames.add(json(raw));
      }
    }
    return frames;
  }

  private static List<JsonNode> liveMessages(ChatClient client) {
    return frames(client).stream().filter(f -> "message".equals(f.path("type").asText())).toList();
  }

  /** User id to kind, from presence frames read as a client reads them. */
  private static Map<String, String> kindsOnline(ChatClient client) {
    Map<String, String> online = new HashMap<>();
    for (JsonNode frame : frames(client)) {
      if (!"presence".equals(frame.path("type").asText())) {
        continue;
      }
      if (frame.has("online")) {
        online.clear();
        online.putAll(kinds(frame.get("online")));
      }
      online.putAll(kinds(frame.path("joined")));
      frame.path("left").forEach(left -> online.remove(left.asText()));
    }
    return online;
  }

  private static Map<String, String> kinds(JsonNode people) {
    JsonNode list = people.has("people") ? people.get("people") : people;
    Map<String, String> kinds = new HashMap<>();
    list.forEach(person -> kinds.put(person.get("id").asText(), person.path("kind").asText()));
    return kinds;
  }

  private static JsonNode json(String text) {
    try {
      return FrameCodec.json().readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
