package dev.dormouse.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.dormouse.ChatClient;
import dev.dormouse.RawSocket;
import dev.dormouse.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An operator's identity provider signs RS256 or ES256 tokens; Dormouse checks key, issuer,
 * audience, expiry.
 */
class OperatorTokenTest {

  private static RSAKey rsa;
  private static ECKey ec;
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    Path jwks = Files.createTempFile("dormouse-jwks", ".json");
    Files.writeString(jwks, new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString());
    server =
        TestServer.start(
            Map.of(
                "dormouse.auth.anonymous",
                false,
                "dormouse.auth.jwt-jwks-file",
                jwks.toString(),
                "dormouse.auth.jwt-issuer",
                "https://id.example.com",
                "dormouse.auth.jwt-audience",
                "dormouse"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void rs256_and_es256_tokens_map_sub_and_name_to_the_user() throws Exception {
    String rsToken =
        token(
            new RSASSASigner(rsa),
            JWSAlgorithm.RS256,
            "rsa-1",
            "https://id.example.com",
            "dormouse",
            60);
    try (ChatClient grace =
        ChatClient.connect(server.chat("ops"), "Authorization", "Bearer " + rsToken)) {
      assertThat(grace.ready().you().id()).isEqualTo("op_user-42");
      assertThat(grace.ready().you().name()).isEqualTo("Grace");
    }
    String esToken =
        token(
            new ECDSASigner(ec),
            JWSAlgorithm.ES256,
            "ec-1",
            "https://id.example.com",
            "dormouse",
            60);
    assertThat(status(esToken)).isEqualTo(101);
  }

  @Test
  void a_wrong_issuer_audience_key_or_an_expired_token_answers_401() throws Exception {
    RSASSASigner stranger = new RSASSASigner(new RSAKeyGenerator(2048).keyID("rsa-1").generate());
    RSASSASigner ours = new RSASSASigner(rsa);
    String issuer = "https://id.example.com";
    List<String> refused =
        List.of(
            rs256(ours, "https://evil.example", "dormouse", 60),
            rs256(ours, issuer, "other", 60),
            rs256(stranger, issuer, "dormouse", 60),
            rs256(ours, issuer, "dormouse", -120));
    for (String token : refused) {
      assertThat(status(token)).isEqualTo(401);
    }
  }

  private static String rs256(
      JWSSigner signer, String issuer, String audience, long expiresInSeconds) throws Exception {
    return token(signer, JWSAlgorithm.RS256, "rsa-1", issuer, audience, expiresInSeconds);
  }

  @Test
  void with_guests_off_a_session_is_only_issued_to_an_operator_user_under_their_own_name()
      throws Exception {
    HttpResponse<String> nobody = SessionTest.createSession(server, "{\"name\":\"Ada\"}");
    assertThat(nobody.statusCode()).isEqualTo(401);

    String grace = rs256(new RSASSASigner(rsa), "https://id.example.com", "dormouse", 3600);
    HttpResponse<String> issued =
        server.send(
            HttpRequest.newBuilder(server.http("/api/session"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + grace)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"The Admin\"}"))
                .build());
    assertThat(issued.statusCode()).isEqualTo(200);
    JsonNode body = SessionTest.json(issued.body());
    assertThat(body.at("/user/id").asText()).isEqualTo("op_user-42");
    assertThat(body.at("/user/name").asText()).isEqualTo("Grace");

    // The session it got cannot rename its holder either.
    HttpResponse<String> renamed =
        server.send(
            HttpRequest.newBuilder(server.http("/api/session"))
                .header("Content-Type", "application/json")
                .header("Cookie", "dormouse_session=" + body.get("token").asText())
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"The Admin\"}"))
                .build());
    assertThat(SessionTest.json(renamed.body()).at("/user/name").asText()).isEqualTo("Grace");
  }

  private static int status(String token) {
    return RawSocket.statusOf(
        server.port(), RawSocket.upgradeRequest("/api/chat/ops", "Authorization: Bearer " + token));
  }

  private static String token(
      JWSSigner signer,
      JWSAlgorithm alg,
      String kid,
      String issuer,
      String audience,
      long expiresInSeconds)
      throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .audience(audience)
            .subject("user-42")
            .claim("name", "Grace")
            .expirationTime(Date.from(Instant.now().plusSeconds(expiresInSeconds)))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims);
    jwt.sign(signer);
    return jwt.serialize();
  }
}
