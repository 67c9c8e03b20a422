package dev.dormouse.bench;

/**
 * Runs the Dormouse benchmark suite; bench/run.sh is the usual way in. Options:
 *
 * <pre>
 *   --quick                 Dormouse only, small sizes, two to three minutes
 *   --servers a,b           dormouse, ws, socketio, do, do-sql (default: all; --quick: dormouse)
 *   --scenarios a,b         fanout, many-rooms, durable-writes, joins, idle, wake, storm (default: all)
 *   --fanout N:M:R,...      fanout shapes instead of the preset ones (R: per second, or max)
 *   --joins K,...           sockets joining one room in the joins scenario (default 1000,5000; --quick: 300)
 *   --idle-connections N    sockets in rooms of 100 in the idle scenario (default 19,000, about
 *                           the most under 20,000 open files; --quick: 1,000)
 *   --storm-clients N       clients in the reconnect storm (default 10,000, in the quick run too)
 *   --dormouse-java-options "-XX:StartFlightRecording=..."   extra JVM options for Dormouse (a profile)
 *   --docs                  also rewrite docs/benchmarks.md (always done by a full run of every server)
 *   --dormouse-jar PATH, --peers DIR, --results DIR, --docs-file FILE, --findings FILE, --server-core N
 * </pre>
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("options: --" + String.join(", --", Options.KNOWN.stream().sorted().toList()));
      System.exit(2);
      return;
    }
    System.exit(new Suite(options).run());
  }
}
