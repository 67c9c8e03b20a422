package dev.dormouse.bench.proc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Live heap of a running JVM after a full GC, through the JDK's jcmd. */
public final class JvmHeap {

  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  private JvmHeap() {}

  /** KiB of heap in use after {@code GC.run}, or -1 when jcmd could not tell. */
  public static long usedAfterGcKib(long pid) {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    run(jcmd, Long.toString(pid), "GC.run");
    String info = run(jcmd, Long.toString(pid), "GC.heap_info");
    return info == null ? -1 : parseUsedKib(info);
  }

  static long parseUsedKib(String heapInfo) {
    Matcher m = USED.matcher(heapInfo);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
