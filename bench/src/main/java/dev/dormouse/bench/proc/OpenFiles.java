package dev.dormouse.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * How many more files (sockets) a process may open: its soft limit from {@code /proc/<pid>/limits}
 * less the descriptors it holds now. Every socket is a file on both ends, and this machine's hard
 * limit is 20,000 per process, so the bench checks both the generator and the server before it
 * opens thousands.
 */
public final class OpenFiles {

  /** Descriptors kept free for what a process opens besides the sockets: jars, logs, SQLite, pipes. */
  public static final int MARGIN = 200;

  private OpenFiles() {}

  /** Files {@code pid} may still open, keeping {@link #MARGIN} free; Long.MAX_VALUE when /proc does not say. */
  public static long room(long pid) {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      long open = fds.count();
      long limit = softLimit(Files.readString(Path.of("/proc", Long.toString(pid), "limits")));
      return limit < 0 ? Long.MAX_VALUE : room(limit, open);
    } catch (IOException e) {
      return Long.MAX_VALUE;
    }
  }

  static long room(long limit, long open) {
    return Math.max(0, limit - open - MARGIN);
  }

  /** The soft limit on the "Max open files" line of a limits text, or -1 (also for "unlimited"). */
  static long softLimit(String limits) {
    for (String line : limits.split("\n")) {
      if (line.startsWith("Max open files")) {
        String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
        return soft.equals("unlimited") ? -1 : Long.parseLong(soft);
      }
    }
    return -1;
  }
}
