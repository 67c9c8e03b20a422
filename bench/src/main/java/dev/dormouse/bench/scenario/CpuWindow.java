package dev.dormouse.bench.scenario;

import dev.dormouse.bench.proc.CompilerThreads;
import dev.dormouse.bench.proc.ProcessProbe;
import java.util.Map;

/**
 * CPU used by the server and by the generator between {@link #start} and {@link #stop}, and the
 * part of the server's that its JIT compiler threads took (a JVM's only): a JVM still compiling
 * is not yet in its steady state, and its compiler's CPU would otherwise count as the work's.
 */
public final class CpuWindow {

  /** What a window measured: wall time, CPU time of each side in microseconds, and the compiler's part. */
  public record Usage(long wallNanos, long serverCpuMicros, long generatorCpuMicros, CompilerThreads.Share compiler) {

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

    /** True when the server has JIT compiler threads to tell apart. */
    public boolean hasCompiler() {
      return compiler.found();
    }

    public long compilerCpuMicros() {
      return ProcessProbe.ticksToMicros(compiler.ticks());
    }

    /** The compiler threads' share of the server's CPU in the window, 0 when it used none. */
    public double compilerShare() {
      return serverCpuMicros <= 0 ? 0 : Math.min(1.0, (double) compilerCpuMicros() / serverCpuMicros);
    }
  }

  private static final ProcessProbe SELF = ProcessProbe.self();

  private final ProcessProbe server;
  private final long startNanos;
  private final long serverStart;
  private final long generatorStart;
  private final Map<Long, Long> compilerStart;

  private CpuWindow(ProcessProbe server) {
    this.server = server;
    this.compilerStart = server.compilerThreadTicks();
    this.serverStart = server.cpuMicros();
    this.generatorStart = SELF.cpuMicros();
    this.startNanos = System.nanoTime();
  }

  public static CpuWindow start(ProcessProbe server) {
    return new CpuWindow(server);
  }

  public Usage stop() {
    long wall = System.nanoTime() - startNanos;
    long serverCpu = server.cpuMicros() - serverStart;
    long generatorCpu = SELF.cpuMicros() - generatorStart;
    return new Usage(wall, serverCpu, generatorCpu, CompilerThreads.between(compilerStart, server.compilerThreadTicks()));
  }

  /** Generator CPU so far, for progress lines. */
  public static long generatorCpuMicros() {
    return SELF.cpuMicros();
  }
}
