package dev.dormouse.bench.scenario;

import dev.dormouse.bench.server.Target;
import java.util.List;
import java.util.Map;

/** One kind of load, run against a server the suite started for it (or for it and its neighbours). */
public interface Scenario {

  String name();

  default boolean appliesTo(Target target) {
    return true;
  }

  /** Environment for the server, beyond the bench's defaults. */
  default Map<String, String> serverEnvironment(Target target) {
    return Map.of();
  }

  /** True when the scenario needs a server no other scenario ran on, such as for a memory baseline. */
  default boolean needsFreshServer() {
    return false;
  }

  List<Measurement> run(Bench bench) throws Exception;
}
