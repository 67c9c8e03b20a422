package dev.dormouse.bench.proc;

import java.util.Map;

/**
 * The CPU a JVM's JIT compiler threads used between two readings of its threads. HotSpot names
 * them "C1 CompilerThread0", "C2 CompilerThread1" and so on, which /proc cuts to 15 bytes ("C2
 * CompilerThre"). Other servers have no thread of that name, and get no compiler figure.
 *
 * <p>HotSpot starts and stops compiler threads as its queue grows and shrinks. A thread that
 * ended between the readings took its last CPU with it: that CPU is still in the process's total
 * but can no longer be told apart, so it counts as the rest's, and {@link Share#endedThreads}
 * says it happened.
 */
public final class CompilerThreads {

  /** Compiler CPU between two readings, in ticks; {@code found} is false when there were no compiler threads. */
  public record Share(long ticks, int endedThreads, boolean found) {}

  private CompilerThreads() {}

  public static boolean isCompiler(String threadName) {
    return threadName.startsWith("C1 CompilerThre") || threadName.startsWith("C2 CompilerThre");
  }

  /** {@code before} and {@code after} map each compiler thread's id to its CPU ticks so far. */
  public static Share between(Map<Long, Long> before, Map<Long, Long> after) {
    long ticks = 0;
    for (Map.Entry<Long, Long> thread : after.entrySet()) {
      ticks += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
    }
    int ended = (int) before.keySet().stream().filter(tid -> !after.containsKey(tid)).count();
    return new Share(ticks, ended, !before.isEmpty() || !after.isEmpty());
  }
}
