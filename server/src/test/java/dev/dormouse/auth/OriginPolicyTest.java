package dev.dormouse.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

  @Test
  void by_default_only_the_servers_own_origin_may_connect() {
    OriginPolicy own = new OriginPolicy(List.of(), true);
    assertThat(own.permits(Optional.of("https://chat.example.com"), "chat.example.com")).isTrue();
    assertThat(own.permits(Optional.of("https://chat.example.com"), "chat.example.com:443"))
        .isTrue();
    assertThat(own.permits(Optional.of("http://localhost:8080"), "localhost:8080")).isTrue();
    assertThat(own.permits(Optional.of("http://localhost:3000"), "localhost:8080")).isFalse();
    assertThat(
            own.permits(Optional.of("https://chat.example.com.evil.example"), "chat.example.com"))
        .isFalse();
    assertThat(own.permits(Optional.of("null"), "chat.example.com")).isFalse();
  }

  @Test
  void listed_origins_replace_the_default() {
    OriginPolicy listed =
        new OriginPolicy(List.of("https://chat.example.com", "http://localhost:3000/"), true);
    assertThat(listed.permits(Optional.of("HTTP://LOCALHOST:3000"), "localhost:8080")).isTrue();
    assertThat(listed.permits(Optional.of("http://localhost:8080"), "localhost:8080")).isFalse();
  }

  @Test
  void requests_without_origin_are_allowed_unless_configured_otherwise() {
    assertThat(new OriginPolicy(List.of(), true).permits(Optional.empty(), "x")).isTrue();
    assertThat(new OriginPolicy(List.of(), false).permits(Optional.empty(), "x")).isFalse();
  }
}
