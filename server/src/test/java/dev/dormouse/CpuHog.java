package dev.dormouse;

import java.util.ArrayList;
import java.util.List;

/**
 * One busy thread per core for as long as it is open, so a test shows it holds on a machine whose
 * cores other work already keeps busy, not only on a quiet one.
 */
public final class CpuHog implements AutoCloseable {

  private final List<Thread> spinners = new ArrayList<>();
  private volatile boolean running = true;

  private CpuHog() {}

  public static CpuHog onEveryCore() {
    CpuHog hog = new CpuHog();
    for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
      Thread spinner = Thread.ofPlatform().daemon().name("cpu-hog-" + i).start(hog::spin);
      hog.spinners.add(spinner);
    }
    return hog;
  }

  private void spin() {
    long sink = 0;
    while (running) {
      sink += System.nanoTime() % 7;
    }
    if (sink == 42) {
      System.out.print("");
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      for (Thread spinner : spinners) {
        spinner.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
