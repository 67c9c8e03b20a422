package dev.dormouse.bench.scenario;

import java.util.Map;
import org.HdrHistogram.Histogram;

/** The figures every scenario reports the same way: latency percentiles and CPU. */
final class Figures {

  private Figures() {}

  static void latency(Measurement m, String prefix, Histogram micros) {
    if (micros.getTotalCount() == 0) {
      return;
    }
    m.put(prefix + "P50Ms", millis(micros.getValueAtPercentile(50)));
    m.put(prefix + "P99Ms", millis(micros.getValueAtPercentile(99)));
    m.put(prefix + "MaxMs", millis(micros.getMaxValue()));
  }

  /** CPU figures; {@code per} names what the work is counted in (delivered, stored). */
  static void cpu(Measurement m, CpuWindow.Usage usage, long units, String per) {
    m.put("serverCores", round(usage.serverCores(), 3));
    m.put("generatorCores", round(usage.generatorCores(), 3));
    if (units > 0) {
      m.put("serverCpuUsPer" + per, round((double) usage.serverCpuMicros() / units, 2));
    }
    if (usage.hasCompiler()) {
      // The JIT's part apart: with it, what this window cost; without it, the steady state.
      m.put("serverJitShare", round(usage.compilerShare(), 3));
      if (units > 0) {
        m.put("serverCpuUsPer" + per + "WithoutJit",
            round((double) (usage.serverCpuMicros() - usage.compilerCpuMicros()) / units, 2));
      }
      if (usage.compiler().endedThreads() > 0) {
        // Their last CPU is in the total but no longer told apart (see CompilerThreads).
        m.put("serverJitThreadsEnded", usage.compiler().endedThreads());
      }
    }
    if (units > 0) {
      m.put("generatorCpuUsPer" + per, round((double) usage.generatorCpuMicros() / units, 2));
    }
  }

  static void closes(Measurement m, Map<Integer, Integer> codes, String firstError) {
    codes.remove(1000);
    if (!codes.isEmpty()) {
      m.put("unexpectedCloses", codes.toString());
    }
    if (firstError != null) {
      m.note("first problem: " + firstError);
    }
  }

  static double millis(long micros) {
    return round(micros / 1000.0, 3);
  }

  static double round(double value, int places) {
    double scale = Math.pow(10, places);
    return Math.round(value * scale) / scale;
  }
}
