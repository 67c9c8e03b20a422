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
import dev.dormouse.protocol.InputText;
import dev.dormouse.protocol.UserKind;
import dev.dormouse.protocol.UserRef;
import java.util.Optional;
import java.util.Set;

/**
 * Tokens from an operator's identity provider: RS256 or ES256, verified against configured public
 * keys, with issuer, audience and expiry checked. {@code sub} becomes the user id (prefixed, so it
 * can never collide with a Dormouse session's id) and {@code name} the display name.
 */
public final class OperatorTokens {

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  public OperatorTokens(JWKSet keys, String issuer, String audience) {
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), new ImmutableJWKSet<>(keys)));
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            audience, new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp")));
  }

  public Optional<UserRef> verify(SignedJWT jwt) {
    try {
      JWTClaimsSet claims = processor.process(jwt, null);
      String name = claims.getStringClaim("name");
      String cleaned = name == null ? "" : InputText.cleanName(name);
      int length = InputText.length(cleaned);
      String display = length >= 1 && length <= 32 ? cleaned : claims.getSubject();
      return Optional.of(new UserRef(UserKind.OPERATOR_ID_PREFIX + claims.getSubject(), display));
    } catch (Exception e) {
      // Bad signature, wrong issuer or audience, expired, malformed: all mean "not this user".
      return Optional.empty();
    }
  }
}
