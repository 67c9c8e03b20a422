package dev.dormouse.bench.proc;

/**
 * The fields the bench reads from a {@code /proc/<pid>/stat} or {@code /proc/<pid>/task/<tid>/stat}
 * line (proc(5)). The command name (for a thread, its name cut to 15 bytes) sits in parentheses
 * and may itself hold spaces and parentheses, so fields are counted from the last ')'.
 */
public record ProcStat(int pid, String command, int parentPid, long userTicks, long systemTicks) {

  public static ProcStat parse(String line) {
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 0 || close < open) {
      throw new IllegalArgumentException("not a /proc stat line: " + line);
    }
    int pid = Integer.parseInt(line.substring(0, open).trim());
    // After ")": state(3) ppid(4) pgrp(5) session(6) tty_nr(7) tpgid(8) flags(9) minflt(10)
    // cminflt(11) majflt(12) cmajflt(13) utime(14) stime(15) ...
    String[] rest = line.substring(close + 1).trim().split(" +");
    String command = line.substring(open + 1, close);
    return new ProcStat(pid, command, Integer.parseInt(rest[1]), Long.parseLong(rest[11]), Long.parseLong(rest[12]));
  }

  public long cpuTicks() {
    return userTicks + systemTicks;
  }
}
