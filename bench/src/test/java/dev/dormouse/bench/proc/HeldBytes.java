package dev.dormouse.bench.proc;

/**
 * A JVM that holds a known number of MiB in live byte arrays, for {@link JvmHeapTest}: it
 * allocates them, prints "ready", and waits to be measured until its standard input closes.
 */
public final class HeldBytes {

  private static byte[][] held;

  private HeldBytes() {}

  public static void main(String[] args) throws Exception {
    held = new byte[Integer.parseInt(args[0])][];
    for (int i = 0; i < held.length; i++) {
      held[i] = new byte[1 << 20];
    }
    System.out.println("ready");
    System.out.flush();
    System.in.read();
    System.out.println(held.length);
  }
}
