package dev.dormouse;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one Dormouse node from {@code application.conf} and the environment; with {@code keys …}
 * as its arguments, manages the server API's keys instead ({@link KeysCommand}) and exits.
 */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("keys")) {
      System.exit(
          KeysCommand.run(
              List.of(args).subList(1, args.length), ConfigFactory.load(), System.out, System.err));
    }
    try {
      Dormouse.Running running =
          Dormouse.start(
              ConfigFactory.parseString("pekko.coordinated-shutdown.exit-jvm = on")
                  .withFallback(ConfigFactory.load()));
      log.info("Dormouse is listening on port {}", running.port());
    } catch (RuntimeException e) {
      log.error("Dormouse could not start: {}", e.getMessage(), e);
      System.exit(1);
    }
  }
}
