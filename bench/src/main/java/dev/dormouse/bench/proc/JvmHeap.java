package dev.dormouse.bench.proc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap of a running JVM, through the JDK's jcmd. Live heap is the total line of {@code
 * GC.class_histogram}, which runs a full GC first and then counts every live object in every
 * generation. {@code GC.heap_info} is not enough on its own: under the Serial GC (what a JVM
 * pinned to one core picks) it lists the young and the old generation on separate lines, and
 * the first line alone misses everything that was promoted.
 */
public final class JvmHeap {

  /** Live bytes after a full GC, and the heap the JVM has committed, both in KiB; -1 when unknown. */
  public record Heap(long liveKib, long committedKib) {}

  /** The heap in use now, garbage included, and committed, both in KiB; -1 when unknown. */
  public record Occupancy(long usedKib, long committedKib) {}

  private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");
  // "DefNew     total 116160K, used 96542K [...": Serial and Parallel, one line per generation;
  // " garbage-first heap   total reserved 6291456K, committed 262144K, used 48211K [...": G1.
  private static final Pattern GENERATION =
      Pattern.compile("(?m)^\\s*\\S.*?\\btotal (?:reserved \\d+K, committed )?(\\d+)K, used (\\d+)K");

  private JvmHeap() {}

  /** Runs a full GC in {@code pid} and measures its heap. */
  public static Heap measure(long pid) {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    String histogram = run(jcmd, Long.toString(pid), "GC.class_histogram");
    String info = run(jcmd, Long.toString(pid), "GC.heap_info");
    long live = histogram == null ? -1 : histogramTotalBytes(histogram);
    return new Heap(live < 0 ? -1 : live / 1024, info == null ? -1 : committedKib(info));
  }

  /**
   * The heap as it is, without a GC: cheap enough to take every few seconds while the server
   * works (jcmd costs the generator about 0.15 s of CPU), though what is used includes garbage.
   */
  public static Occupancy occupancy(long pid) {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    String info = run(jcmd, Long.toString(pid), "GC.heap_info");
    return info == null ? new Occupancy(-1, -1) : new Occupancy(usedKib(info), committedKib(info));
  }

  /** The bytes on the histogram's total line, or -1 when there is none. */
  static long histogramTotalBytes(String histogram) {
    Matcher m = TOTAL.matcher(histogram);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /** Committed KiB summed over every generation {@code GC.heap_info} lists, or -1 when it lists none. */
  static long committedKib(String heapInfo) {
    Matcher m = GENERATION.matcher(heapInfo);
    long sum = 0;
    boolean any = false;
    while (m.find()) {
      sum += Long.parseLong(m.group(1));
      any = true;
    }
    return any ? sum : -1;
  }

  /** Used KiB summed over every generation {@code GC.heap_info} lists, or -1 when it lists none. */
  static long usedKib(String heapInfo) {
    Matcher m = GENERATION.matcher(heapInfo);
    long sum = 0;
    boolean any = false;
    while (m.find()) {
      sum += Long.parseLong(m.group(2));
      any = true;
    }
    return any ? sum : -1;
  }

  private static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
