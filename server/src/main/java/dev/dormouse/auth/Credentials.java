package dev.dormouse.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.dormouse.access.Grants;
import dev.dormouse.config.Settings;
import dev.dormouse.protocol.UserRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Turns what a request presents (a session cookie or an {@code Authorization: Bearer} token) into a
 * user. Presenting something invalid is an error, never a silent fall-back to a guest.
 */
public final class Credentials {

  public static final String SESSION_COOKIE = "dormouse_session";

  /** What a request proved about who sent it. */
  public sealed interface Outcome {
    /**
     * {@code grants}: what an operator's token grants, or a session made from one carries; {@link
     * Grants#NONE} for everyone else. {@code expires}: when the credential stops being valid.
     */
    record Authenticated(UserRef user, Grants grants, Instant expires) implements Outcome {}

    /** Nothing was presented. */
    enum None implements Outcome {
      INSTANCE
    }

    /** Something was presented and it is not valid: forged, expired or from the wrong issuer. */
    enum Invalid implements Outcome {
      INSTANCE
    }
  }

  private final SessionTokens sessions;
  private final Optional<OperatorTokens> operator;

  public Credentials(SessionTokens sessions, Optional<OperatorTokens> operator) {
    this.sessions = sessions;
    this.operator = operator;
  }

  /** Builds the verifiers the settings ask for, reading key files once. */
  public static Credentials from(Settings.Auth auth, Path dataDir, Clock clock) {
    SessionTokens sessions =
        new SessionTokens(SessionKey.load(auth.secret(), dataDir), auth.sessionTtl(), clock);
    Optional<OperatorTokens> operator = Optional.empty();
    if (!auth.jwtPublicKeyFile().isBlank() || !auth.jwtJwksFile().isBlank()) {
      operator =
          Optional.of(new OperatorTokens(operatorKeys(auth), auth.jwtIssuer(), auth.jwtAudience()));
    }
    return new Credentials(sessions, operator);
  }

  private static JWKSet operatorKeys(Settings.Auth auth) {
    try {
      if (!auth.jwtJwksFile().isBlank()) {
        return JWKSet.load(Path.of(auth.jwtJwksFile()).toFile());
      }
      return new JWKSet(publicKeyFromPem(Files.readString(Path.of(auth.jwtPublicKeyFile()))));
    } catch (IOException | ParseException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot read the operator's JWT keys", e);
    }
  }

  /**
   * A {@code -----BEGIN PUBLIC KEY-----} block, RSA or EC, read with the JDK alone: nimbus's own
   * PEM reader needs BouncyCastle, which Dormouse does not ship.
   */
  static JWK publicKeyFromPem(String pem) throws GeneralSecurityException {
    String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
    X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(base64));
    try {
      return new RSAKey.Builder((RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(spec))
          .build();
    } catch (InvalidKeySpecException notRsa) {
      ECPublicKey ec = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(spec);
      return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
    }
  }

  public SessionTokens sessions() {
    return sessions;
  }

  /** The bearer token wins over the cookie when a request carries both. */
  public Outcome check(Optional<String> authorization, Optional<String> sessionCookie) {
    Optional<String> token =
        authorization
            .map(String::strip)
            .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
            .map(h -> h.substring(7).strip());
    if (authorization.isPresent() && token.isEmpty()) {
      return Outcome.Invalid.INSTANCE;
    }
    Optional<String> presented = token.or(() -> sessionCookie);
    if (presented.isEmpty() || presented.get().isEmpty()) {
      return Outcome.None.INSTANCE;
    }
    if (ApiKeys.looksLikeKey(presented.get())) {
      // A server API key is for /api/server/… alone: never a person, whatever it may do there.
      return Outcome.Invalid.INSTANCE;
    }
    return verify(presented.get()).<Outcome>map(a -> a).orElse(Outcome.Invalid.INSTANCE);
  }

  private Optional<Outcome.Authenticated> verify(String token) {
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      return Optional.empty();
    }
    if (JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
      return sessions.verify(jwt);
    }
    return operator.flatMap(o -> o.verify(jwt));
  }
}
