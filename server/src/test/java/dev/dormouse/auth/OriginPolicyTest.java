package dev.dormouse.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

  private static final KnownHosts DEFAULT_HOSTS = new KnownHosts(List.of(), List.of());
  private static final OriginPolicy OWN = new OriginPolicy(List.of(), DEFAULT_HOSTS, true);

  private static boolean permits(OriginPolicy policy, String origin, String host, boolean https) {
    return policy.permits(Optional.of(origin), Optional.of(host), https);
  }

  @Test
  void by_default_the_servers_own_origin_on_localhost_or_an_address_may_connect() {
    assertThat(permits(OWN, "http://localhost:8080", "localhost:8080", false)).isTrue();
    assertThat(permits(OWN, "http://127.0.0.1:8080", "127.0.0.1:8080", false)).isTrue();
    assertThat(permits(OWN, "http://[::1]:8080", "[::1]:8080", false)).isTrue();
    assertThat(permits(OWN, "http://10.0.0.5", "10.0.0.5:80", false)).isTrue();
    assertThat(permits(OWN, "http://localhost:3000", "localhost:8080", false)).isFalse();
    assertThat(permits(OWN, "null", "localhost:8080", false)).isFalse();
  }

  @Test
  void a_page_whose_name_was_rebound_to_this_server_is_not_its_own_origin() {
    // Origin and Host agree, as they do for every rebinding page: the name is what gives it away.
    assertThat(permits(OWN, "http://evil.example:8080", "evil.example:8080", false)).isFalse();
    assertThat(permits(OWN, "http://127.0.0.1.nip.io:8080", "127.0.0.1.nip.io:8080", false))
        .isFalse();
    assertThat(permits(OWN, "http://localhost.evil.example", "localhost.evil.example", false))
        .isFalse();
    assertThat(OWN.permits(Optional.of("http://localhost:8080"), Optional.empty(), false))
        .isFalse();
  }

  @Test
  void a_name_the_operator_lists_is_the_servers_own_under_the_scheme_the_request_came_by() {
    OriginPolicy named =
        new OriginPolicy(List.of(), new KnownHosts(List.of("chat.example.com"), List.of()), true);
    assertThat(permits(named, "https://chat.example.com", "chat.example.com", true)).isTrue();
    assertThat(permits(named, "https://chat.example.com", "chat.example.com:443", true)).isTrue();
    assertThat(permits(named, "https://chat.example.com.evil.example", "chat.example.com", true))
        .isFalse();
    assertThat(permits(named, "https://evil.example", "evil.example", true)).isFalse();
  }

  @Test
  void the_scheme_must_be_the_one_the_request_came_by() {
    OriginPolicy named =
        new OriginPolicy(List.of(), new KnownHosts(List.of("chat.example.com"), List.of()), true);
    // A plain-http page, which anyone on the network path can write, behind the https site.
    assertThat(permits(named, "http://chat.example.com", "chat.example.com", true)).isFalse();
    assertThat(permits(named, "https://chat.example.com", "chat.example.com", false)).isFalse();
    assertThat(permits(OWN, "https://localhost:8080", "localhost:8080", false)).isFalse();
    assertThat(permits(OWN, "http://localhost:443", "localhost:443", true)).isFalse();
  }

  @Test
  void listed_origins_replace_the_default() {
    OriginPolicy listed =
        new OriginPolicy(
            List.of("https://chat.example.com", "http://localhost:3000/"), DEFAULT_HOSTS, true);
    assertThat(permits(listed, "HTTP://LOCALHOST:3000", "localhost:8080", false)).isTrue();
    assertThat(permits(listed, "https://chat.example.com", "chat.example.com", true)).isTrue();
    assertThat(permits(listed, "http://chat.example.com", "chat.example.com", false)).isFalse();
    assertThat(permits(listed, "http://localhost:8080", "localhost:8080", false)).isFalse();
  }

  @Test
  void requests_without_origin_are_allowed_unless_configured_otherwise() {
    assertThat(OWN.permits(Optional.empty(), Optional.of("x"), false)).isTrue();
    assertThat(
            new OriginPolicy(List.of(), DEFAULT_HOSTS, false)
                .permits(Optional.empty(), Optional.of("x"), false))
        .isFalse();
  }
}
