package dev.dormouse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Free loopback ports for child processes. */
public final class FreePorts {

  private FreePorts() {}

  // Below Linux's ephemeral range (32768 and up), from which the system picks the local ports of
  // outgoing connections and of listeners on port 0, such as a node's remoting port: a port taken
  // from that range may be handed to someone else between this probe and the server's bind.
  private static final int LOWEST = 20_000;
  private static final int HIGHEST = 32_000;

  /**
   * {@code count} distinct ports that were free a moment ago, all held open together while they are
   * chosen so none is handed out twice.
   */
  public static int[] take(int count) {
    List<ServerSocket> held = new ArrayList<>();
    try {
      while (held.size() < count) {
        int candidate = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
        try {
          held.add(new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress()));
        } catch (IOException taken) {
          // someone has it; try another
        }
      }
      return held.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } finally {
      for (ServerSocket socket : held) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing a probe socket cannot lose anything
        }
      }
    }
  }
}
