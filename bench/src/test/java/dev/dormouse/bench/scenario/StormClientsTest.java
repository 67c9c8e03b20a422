package dev.dormouse.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StormClientsTest {

  @Test
  void aFailedConnectionIsToldByTheMessageOfTheJdksException() {
    assertThat(StormClients.failure("Connection refused")).isEqualTo(StormClients.Failure.CONNECT_REFUSED);
    assertThat(StormClients.failure("Connection reset by peer")).isEqualTo(StormClients.Failure.RESET);
    assertThat(StormClients.failure("Connection reset")).isEqualTo(StormClients.Failure.RESET);
    assertThat(StormClients.failure("closed during the upgrade")).isEqualTo(StormClients.Failure.CLOSED_UNANSWERED);
    assertThat(StormClients.failure("Broken pipe")).isEqualTo(StormClients.Failure.CLOSED_UNANSWERED);
    assertThat(StormClients.failure("connect failed: Cannot assign requested address")).isEqualTo(StormClients.Failure.OTHER);
    assertThat(StormClients.failure(null)).isEqualTo(StormClients.Failure.OTHER);
  }
}
