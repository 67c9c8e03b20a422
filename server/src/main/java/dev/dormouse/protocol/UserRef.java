package dev.dormouse.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A person as the wire shows them: the server-assigned id, the display name, and their {@link
 * UserKind}. The kind is written out but never read back: it is the id's, so it cannot disagree
 * with it.
 */
@JsonIgnoreProperties(value = "kind", allowGetters = true)
public record UserRef(String id, String name) implements WireSerializable {

  @JsonProperty("kind")
  public UserKind kind() {
    return UserKind.of(id);
  }
}
