package dev.dormouse.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.dormouse.bench.proc.CompilerThreads;
import org.junit.jupiter.api.Test;

class IdleTest {

  @Test
  void idleCpuIsWhatHoldingTheSocketsCostsBeyondTheQuietServerPerSocketAndMinute() {
    // Alone: 1% of a core over 10 s. Holding 10,000 sockets: 11% over 60 s.
    CpuWindow.Usage quiet = usage(10, 100_000);
    CpuWindow.Usage holding = usage(60, 6_600_000);

    assertThat(Idle.idleCpuPerConnectionPerMinute(quiet, holding, 10_000)).isCloseTo(600.0, within(1e-6));
  }

  @Test
  void aNoisyQuietFigureNeverMakesHoldingSocketsCostLessThanNothing() {
    assertThat(Idle.idleCpuPerConnectionPerMinute(usage(10, 500_000), usage(60, 600_000), 100)).isZero();
    assertThat(Idle.idleCpuPerConnectionPerMinute(usage(10, 0), usage(60, 600_000), 0)).isZero();
  }

  private static CpuWindow.Usage usage(long seconds, long serverMicros) {
    return new CpuWindow.Usage(seconds * 1_000_000_000L, serverMicros, 0, new CompilerThreads.Share(0, 0, false));
  }
}
