package dev.dormouse.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.bench.proc.CompilerThreads;
import org.junit.jupiter.api.Test;

class WarmupTest {

  private static final Warmup WARMUP = new Warmup(1000, 500, 3000, 0.05);

  @Test
  void startsWithTheMinimum() {
    assertThat(WARMUP.nextRound(0, null)).isEqualTo(1000);
  }

  @Test
  void goesOnWhileTheJitTakesMoreThanItsQuietShare() {
    assertThat(WARMUP.nextRound(1000, usage(1_000_000, 20))).isEqualTo(500);
    assertThat(WARMUP.nextRound(1000, usage(1_000_000, 4))).isZero();
  }

  @Test
  void neverPostsMoreThanTheMaximum() {
    assertThat(WARMUP.nextRound(2800, usage(1_000_000, 50))).isEqualTo(200);
    assertThat(WARMUP.nextRound(3000, usage(1_000_000, 50))).isZero();
  }

  @Test
  void aServerWithoutAJitStopsAfterTheMinimum() {
    CpuWindow.Usage node = new CpuWindow.Usage(1_000_000_000L, 1_000_000, 0, new CompilerThreads.Share(0, 0, false));

    assertThat(WARMUP.nextRound(1000, node)).isZero();
  }

  /** A round in which the server used {@code serverMicros}, {@code compilerTicks} of them in its JIT. */
  private static CpuWindow.Usage usage(long serverMicros, long compilerTicks) {
    return new CpuWindow.Usage(1_000_000_000L, serverMicros, 0, new CompilerThreads.Share(compilerTicks, 0, true));
  }
}
