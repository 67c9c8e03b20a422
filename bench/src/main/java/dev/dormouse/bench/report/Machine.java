package dev.dormouse.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The machine a run happened on, as /proc and the tools' own version flags tell it. */
public final class Machine {

  private Machine() {}

  public static Map<String, Object> describe(Path peers) {
    Map<String, Object> m = new LinkedHashMap<>();
    String cpuinfo = read("/proc/cpuinfo");
    m.put("cpus", cpuinfo.lines().filter(l -> l.startsWith("processor")).count());
    m.put("cpuModel", cpuinfo.lines().filter(l -> l.startsWith("model name")).findFirst()
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown"));
    m.put("memoryGib", read("/proc/meminfo").lines().filter(l -> l.startsWith("MemTotal:")).findFirst()
        .map(l -> Math.round(Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0 * 10) / 10.0).orElse(0.0));
    m.put("kernel", read("/proc/sys/kernel/osrelease").trim());
    m.put("loadAverageAtStart", read("/proc/loadavg").trim());
    m.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
    Path bin = peers.resolve("node_modules/.bin");
    m.put("node", version(bin.resolve("node").toString(), "--version"));
    m.put("workerd", version(bin.resolve("workerd").toString(), "--version"));
    m.put("generatorCpus", status("Cpus_allowed_list"));
    return m;
  }

  /** The 1, 5 and 15 minute load averages, from /proc/loadavg. */
  public static String loadAverage() {
    String[] fields = read("/proc/loadavg").trim().split(" ");
    return fields.length >= 3 ? fields[0] + " " + fields[1] + " " + fields[2] : "?";
  }

  /** A field of /proc/self/status, such as the cores this process may run on. */
  public static String status(String field) {
    return read("/proc/self/status").lines().filter(l -> l.startsWith(field + ":")).findFirst()
        .map(l -> l.substring(field.length() + 1).trim()).orElse("?");
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      return "";
    }
  }

  private static String version(String... command) {
    try {
      Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      return p.waitFor(20, TimeUnit.SECONDS) ? out.lines().reduce((a, b) -> b).orElse("?") : "?";
    } catch (IOException e) {
      return "not installed";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }
}
