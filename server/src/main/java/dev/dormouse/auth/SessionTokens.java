package dev.dormouse.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.dormouse.access.Grants;
import dev.dormouse.protocol.UserRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
    return issue(user, Grants.NONE, null);
  }

  /**
   * A session for {@code user} that carries {@code grants} (an operator's claims) and ends no later
   * than {@code notAfter} (null: after the usual time to live), so a grant never outlives the
   * operator's token it came from.
   */
  public String issue(UserRef user, Grants grants, Instant notAfter) {
    Date now = Date.from(clock.instant());
    Instant expires = clock.instant().plus(ttl);
    if (notAfter != null && notAfter.isBefore(expires)) {
      expires = notAfter;
    }
    JWTClaimsSet.Builder builder =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject(user.id())
            .claim("name", user.name())
            .issueTime(now)
            .expirationTime(Date.from(expires));
    if (grants.admin()) {
      builder.claim(OperatorTokens.ADMIN_CLAIM, true);
    }
    if (!grants.rooms().isEmpty()) {
      Map<String, String> rooms = new TreeMap<>();
      grants.rooms().forEach((room, role) -> rooms.put(room, role.wire()));
      builder.claim(OperatorTokens.ROOMS_CLAIM, rooms);
    }
    JWTClaimsSet claims = builder.build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing a session failed", e);
    }
    return jwt.serialize();
  }

  /**
   * The user of a valid, unexpired session token, with what it carries; empty for anything else.
   */
  public Optional<Credentials.Outcome.Authenticated> verify(SignedJWT jwt) {
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
      UserRef user = new UserRef(claims.getSubject(), name);
      return OperatorTokens.grants(claims)
          .map(grants -> new Credentials.Outcome.Authenticated(user, grants, expires.toInstant()));
    } catch (JOSEException | java.text.ParseException e) {
      return Optional.empty();
    }
  }
}
