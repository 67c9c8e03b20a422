package dev.dormouse.bench.scenario;

import dev.dormouse.bench.proc.ProcessProbe;

/** CPU used by the server and by the generator between {@link #start} and {@link #stop}. */
public final class CpuWindow {

  /** What a window measured: wall time, and CPU time of each side in microseconds. */
  public record Usage(long wallNanos, long serverCpuMicros, long generatorCpuMicros) {

    /** Cores the server kept busy on average: 1.0 is its whole pinned core. */
    public double serverCores() {
      return serverCpuMicros * 1000.0 / wallNanos;
    }

    public double generatorCores() {
      return generatorCpuMicros * 1000.0 / wallNanos;
    }

    public double seconds() {
      return wallNanos / 1e9;
    }
  }

  private static final ProcessProbe SELF = ProcessProbe.self();

  private final ProcessProbe server;
  private final long startNanos;
  private final long serverStart;
  private final long generatorStart;

  private CpuWindow(ProcessProbe server) {
    this.server = server;
    this.serverStart = server.cpuMicros();
    this.generatorStart = SELF.cpuMicros();
    this.startNanos = System.nanoTime();
  }

  public static CpuWindow start(ProcessProbe server) {
    return new CpuWindow(server);
  }

  public Usage stop() {
    long wall = System.nanoTime() - startNanos;
    return new Usage(wall, server.cpuMicros() - serverStart, SELF.cpuMicros() - generatorStart);
  }

  /** Generator CPU so far, for progress lines. */
  public static long generatorCpuMicros() {
    return SELF.cpuMicros();
  }
}
