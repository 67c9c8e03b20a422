package dev.dormouse.bench.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerPortTest {

  @Test
  void aServersPortIsBelowTheRangeItsClientsTakeTheirPortsFrom() throws Exception {
    int first = ServerProcess.firstEphemeralPort(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range")));

    assertThat(ServerProcess.freePort()).isLessThan(first).isGreaterThanOrEqualTo(1024);
  }

  @Test
  void readsTheFirstEphemeralPort() {
    assertThat(ServerProcess.firstEphemeralPort("32768\t60999\n")).isEqualTo(32768);
    assertThat(ServerProcess.firstEphemeralPort("")).isEqualTo(32768);
    assertThat(ServerProcess.firstEphemeralPort("1024 65000")).isEqualTo(2048);
  }
}
