package dev.dormouse.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The kernel's TCP counters from {@code /proc/net/netstat} and {@code /proc/net/snmp}, for the
 * whole machine: {@code TcpExt:ListenOverflows} counts connections dropped because a listening
 * socket's accept queue was full, which is what a herd of reconnects meets when a server accepts
 * slower than they arrive; {@code TcpExt:TCPSynRetrans} and {@code Tcp:RetransSegs} count what
 * had to be sent again. Other work on the machine counts too, so a scenario takes the difference
 * over its own window.
 */
public final class NetStat {

  private NetStat() {}

  /** Every counter of both files now, named like {@code TcpExt:ListenOverflows}; empty when they cannot be read. */
  public static Map<String, Long> snapshot() {
    Map<String, Long> counters = new HashMap<>();
    for (String file : new String[] {"/proc/net/netstat", "/proc/net/snmp"}) {
      try {
        counters.putAll(counters(Files.readString(Path.of(file))));
      } catch (IOException e) {
        // Not Linux, or not allowed: no counters.
      }
    }
    return counters;
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
