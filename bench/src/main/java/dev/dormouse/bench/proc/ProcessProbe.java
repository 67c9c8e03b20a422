package dev.dormouse.bench.proc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time and memory of a process and all its descendants, read from /proc. A server counts
 * with its children because some peers are several processes (wrangler runs workerd twice). CPU
 * is utime + stime in clock ticks of 10 ms (USER_HZ), so the bench measures windows of seconds.
 */
public final class ProcessProbe {

  private static final long TICKS_PER_SECOND = clockTicksPerSecond();

  private final long rootPid;
  private final boolean withDescendants;

  /** A server: the process and its descendants. */
  public ProcessProbe(long rootPid) {
    this(rootPid, true);
  }

  private ProcessProbe(long rootPid, boolean withDescendants) {
    this.rootPid = rootPid;
    this.withDescendants = withDescendants;
  }

  /** The generator itself, without its descendants: those are the servers it started. */
  public static ProcessProbe self() {
    return new ProcessProbe(ProcessHandle.current().pid(), false);
  }

  public long rootPid() {
    return rootPid;
  }

  /** The root and, for a server, every living descendant. */
  public List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    pids.add(rootPid);
    if (withDescendants) {
      ProcessHandle.of(rootPid).ifPresent(root -> root.descendants().forEach(p -> pids.add(p.pid())));
    }
    return pids;
  }

  /** CPU time used so far by the whole tree, in microseconds. */
  public long cpuMicros() {
    long ticks = 0;
    for (long pid : pids()) {
      String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
      if (stat != null) {
        ticks += ProcStat.parse(stat.trim()).cpuTicks();
      }
    }
    return ticksToMicros(ticks);
  }

  /** CPU ticks so far of each JIT compiler thread in the tree, by thread id (see {@link CompilerThreads}). */
  public Map<Long, Long> compilerThreadTicks() {
    Map<Long, Long> ticks = new HashMap<>();
    for (long pid : pids()) {
      try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
        for (Path task : tasks) {
          String line = read(task.resolve("stat"));
          if (line != null) {
            ProcStat stat = ProcStat.parse(line.trim());
            if (CompilerThreads.isCompiler(stat.command())) {
              ticks.put((long) stat.pid(), stat.cpuTicks());
            }
          }
        }
      } catch (IOException e) {
        // The process ended while we listed its threads.
      }
    }
    return ticks;
  }

  public static long ticksToMicros(long ticks) {
    return ticks * 1_000_000 / TICKS_PER_SECOND;
  }

  /**
   * Time the tree's threads have spent so far ready to run but waiting for a CPU, in
   * microseconds: the second field of each {@code /proc/<pid>/task/<tid>/schedstat}. On a shared
   * machine it tells a server that was starved by its neighbours from one that was idle.
   */
  public long runQueueWaitMicros() {
    long nanos = 0;
    for (long pid : pids()) {
      try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
        for (Path task : tasks) {
          String line = read(task.resolve("schedstat"));
          if (line != null) {
            nanos += schedstatWaitNanos(line);
          }
        }
      } catch (IOException e) {
        // The process ended while we listed its threads.
      }
    }
    return nanos / 1000;
  }

  /** The wait field of a schedstat line ("cpu wait slices", in ns), or 0 when it has none. */
  static long schedstatWaitNanos(String line) {
    String[] fields = line.trim().split("\\s+");
    return fields.length >= 2 ? Long.parseLong(fields[1]) : 0;
  }

  /** Resident memory of the whole tree, in KiB. */
  public long residentKib() {
    long kib = 0;
    for (long pid : pids()) {
      String status = read(Path.of("/proc", Long.toString(pid), "status"));
      if (status != null) {
        kib += ProcStatus.residentKib(status);
      }
    }
    return kib;
  }

  /**
   * The most each process of the tree has ever held resident, summed, in KiB: exact where sampling
   * would miss a short peak, as long as the processes are the ones that started with the server.
   */
  public long peakResidentKib() {
    long kib = 0;
    for (long pid : pids()) {
      String status = read(Path.of("/proc", Long.toString(pid), "status"));
      if (status != null) {
        kib += ProcStatus.peakResidentKib(status);
      }
    }
    return kib;
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      return null; // the process ended between listing and reading
    }
  }

  private static long clockTicksPerSecond() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes()).trim();
      getconf.waitFor();
      return Long.parseLong(out);
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
