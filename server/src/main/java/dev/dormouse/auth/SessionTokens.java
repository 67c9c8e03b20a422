package dev.dormouse.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.dormouse.protocol.UserRef;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;

/**
 * Dormouse's own sessions: HMAC-SHA256 JWTs (nimbus-jose-jwt) holding the user's id and name. The
 * server issues them and is the only one that can verify them.
 */
public final class SessionTokens {

  static final String ISSUER = "dormouse";

  private final MACSigner signer;
  private final MACVerifier verifier;
  private final Duration ttl;
  private final Clock clock;

  public SessionTokens(byte[] key, Duration ttl, Clock clock) {
    try {
      this.signer = new MACSigner(key);
      this.verifier = new MACVerifier(key);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the session key must be at least 256 bits", e);
    }
    this.ttl = ttl;
    this.clock = clock;
  }

  public String issue(UserRef user) {
    Date now = Date.from(clock.instant());
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject(user.id())
            .claim("name", user.name())
            .issueTime(now)
            .expirationTime(Date.from(clock.instant().plus(ttl)))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing a session failed", e);
    }
    return jwt.serialize();
  }

  /** The user of a valid, unexpired session token; empty for anything else. */
  public Optional<UserRef> verify(SignedJWT jwt) {
    try {
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
        return Optional.empty();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Date expires = claims.getExpirationTime();
      String name = claims.getStringClaim("name");
      if (!ISSUER.equals(claims.getIssuer())
          || expires == null
          || expires.toInstant().isBefore(clock.instant())
          || claims.getSubject() == null
          || name == null) {
        return Optional.empty();
      }
      return Optional.of(new UserRef(claims.getSubject(), name));
    } catch (JOSEException | java.text.ParseException e) {
      return Optional.empty();
    }
  }
}
