package dev.dormouse.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KnownHostsTest {

  private static final KnownHosts DEFAULT = new KnownHosts(List.of(), List.of());

  private static boolean knows(KnownHosts hosts, String host) {
    return hosts.includes(Optional.of(host));
  }

  @Test
  void addresses_and_localhost_are_known_without_configuration() {
    for (String host :
        List.of(
            "localhost",
            "localhost:8080",
            "LocalHost:8080",
            "localhost.:8080",
            "app.localhost:3000",
            "127.0.0.1",
            "127.0.0.1:8080",
            "10.0.0.5:80",
            "[::1]:8080",
            "[::1]",
            "[2001:db8::7]:443")) {
      assertThat(knows(DEFAULT, host)).as(host).isTrue();
    }
  }

  @Test
  void any_other_name_is_unknown_however_it_resolves() {
    for (String host :
        List.of(
            "evil.example:8080",
            "127.0.0.1.nip.io:8080",
            "localhost.evil.example",
            "chat.example.com",
            "")) {
      assertThat(knows(DEFAULT, host)).as(host).isFalse();
    }
    assertThat(DEFAULT.includes(Optional.empty())).as("no Host at all").isFalse();
  }

  @Test
  void what_is_not_a_host_and_port_is_unknown() {
    for (String host :
        List.of(
            "::1",
            "localhost:",
            "localhost:http",
            "localhost:99999",
            "[::1]x",
            "[::1",
            "user@localhost",
            "localhost/path",
            "local host",
            "localhost:8080:8080")) {
      assertThat(knows(DEFAULT, host)).as(host).isFalse();
    }
  }

  @Test
  void names_come_from_allowed_hosts_and_the_hosts_of_allowed_origins() {
    KnownHosts configured =
        new KnownHosts(
            List.of("chat.example.com", "Dormouse.internal:8080"),
            List.of("https://app.example.com", "http://dev.example.com:3000/"));
    for (String host :
        List.of(
            "chat.example.com",
            "chat.example.com:443",
            "CHAT.example.com.",
            "dormouse.internal:9090",
            "app.example.com",
            "dev.example.com:8080")) {
      assertThat(knows(configured, host)).as(host).isTrue();
    }
    assertThat(knows(configured, "example.com")).isFalse();
    assertThat(knows(configured, "evil.chat.example.com")).isFalse();
  }
}
