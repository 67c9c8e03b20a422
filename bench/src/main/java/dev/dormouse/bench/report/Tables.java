package dev.dormouse.bench.report;

import dev.dormouse.bench.scenario.Measurement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Markdown tables of the results: raw figures per scenario, and ratios of Dormouse to each peer. */
public final class Tables {

  /** A figure compared across servers, and which way is better. */
  public record Compared(String scenario, String figure, String label, boolean lowerIsBetter) {}

  private Tables() {}

  public static String markdown(List<String> headers, List<List<String>> rows) {
    StringBuilder out = new StringBuilder();
    out.append("| ").append(String.join(" | ", headers)).append(" |\n");
    out.append("|").append(" --- |".repeat(headers.size())).append('\n');
    for (List<String> row : rows) {
      out.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    return out.toString();
  }

  /** One row per (variant, server) of a scenario, one column per figure. */
  public static String raw(List<Measurement> results, String scenario, List<String> figures) {
    List<List<String>> rows = new ArrayList<>();
    for (Measurement m : results) {
      if (!m.scenario().equals(scenario)) {
        continue;
      }
      List<String> row = new ArrayList<>(List.of(m.variant(), m.target()));
      for (String f : figures) {
        row.add(cell(m.figures().get(f)));
      }
      rows.add(row);
    }
    List<String> headers = new ArrayList<>(List.of("run", "server"));
    headers.addAll(figures);
    return rows.isEmpty() ? "_not run_\n" : markdown(headers, rows);
  }

  /**
   * Dormouse's figure divided by each peer's, per row. Under 1 means Dormouse used less (CPU,
   * latency, memory) or, for rates, over 1 means it did more.
   */
  public static String ratios(List<Measurement> results, List<Compared> compared, List<String> peers) {
    List<List<String>> rows = new ArrayList<>();
    for (Compared c : compared) {
      List<String> variants = results.stream().filter(m -> m.scenario().equals(c.scenario()))
          .map(Measurement::variant).distinct().toList();
      for (String variant : variants) {
        Optional<Double> dormouse = value(results, c, variant, "dormouse");
        if (dormouse.isEmpty()) {
          continue;
        }
        List<String> row = new ArrayList<>(List.of(c.scenario() + " " + variant, c.label(), c.lowerIsBetter() ? "lower" : "higher"));
        boolean any = false;
        for (String peer : peers) {
          Optional<Double> theirs = value(results, c, variant, peer);
          if (theirs.isPresent() && theirs.get() > 0) {
            row.add(String.format(Locale.ROOT, "%.2f", dormouse.get() / theirs.get()));
            any = true;
          } else {
            row.add("–");
          }
        }
        if (any) {
          rows.add(row);
        }
      }
    }
    List<String> headers = new ArrayList<>(List.of("run", "figure", "better"));
    peers.forEach(p -> headers.add("Dormouse / " + p));
    return rows.isEmpty() ? "_no peer was measured in this run_\n" : markdown(headers, rows);
  }

  public static Optional<Double> value(List<Measurement> results, Compared c, String variant, String target) {
    return results.stream()
        .filter(m -> m.scenario().equals(c.scenario()) && m.variant().equals(variant) && m.target().equals(target))
        .map(m -> m.number(c.figure())).filter(v -> !Double.isNaN(v)).findFirst();
  }

  static String cell(Object value) {
    if (value == null) {
      return "–";
    }
    if (value instanceof Double d) {
      return Chart.format(d);
    }
    if (value instanceof Long || value instanceof Integer) {
      return String.format(Locale.ROOT, "%,d", ((Number) value).longValue());
    }
    return value.toString().replace("|", "/");
  }
}
