package dev.dormouse.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JvmHeapTest {

  private static final String SERIAL_HEAP_INFO = """
      DefNew     total 116160K, used 96542K [0x0000000687400000, 0x000000068f200000, 0x0000000704d50000)
       eden space 103296K,  93% used [0x0000000687400000, 0x000000068d247970, 0x000000068d8e0000)
       from space 12864K,   0% used [0x000000068d8e0000, 0x000000068d8e0000, 0x000000068e570000)
       to   space 12864K,   0% used [0x000000068e570000, 0x000000068e570000, 0x000000068f200000)
      Tenured    total 258048K, used 1166K [0x0000000704d50000, 0x0000000714950000, 0x0000000800000000)
       the  space 258048K,   0% used [0x0000000704d50000, 0x0000000704e73ab8, 0x0000000714950000)
      """;

  @Test
  void readsLiveBytesFromTheHistogramsTotalLine() {
    String histogram = """
        10862:
         num     #instances         #bytes  class name (module)
        -------------------------------------------------------
           1:         15539       67873360  [B (java.base@25.0.3)
           2:          3352         432416  java.lang.Class (java.base@25.0.3)
        Total         68555       70265848
        """;

    assertThat(JvmHeap.histogramTotalBytes(histogram)).isEqualTo(70_265_848);
    assertThat(JvmHeap.histogramTotalBytes("10862:\nCould not attach\n")).isEqualTo(-1);
  }

  @Test
  void committedHeapCountsEveryGenerationOfTheSerialGc() {
    assertThat(JvmHeap.committedKib(SERIAL_HEAP_INFO)).isEqualTo(116_160 + 258_048);
  }

  @Test
  void heapInUseCountsEveryGenerationToo() {
    assertThat(JvmHeap.usedKib(SERIAL_HEAP_INFO)).isEqualTo(96_542 + 1_166);
    assertThat(JvmHeap.usedKib("nothing")).isEqualTo(-1);
  }

  @Test
  void committedHeapOfG1IsItsOneLine() {
    String g1 = " garbage-first heap   total reserved 6291456K, committed 262144K, used 48211K [0x0000000680000000, 0x0000000800000000)\n"
        + "  region size 4096K, 12 young (49152K), 0 survivors (0K)\n";

    assertThat(JvmHeap.committedKib(g1)).isEqualTo(262_144);
    assertThat(JvmHeap.committedKib("nothing")).isEqualTo(-1);
  }

  /**
   * A child JVM on the Serial GC holds 64 MiB in arrays; most of it is promoted to the old
   * generation by the full GC, which is exactly what reading the young generation alone missed.
   */
  @Test
  void measuresTheLiveHeapOfAJvmHoldingAKnownAllocation() throws Exception {
    int mib = 64;
    Path classes = Path.of(HeldBytes.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-Xmx512m", "-cp", classes.toString(), HeldBytes.class.getName(), Integer.toString(mib))
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("ready");

      JvmHeap.Heap heap = JvmHeap.measure(child.pid());

      assertThat(heap.liveKib()).isBetween(mib * 1024L, (mib + 16) * 1024L);
      assertThat(heap.committedKib()).isGreaterThanOrEqualTo(heap.liveKib());
    } finally {
      child.getOutputStream().close();
      if (!child.waitFor(10, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
  }
}
