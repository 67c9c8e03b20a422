package dev.dormouse.store;

import dev.dormouse.access.Scope;
import java.util.EnumSet;
import java.util.Set;

/**
 * An API key as the store keeps it: everything but the key itself, of which only a hash is stored.
 * {@code revokedAt}: when it was revoked, in epoch ms; null while it works.
 */
public record ApiKey(String id, String name, Set<Scope> scopes, long createdAt, Long revokedAt) {

  public ApiKey {
    scopes = scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
  }

  public boolean revoked() {
    return revokedAt != null;
  }

  public boolean allows(Scope scope) {
    return !revoked() && scopes.contains(scope);
  }
}
