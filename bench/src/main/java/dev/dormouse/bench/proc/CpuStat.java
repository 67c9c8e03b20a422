package dev.dormouse.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy one core has been, from {@code /proc/stat}: everything but idle and iowait, in clock
 * ticks. Less what the server pinned to that core used, it is what the rest of the machine took
 * from the server's core, which on a shared machine explains a slow run.
 */
public final class CpuStat {

  private CpuStat() {}

  /** Busy time of core {@code cpu} so far, in microseconds; -1 when /proc/stat does not say. */
  public static long busyMicros(int cpu) {
    try {
      long ticks = busyTicks(Files.readString(Path.of("/proc/stat")), cpu);
      return ticks < 0 ? -1 : ProcessProbe.ticksToMicros(ticks);
    } catch (IOException e) {
      return -1;
    }
  }

  /** user + nice + system + irq + softirq + steal of the {@code cpu<N>} line, or -1 when there is none. */
  static long busyTicks(String stat, int cpu) {
    String prefix = "cpu" + cpu + " ";
    for (String line : stat.split("\n")) {
      if (line.startsWith(prefix)) {
        String[] f = line.substring(prefix.length()).trim().split("\\s+");
        long[] v = new long[8];
        for (int i = 0; i < v.length && i < f.length; i++) {
          v[i] = Long.parseLong(f[i]);
        }
        // user nice system idle iowait irq softirq steal
        return v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
      }
    }
    return -1;
  }
}
