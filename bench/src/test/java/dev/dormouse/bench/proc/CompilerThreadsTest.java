package dev.dormouse.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CompilerThreadsTest {

  @Test
  void knowsHotSpotsCompilerThreadsByTheirNamesCutTo15Bytes() {
    assertThat(CompilerThreads.isCompiler("C2 CompilerThre")).isTrue();
    assertThat(CompilerThreads.isCompiler("C1 CompilerThre")).isTrue();
    assertThat(CompilerThreads.isCompiler("VM Thread")).isFalse();
    assertThat(CompilerThreads.isCompiler("node")).isFalse();
  }

  @Test
  void countsWhatEachThreadUsedSinceTheFirstReadingAndWhatNewThreadsUsedInAll() {
    Map<Long, Long> before = Map.of(11L, 500L, 12L, 40L);
    Map<Long, Long> after = Map.of(11L, 530L, 12L, 40L, 13L, 7L);

    CompilerThreads.Share share = CompilerThreads.between(before, after);

    assertThat(share.ticks()).isEqualTo(37);
    assertThat(share.endedThreads()).isZero();
    assertThat(share.found()).isTrue();
  }

  @Test
  void saysWhenACompilerThreadEndedBetweenTheReadings() {
    CompilerThreads.Share share = CompilerThreads.between(Map.of(11L, 500L, 14L, 90L), Map.of(11L, 510L));

    assertThat(share.ticks()).isEqualTo(10);
    assertThat(share.endedThreads()).isEqualTo(1);
  }

  @Test
  void aServerWithoutCompilerThreadsHasNoShare() {
    assertThat(CompilerThreads.between(Map.of(), Map.of()).found()).isFalse();
  }

  @Test
  void findsTheCompilerThreadsOfThisJvm() {
    assertThat(new ProcessProbe(ProcessHandle.current().pid()).compilerThreadTicks()).isNotEmpty();
  }
}
