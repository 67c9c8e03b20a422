package dev.dormouse.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.dormouse.config.Settings;
import dev.dormouse.protocol.UserRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

  @TempDir Path dataDir;

  @Test
  void an_operator_key_given_as_pem_verifies_its_tokens() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).generate();
    Path pem = dataDir.resolve("idp.pem");
    Files.writeString(
        pem,
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(key.toECPublicKey().getEncoded())
            + "\n-----END PUBLIC KEY-----\n");
    Credentials credentials = Credentials.from(auth(pem.toString()), dataDir, Clock.systemUTC());

    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.ES256),
            new JWTClaimsSet.Builder()
                .issuer("https://id.example.com")
                .audience("dormouse")
                .subject("42")
                .claim("name", "Katherine")
                .expirationTime(Date.from(Instant.now().plusSeconds(60)))
                .build());
    jwt.sign(new ECDSASigner(key));

    assertThat(credentials.check(Optional.of("Bearer " + jwt.serialize()), Optional.empty()))
        .isInstanceOfSatisfying(
            Credentials.Outcome.Authenticated.class,
            a -> assertThat(a.user()).isEqualTo(new UserRef("op_42", "Katherine")));
  }

  @Test
  void the_generated_session_key_is_kept_so_sessions_survive_a_restart() {
    Credentials first = Credentials.from(auth(""), dataDir, Clock.systemUTC());
    String token = first.sessions().issue(new UserRef("u_1", "Ada"));
    Credentials afterRestart = Credentials.from(auth(""), dataDir, Clock.systemUTC());
    assertThat(afterRestart.check(Optional.empty(), Optional.of(token)))
        .isInstanceOfSatisfying(
            Credentials.Outcome.Authenticated.class,
            a -> assertThat(a.user()).isEqualTo(new UserRef("u_1", "Ada")));
  }

  private static Settings.Auth auth(String publicKeyFile) {
    return new Settings.Auth(
        true,
        "",
        Duration.ofDays(1),
        List.of(),
        true,
        "https://id.example.com",
        "dormouse",
        publicKeyFile,
        "");
  }
}
