package dev.dormouse.bench.proc;

/** Reads the resident set size from a {@code /proc/<pid>/status} text. */
public final class ProcStatus {

  private ProcStatus() {}

  /** VmRSS in KiB, or 0 when the text has none (a zombie, a kernel thread). */
  public static long residentKib(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
      }
    }
    return 0;
  }
}
