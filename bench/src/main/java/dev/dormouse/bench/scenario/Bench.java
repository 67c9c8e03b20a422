package dev.dormouse.bench.scenario;

import dev.dormouse.bench.client.ClientLoop;
import dev.dormouse.bench.dialect.Dialect;
import dev.dormouse.bench.server.ServerProcess;
import dev.dormouse.bench.server.Target;

/** What a scenario runs with: the server under test, the generator's loop, and progress output. */
public record Bench(ServerProcess server, ClientLoop loop, Progress progress) {

  public Target target() {
    return server.target();
  }

  public Dialect dialect() {
    return server.target().dialect();
  }
}
