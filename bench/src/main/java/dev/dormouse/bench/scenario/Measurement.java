package dev.dormouse.bench.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One figure set: a scenario with one choice of sizes ({@code variant}), on one server. Figures
 * keep their insertion order, which is the order the results file and the tables show them in.
 */
public record Measurement(String target, String scenario, String variant, Map<String, Object> figures, List<String> notes) {

  public Measurement(String target, String scenario, String variant) {
    this(target, scenario, variant, new LinkedHashMap<>(), new ArrayList<>());
  }

  public Measurement put(String figure, Object value) {
    figures.put(figure, value);
    return this;
  }

  public Measurement note(String note) {
    notes.add(note);
    return this;
  }

  /** A number figure, or NaN when it is missing or not a number. */
  public double number(String figure) {
    return figures.get(figure) instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  /** The scenario and variant, which together name a row of the tables. */
  public String row() {
    return variant.isEmpty() ? scenario : scenario + " " + variant;
  }
}
