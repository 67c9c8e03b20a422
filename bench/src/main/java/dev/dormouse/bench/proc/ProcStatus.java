package dev.dormouse.bench.proc;

/** Reads memory figures from a {@code /proc/<pid>/status} text. */
public final class ProcStatus {

  private ProcStatus() {}

  /** VmRSS in KiB, or 0 when the text has none (a zombie, a kernel thread). */
  public static long residentKib(String status) {
    return kib(status, "VmRSS:");
  }

  /** VmHWM in KiB: the most the process has ever held resident; 0 when the text has none. */
  public static long peakResidentKib(String status) {
    return kib(status, "VmHWM:");
  }

  private static long kib(String status, String field) {
    for (String line : status.split("\n")) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
      }
    }
    return 0;
  }
}
