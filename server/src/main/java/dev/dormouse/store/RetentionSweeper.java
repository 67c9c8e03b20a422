package dev.dormouse.store;

import java.time.Clock;
import java.time.Duration;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes history the retention policy no longer keeps, every {@code interval}. In a cluster every
 * node sweeps; the deletes are idempotent, so overlapping sweeps only cost a little work.
 */
public final class RetentionSweeper {

  private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);

  private RetentionSweeper() {}

  public static Cancellable start(
      MessageStore store,
      Retention retention,
      Duration interval,
      Scheduler scheduler,
      Clock clock,
      scala.concurrent.ExecutionContextExecutor executor) {
    return scheduler.scheduleAtFixedRate(
        interval,
        interval,
        () ->
            store
                .prune(retention, clock.millis())
                .whenComplete(
                    (deleted, failure) -> {
                      if (failure != null) {
                        log.error("retention sweep failed", failure);
                      } else if (deleted > 0) {
                        log.info("retention sweep deleted {} messages", deleted);
                      }
                    }),
        executor);
  }
}
