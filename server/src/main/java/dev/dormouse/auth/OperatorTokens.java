package dev.dormouse.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.dormouse.access.Grants;
import dev.dormouse.access.Role;
import dev.dormouse.protocol.InputText;
import dev.dormouse.protocol.UserKind;
import dev.dormouse.protocol.UserRef;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tokens from an operator's identity provider: RS256 or ES256, verified against configured public
 * keys, with issuer, audience and expiry checked. {@code sub} becomes the user id (prefixed, so it
 * can never collide with a Dormouse session's id) and {@code name} the display name.
 *
 * <p>Two claims grant roles ({@link Grants}): {@code dormouse_admin} ({@code true}: may moderate
 * every room) and {@code dormouse_rooms} (an object from room id to {@code "member"} or {@code
 * "moderator"}). A token whose claims of these names are malformed is refused as a whole: an
 * operator's mistake should be loud, not a person silently left without (or with more) rights.
 */
public final class OperatorTokens {

  public static final String ADMIN_CLAIM = "dormouse_admin";
  public static final String ROOMS_CLAIM = "dormouse_rooms";

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  public OperatorTokens(JWKSet keys, String issuer, String audience) {
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), new ImmutableJWKSet<>(keys)));
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            audience, new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp")));
  }

  public Optional<Credentials.Outcome.Authenticated> verify(SignedJWT jwt) {
    try {
      JWTClaimsSet claims = processor.process(jwt, null);
      String name = claims.getStringClaim("name");
      String cleaned = name == null ? "" : InputText.cleanName(name);
      int length = InputText.length(cleaned);
      String display = length >= 1 && length <= 32 ? cleaned : claims.getSubject();
      UserRef user = new UserRef(UserKind.OPERATOR_ID_PREFIX + claims.getSubject(), display);
      return grants(claims)
          .map(
              grants ->
                  new Credentials.Outcome.Authenticated(
                      user, grants, claims.getExpirationTime().toInstant()));
    } catch (Exception e) {
      // Bad signature, wrong issuer or audience, expired, malformed: all mean "not this user".
      return Optional.empty();
    }
  }

  /**
   * The roles the token grants; empty when a claim of ours is malformed. A session made from the
   * token carries the same claims, read here too.
   */
  static Optional<Grants> grants(JWTClaimsSet claims) {
    Object admin = claims.getClaim(ADMIN_CLAIM);
    if (admin != null && !(admin instanceof Boolean)) {
      return Optional.empty();
    }
    Object rooms = claims.getClaim(ROOMS_CLAIM);
    Map<String, Role> roles = new HashMap<>();
    if (rooms != null) {
      if (!(rooms instanceof Map<?, ?> named)) {
        return Optional.empty();
      }
      for (Map.Entry<?, ?> entry : named.entrySet()) {
        Optional<Role> role =
            entry.getValue() instanceof String wire
                ? Role.parse(wire).filter(r -> r == Role.MEMBER || r == Role.MODERATOR)
                : Optional.empty();
        if (role.isEmpty()) {
          return Optional.empty();
        }
        roles.put(String.valueOf(entry.getKey()), role.get());
      }
    }
    return Optional.of(new Grants(Boolean.TRUE.equals(admin), roles));
  }
}
