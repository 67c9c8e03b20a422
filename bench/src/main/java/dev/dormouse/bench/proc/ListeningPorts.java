package dev.dormouse.bench.proc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP ports a process listens on, from /proc/net/tcp and the process's socket descriptors.
 * The bench needs it to find the inner workerd that {@code wrangler dev} starts on a random port.
 */
public final class ListeningPorts {

  private static final String LISTEN = "0A";

  private ListeningPorts() {}

  public static List<Integer> of(long pid) {
    Set<String> inodes = socketInodes(pid);
    List<Integer> ports = new ArrayList<>();
    for (String table : List.of("tcp", "tcp6")) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table))) {
          Integer port = listeningPort(line, inodes);
          if (port != null) {
            ports.add(port);
          }
        }
      } catch (IOException e) {
        // No such table (IPv6 off), or the process is gone.
      }
    }
    return ports;
  }

  /** The local port of a /proc/net/tcp line in LISTEN state whose inode is one of {@code inodes}. */
  static Integer listeningPort(String line, Set<String> inodes) {
    String[] f = line.trim().split("\\s+");
    if (f.length < 10 || !f[3].equals(LISTEN) || !inodes.contains(f[9])) {
      return null;
    }
    String local = f[1];
    return Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
  }

  private static Set<String> socketInodes(long pid) {
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException ignored) {
          // The descriptor closed while we looked.
        }
      }
    } catch (IOException e) {
      return inodes;
    }
    return inodes;
  }
}
