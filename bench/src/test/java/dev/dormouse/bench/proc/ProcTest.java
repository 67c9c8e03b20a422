package dev.dormouse.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcTest {

  @Test
  void parsesStatEvenWhenTheCommandNameHasSpacesAndParentheses() {
    String line = "4242 (java (main) x) S 17 4242 4242 0 -1 4194560 9000 0 3 0 1234 567 0 0 20 0 40 0 100 0 0";

    ProcStat stat = ProcStat.parse(line);

    assertThat(stat.command()).isEqualTo("java (main) x");

    assertThat(stat.pid()).isEqualTo(4242);
    assertThat(stat.parentPid()).isEqualTo(17);
    assertThat(stat.userTicks()).isEqualTo(1234);
    assertThat(stat.systemTicks()).isEqualTo(567);
    assertThat(stat.cpuTicks()).isEqualTo(1801);
  }

  @Test
  void readsTheRealStatOfThisProcess() throws Exception {
    String line = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat")).trim();

    assertThat(ProcStat.parse(line).pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(ProcessProbe.self().cpuMicros()).isPositive();
    assertThat(ProcessProbe.self().residentKib()).isPositive();
  }

  @Test
  void readsResidentMemoryFromStatus() {
    String status = "Name:\tnode\nVmPeak:\t  900 kB\nVmRSS:\t   81234 kB\nThreads:\t7\n";

    assertThat(ProcStatus.residentKib(status)).isEqualTo(81234);
    assertThat(ProcStatus.residentKib("Name:\tkthreadd\n")).isZero();
    assertThat(ProcStatus.peakResidentKib("Name:\tjava\nVmHWM:\t  90210 kB\nVmRSS:\t   81234 kB\n")).isEqualTo(90210);
  }

  @Test
  void findsListeningPortsOfTheProcessOnly() {
    String listening = "   3: 0100007F:A3F1 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 77001 1 0000";
    String connected = "   4: 0100007F:A3F2 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 77002 1 0000";

    assertThat(ListeningPorts.listeningPort(listening, Set.of("77001"))).isEqualTo(0xA3F1);
    assertThat(ListeningPorts.listeningPort(listening, Set.of("1"))).isNull();
    assertThat(ListeningPorts.listeningPort(connected, Set.of("77002"))).isNull();
  }

  @Test
  void readsTheRunQueueWaitOfAThreadFromItsSchedstat() throws Exception {
    assertThat(ProcessProbe.schedstatWaitNanos("11813249 3712036 42\n")).isEqualTo(3_712_036);
    assertThat(ProcessProbe.schedstatWaitNanos("")).isZero();
    assertThat(ProcessProbe.self().runQueueWaitMicros()).isNotNegative();
  }

  @Test
  void readsTheKernelsTcpCountersByName() {
    String netstat = "TcpExt: SyncookiesSent ListenOverflows ListenDrops\nTcpExt: 0 1120 1121\n"
        + "IpExt: InNoRoutes InTruncatedPkts\nIpExt: 3 4\n";

    assertThat(NetStat.counters(netstat)).containsEntry("TcpExt:ListenOverflows", 1120L).containsEntry("IpExt:InNoRoutes", 3L);
    assertThat(NetStat.snapshot()).containsKey("TcpExt:ListenOverflows").containsKey("Tcp:RetransSegs");
  }

  @Test
  void aCoresBusyTimeIsAllButIdleAndIowait() {
    String stat = "cpu  351619 3307 56066 106714 647 0 3289 245 0 0\ncpu0 180252 1711 23474 53437 143 7 1965 126 0 0\n"
        + "cpu1 171366 1595 32592 53277 504 0 1323 118 0 0\nintr 1\n";

    assertThat(CpuStat.busyTicks(stat, 0)).isEqualTo(180252 + 1711 + 23474 + 7 + 1965 + 126);
    assertThat(CpuStat.busyTicks(stat, 2)).isEqualTo(-1);
    assertThat(CpuStat.busyMicros(0)).isPositive();
  }
}
