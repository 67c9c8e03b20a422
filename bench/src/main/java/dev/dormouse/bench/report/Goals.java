package dev.dormouse.bench.report;

import dev.dormouse.bench.scenario.Measurement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The goals of the benchmark issue, each checked against this run's figures. They are goals, not tests. */
final class Goals {

  private Goals() {}

  static String table(List<Measurement> results) {
    List<List<String>> rows = new ArrayList<>();
    for (Measurement m : find(results, "fanout", "dormouse")) {
      Optional<Measurement> socketIo = same(results, m, "socketio");
      double ours = m.number("serverCpuUsPerDelivered");
      rows.add(row("server CPU per delivered message ≤ 0.8 × Socket.IO's", "fanout " + m.variant(),
          us(ours), socketIo.map(s -> us(s.number("serverCpuUsPerDelivered"))).orElse("not measured"),
          socketIo.map(s -> verdict(ours <= 0.8 * s.number("serverCpuUsPerDelivered"))).orElse("–")));
    }
    for (Measurement m : find(results, "fanout", "dormouse")) {
      if ("max".equals(m.figures().get("rate"))) {
        rows.add(row("no collapse under backlog (every message delivered at max rate)", "fanout " + m.variant(),
            String.format(Locale.ROOT, "%,d/s, %s missing", (long) m.number("deliveredPerSecond"), Tables.cell(m.figures().get("missing"))),
            "–", verdict(m.number("missing") == 0)));
      }
    }
    for (Measurement m : find(results, "fanout", "dormouse")) {
      if (m.variant().endsWith("R=20/s")) {
        Optional<Measurement> ws = same(results, m, "ws");
        double ours = m.number("latencyP99Ms");
        rows.add(row("p99 at 2k deliveries/s ≤ Node ws's", "fanout " + m.variant(), ms(ours),
            ws.map(w -> ms(w.number("latencyP99Ms"))).orElse("not measured"),
            ws.map(w -> verdict(ours <= w.number("latencyP99Ms"))).orElse("–")));
      }
    }
    for (Measurement m : find(results, "idle", "dormouse")) {
      Optional<Measurement> ws = same(results, m, "ws");
      double ours = m.number("rssKibPerConnection");
      rows.add(row("idle RSS per connection ≤ Node ws's", "idle " + m.variant(), kib(ours),
          ws.map(w -> kib(w.number("rssKibPerConnection"))).orElse("not measured"),
          ws.map(w -> verdict(ours <= w.number("rssKibPerConnection"))).orElse("–")));
      long connections = (long) m.number("connections");
      rows.add(row("100k idle connections on one node", "idle " + m.variant(), String.format(Locale.ROOT, "%,d open", connections),
          "100,000", connections >= 100_000 ? "met" : "not measured at that size (see Method)"));
    }
    for (Measurement m : find(results, "wake", "dormouse")) {
      double p99 = m.number("latencyP99Ms");
      rows.add(row("waking a room of 1k sockets: p99 < 20 ms", "wake " + m.variant(), ms(p99), "20 ms",
          m.number("sockets") >= 1000 ? verdict(p99 < 20) : verdict(p99 < 20) + " (smaller room)"));
    }
    for (Measurement m : find(results, "storm", "dormouse")) {
      if (!m.figures().containsKey("attempts")) {
        continue; // it never got as far as the restart: its note says why
      }
      long refused = (long) m.number("refused429");
      long polite = (long) m.number("refused429WithRetryAfter");
      long dropped = (long) (m.number("resets") + m.number("closedUnanswered") + m.number("timeouts"));
      // Machine-wide, so another server's overflows would count too; the storm's are thousands.
      long overflows = Double.isNaN(m.number("listenOverflows")) ? 0 : (long) m.number("listenOverflows");
      boolean capped = m.figures().containsKey("admitted");
      if (!capped) {
        rows.add(row("reconnect storm: every client back, nothing lost or repeated", "storm " + m.variant(),
            String.format(Locale.ROOT, "%s of %s caught up in %s s; lost %s, duplicates %s", Tables.cell(m.figures().get("caughtUpCount")),
                Tables.cell(m.figures().get("clients")), Tables.cell(m.figures().get("caughtUpSeconds")), Tables.cell(m.figures().get("lost")),
                Tables.cell(m.figures().get("duplicates"))),
            "all, 0 lost, 0 repeated", verdict(m.number("notCaughtUp") == 0 && m.number("lost") == 0 && m.number("duplicates") == 0)));
      } else {
        rows.add(row("the excess refused with 429 and Retry-After", "storm " + m.variant(),
            String.format(Locale.ROOT, "%,d 429s, %,d with Retry-After", refused, polite), "every 429",
            verdict(refused > 0 && polite == refused)));
      }
      rows.add(row("the herd answered, not dropped or left to the kernel's full accept queue", "storm " + m.variant(),
          String.format(Locale.ROOT, "%,d upgrades dropped, %,d listen-queue overflows, %s health checks failed", dropped, overflows,
              Tables.cell(m.figures().get("healthFailures"))), "0",
          verdict(dropped == 0 && overflows == 0 && m.number("healthFailures") == 0)));
    }
    return rows.isEmpty() ? "_Dormouse was not measured in this run._\n"
        : Tables.markdown(List.of("goal", "run", "Dormouse", "reference", "verdict"), rows);
  }

  private static List<Measurement> find(List<Measurement> results, String scenario, String target) {
    return results.stream().filter(m -> m.scenario().equals(scenario) && m.target().equals(target)).toList();
  }

  private static Optional<Measurement> same(List<Measurement> results, Measurement m, String target) {
    return results.stream().filter(o -> o.scenario().equals(m.scenario()) && o.variant().equals(m.variant())
        && o.target().equals(target) && !o.figures().isEmpty()).findFirst();
  }

  private static List<String> row(String... cells) {
    return List.of(cells);
  }

  private static String verdict(boolean met) {
    return met ? "met" : "**not met**";
  }

  private static String us(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f µs", v);
  }

  private static String ms(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f ms", v);
  }

  private static String kib(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f KiB", v);
  }
}
