package dev.dormouse.bench.scenario;

/**
 * How long a fanout warms a server up before measuring: at least {@code minimum} unmeasured
 * messages, then rounds of {@code round} more until a round in which the JIT compiler threads took
 * at most {@code quietShare} of the server's CPU, and never more than {@code maximum} in all. A
 * server without a JIT to tell apart (Node's and workerd's compile on threads shared with other
 * work) stops after the minimum. The measured window still reports the compiler's share, since
 * the paced load that follows can make the JIT compile paths the warm-up did not take.
 */
record Warmup(int minimum, int round, int maximum, double quietShare) {

  /** At least {@code minimum}, then rounds of 1,000 up to 20,000 in all, until the JIT takes at most 5%. */
  static Warmup atLeast(int minimum) {
    return new Warmup(minimum, 1000, Math.max(minimum, 20_000), 0.05);
  }

  /** Messages of the next round after {@code posted} were sent, or 0 when the warm-up is over. */
  int nextRound(int posted, CpuWindow.Usage lastRound) {
    if (posted == 0) {
      return minimum;
    }
    boolean quiet = !lastRound.hasCompiler() || lastRound.compilerShare() <= quietShare;
    return quiet ? 0 : Math.max(0, Math.min(round, maximum - posted));
  }
}
