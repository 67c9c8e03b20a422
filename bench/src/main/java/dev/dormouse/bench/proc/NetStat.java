package dev.dormouse.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The kernel's TCP counters from {@code /proc/net/netstat}, for the whole machine: {@code
 * ListenOverflows} counts connections dropped because a listening socket's accept queue was full,
 * which is what a herd of reconnects meets when a server accepts slower than they arrive. Other
 * work on the machine counts too, so a scenario takes the difference over its own window.
 */
public final class NetStat {

  private NetStat() {}

  /** The machine's {@code TcpExt} counter {@code name} now, or -1 when it cannot be read. */
  public static long tcpExt(String name) {
    try {
      return counters(Files.readString(Path.of("/proc/net/netstat"))).getOrDefault("TcpExt:" + name, -1L);
    } catch (IOException e) {
      return -1;
    }
  }

  /** Every counter of a netstat text, named {@code <section>:<name>}: each section is a line of names, then one of values. */
  static Map<String, Long> counters(String netstat) {
    Map<String, Long> counters = new HashMap<>();
    String[] lines = netstat.split("\n");
    for (int i = 0; i + 1 < lines.length; i += 2) {
      String[] names = lines[i].trim().split("\\s+");
      String[] values = lines[i + 1].trim().split("\\s+");
      if (names.length != values.length || !names[0].equals(values[0])) {
        continue;
      }
      for (int k = 1; k < names.length; k++) {
        counters.put(names[0] + names[k], Long.parseLong(values[k]));
      }
    }
    return counters;
  }
}
