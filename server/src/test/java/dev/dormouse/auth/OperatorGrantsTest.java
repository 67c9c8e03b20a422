package dev.dormouse.auth;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.dormouse.http.RoomsTest;
import dev.dormouse.protocol.ServerFrame;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An operator's token grants roles by claim: {@code dormouse_admin} everywhere, {@code
 * dormouse_rooms} per room; Dormouse stores nothing for them and enforces them like stored roles.
 */
class OperatorGrantsTest {

  private static RSAKey key;
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k").generate();
    Path jwks = Files.createTempFile("dormouse-jwks", ".json");
    Files.writeString(jwks, new JWKSet(List.of(key.toPublicJWK())).toString());
    server =
        TestServer.start(
            Map.of(
                "dormouse.auth.jwt-jwks-file", jwks.toString(),
                "dormouse.auth.jwt-issuer", "https://id.example.com",
                "dormouse.auth.jwt-audience", "dormouse"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static RoomsTest.Person operator(String sub, Map<String, Object> extra) {
    try {
      JWTClaimsSet.Builder claims =
          new JWTClaimsSet.Builder()
              .issuer("https://id.example.com")
              .audience("dormouse")
              .subject(sub)
              .claim("name", sub)
              .expirationTime(Date.from(Instant.now().plusSeconds(300)));
      extra.forEach(claims::claim);
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k").build(), claims.build());
      jwt.sign(new RSASSASigner(key));
      return new RoomsTest.Person(jwt.serialize(), "op_" + sub);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ChatClient join(String room, RoomsTest.Person as) {
    return ChatClient.connect(server.chat(room), "Authorization", as.bearer());
  }

  private static String roomId() {
    return "r-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void only_an_admin_may_claim_a_room_that_already_has_messages() {
    String busy = roomId();
    try (ChatClient guest = ChatClient.connect(server.chat(busy + "?name=Cy"))) {
      guest.sendMessage("first", "c-1").awaitAck("c-1");
    }
    String body = "{\"id\":\"" + busy + "\"}";
    HttpResponse<String> plain =
        RoomsTest.call(server, "POST", "/api/rooms", operator("plain", Map.of()), body);
    assertThat(plain.statusCode()).isEqualTo(409);
    assertThat(RoomsTest.code(plain)).isEqualTo("room_has_history");
    RoomsTest.Person admin = operator("boss", Map.of("dormouse_admin", true));
    HttpResponse<String> claimed = RoomsTest.call(server, "POST", "/api/rooms", admin, body);
    assertThat(claimed.statusCode()).isEqualTo(201);
    assertThat(RoomsTest.json(claimed.body()).get("owner").asText()).isEqualTo("op_boss");
  }

  @Test
  void an_admin_enters_and_runs_any_private_room() {
    RoomsTest.Person owner = RoomsTest.signIn(server, "Owner");
    String room = RoomsTest.create(server, owner, "{\"visibility\":\"private\"}");
    RoomsTest.Person admin = operator("boss", Map.of("dormouse_admin", true));
    RoomsTest.Person stranger = operator("nobody", Map.of("dormouse_admin", false));
    assertThat(RoomsTest.upgradeAnswer(server, room, stranger)).startsWith("HTTP/1.1 403");
    try (ChatClient socket = join(room, admin)) {
      assertThat(socket.ready().room()).isEqualTo(room);
    }
    HttpResponse<String> patch =
        RoomsTest.call(server, "PATCH", "/api/rooms/" + room, admin, "{\"title\":\"checked\"}");
    assertThat(patch.statusCode()).isEqualTo(200);
    // The room says who runs it, so an app can show an admin the owner's tools.
    assertThat(RoomsTest.json(patch.body()).get("admin").asBoolean()).isTrue();
    assertThat(
            RoomsTest.json(RoomsTest.call(server, "GET", "/api/rooms/" + room, admin, null).body())
                .get("admin")
                .asBoolean())
        .isTrue();
    assertThat(
            RoomsTest.json(RoomsTest.call(server, "GET", "/api/rooms/" + room, owner, null).body())
                .has("admin"))
        .isFalse();
    HttpResponse<String> promote =
        RoomsTest.call(
            server,
            "PUT",
            "/api/rooms/" + room + "/members/" + stranger.id(),
            admin,
            "{\"role\":\"moderator\"}");
    assertThat(promote.statusCode()).isEqualTo(200);
  }

  @Test
  void a_room_claim_makes_a_member_or_moderator_without_anything_stored() {
    RoomsTest.Person owner = RoomsTest.signIn(server, "Owner");
    String room =
        RoomsTest.create(
            server, owner, "{\"visibility\":\"private\",\"postPolicy\":\"moderators\"}");
    RoomsTest.Person member = operator("ann", Map.of("dormouse_rooms", Map.of(room, "member")));
    RoomsTest.Person moderator =
        operator("mo", Map.of("dormouse_rooms", Map.of(room, "moderator")));
    RoomsTest.Person elsewhere =
        operator("eve", Map.of("dormouse_rooms", Map.of(room + "-other", "moderator")));

    assertThat(RoomsTest.upgradeAnswer(server, room, elsewhere)).startsWith("HTTP/1.1 403");
    assertThat(
            RoomsTest.call(server, "GET", "/api/rooms/" + room + "/messages", elsewhere, null)
                .statusCode())
        .isEqualTo(403);
    try (ChatClient mod = join(room, moderator);
        ChatClient reader = join(room, member)) {
      mod.sendMessage("news", "n-1").awaitAck("n-1");
      reader.sendMessage("me too", "r-1");
      assertThat(reader.await(ServerFrame.Error.class, e -> "r-1".equals(e.clientId())).code())
          .isEqualTo("read_only");
    }
    HttpResponse<String> history =
        RoomsTest.call(server, "GET", "/api/rooms/" + room + "/messages", member, null);
    assertThat(history.statusCode()).isEqualTo(200);
    assertThat(history.body()).contains("news");
    HttpResponse<String> shown =
        RoomsTest.call(server, "GET", "/api/rooms/" + room, moderator, null);
    assertThat(RoomsTest.json(shown.body()).get("role").asText()).isEqualTo("moderator");
    assertThat(
            RoomsTest.call(server, "PATCH", "/api/rooms/" + room, member, "{\"title\":\"x\"}")
                .statusCode())
        .isEqualTo(403);
    assertThat(
            RoomsTest.call(server, "PATCH", "/api/rooms/" + room, moderator, "{\"title\":\"x\"}")
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void a_token_whose_role_claims_are_malformed_is_refused() {
    for (Map<String, Object> claims :
        List.<Map<String, Object>>of(
            Map.of("dormouse_admin", "yes"),
            Map.of("dormouse_rooms", "lobby"),
            Map.of("dormouse_rooms", Map.of("lobby", "owner")))) {
      HttpResponse<String> response =
          RoomsTest.call(server, "GET", "/api/me/rooms", operator("odd", claims), null);
      assertThat(response.statusCode()).as(claims.toString()).isEqualTo(401);
    }
  }

  @Test
  void a_session_made_from_an_operator_token_keeps_its_claims_and_ends_with_it() throws Exception {
    RoomsTest.Person owner = RoomsTest.signIn(server, "Owner");
    String room = RoomsTest.create(server, owner, "{\"visibility\":\"private\"}");
    RoomsTest.Person admin = operator("boss", Map.of("dormouse_admin", true));
    HttpResponse<String> made =
        RoomsTest.call(server, "POST", "/api/session", admin, "{\"name\":\"Boss\"}");
    assertThat(made.statusCode()).isEqualTo(200);
    RoomsTest.Person session =
        new RoomsTest.Person(RoomsTest.json(made.body()).get("token").asText(), admin.id());

    try (ChatClient socket =
        ChatClient.connect(server.chat(room), "Cookie", "dormouse_session=" + session.token())) {
      assertThat(socket.ready().room()).isEqualTo(room);
    }
    assertThat(
            RoomsTest.call(server, "PATCH", "/api/rooms/" + room, session, "{\"title\":\"ok\"}")
                .statusCode())
        .isEqualTo(200);
    // The token was minted for 300 s: the session made from it, and its cookie, end with it.
    Instant expires =
        SignedJWT.parse(session.token()).getJWTClaimsSet().getExpirationTime().toInstant();
    assertThat(expires).isBefore(Instant.now().plusSeconds(301));
    String cookie = made.headers().firstValue("set-cookie").orElseThrow();
    long maxAge = Long.parseLong(cookie.replaceAll(".*Max-Age=(\\d+).*", "$1"));
    assertThat(maxAge).isBetween(1L, 300L);

    RoomsTest.Person plain = operator("plain", Map.of());
    HttpResponse<String> plainSession =
        RoomsTest.call(server, "POST", "/api/session", plain, "{\"name\":\"Plain\"}");
    RoomsTest.Person plainPerson =
        new RoomsTest.Person(RoomsTest.json(plainSession.body()).get("token").asText(), plain.id());
    assertThat(RoomsTest.upgradeAnswer(server, room, plainPerson)).startsWith("HTTP/1.1 403");
  }
}
