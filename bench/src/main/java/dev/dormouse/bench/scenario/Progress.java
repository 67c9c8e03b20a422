package dev.dormouse.bench.scenario;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Lines on standard output while the suite runs, each stamped with the time since it began. */
public final class Progress {

  private static final long REPORT_EVERY_NANOS = 2_000_000_000L;

  private final long startNanos = System.nanoTime();

  public void say(String line) {
    long seconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
    System.out.printf("[%2d:%02d] %s%n", seconds / 60, seconds % 60, line);
    System.out.flush();
  }

  /**
   * Waits until {@code done} holds or {@code timeoutNanos} pass, saying {@code status} every two
   * seconds. True when done in time.
   */
  public boolean await(BooleanSupplier done, long timeoutNanos, Supplier<String> status) {
    long start = System.nanoTime();
    long nextReport = start + REPORT_EVERY_NANOS;
    while (!done.getAsBoolean()) {
      long now = System.nanoTime();
      if (now - start > timeoutNanos) {
        say("  gave up waiting: " + status.get());
        return false;
      }
      if (now >= nextReport) {
        say("  " + status.get());
        nextReport = now + REPORT_EVERY_NANOS;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
