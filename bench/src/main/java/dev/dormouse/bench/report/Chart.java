package dev.dormouse.bench.report;

import dev.dormouse.bench.scenario.Measurement;
import java.util.List;
import java.util.Locale;

/**
 * The results as an SVG bar chart, one panel per figure, one group of bars per scenario row, one
 * bar per server. CPU and latency span two orders of magnitude between servers, so their panels
 * use a logarithmic scale.
 */
public final class Chart {

  /** One panel: a figure, and which rows to show it for. */
  public record Panel(String title, String figure, String scenario, boolean logScale) {}

  private static final String[] COLORS = {"#6b4fbb", "#2f9e44", "#1c7ed6", "#e8590c", "#c92a2a"};
  private static final int WIDTH = 900;
  private static final int LABEL_WIDTH = 230;
  private static final int BAR = 12;
  private static final int GAP = 10;

  private Chart() {}

  public static String svg(String title, List<Panel> panels, List<Measurement> results, List<String> targets) {
    StringBuilder body = new StringBuilder();
    for (int t = 0; t < targets.size(); t++) {
      int x = LABEL_WIDTH + t * 130;
      body.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>", x, 38, COLORS[t % COLORS.length]));
      body.append(text(x + 16, 49, targets.get(t), "start", 12));
    }
    int y = 64;
    for (Panel panel : panels) {
      List<String> rows = results.stream().filter(m -> m.scenario().equals(panel.scenario()))
          .map(Measurement::variant).distinct().toList();
      if (rows.isEmpty()) {
        continue;
      }
      y = panel(body, panel, rows, results, targets, y) + 30;
    }
    int height = y;
    return String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">"
            + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%s%s</svg>\n",
        WIDTH, height, WIDTH, height, text(WIDTH / 2, 24, title, "middle", 16), body);
  }

  private static int panel(StringBuilder out, Panel panel, List<String> rows, List<Measurement> results, List<String> targets, int top) {
    out.append(text(10, top + 14, panel.title() + (panel.logScale() ? " (log scale)" : ""), "start", 14));
    int y = top + 26;
    double max = results.stream().filter(m -> m.scenario().equals(panel.scenario()))
        .mapToDouble(m -> m.number(panel.figure())).filter(v -> !Double.isNaN(v)).max().orElse(1);
    double min = panel.logScale() ? Math.min(1, max) : 0;
    int plot = WIDTH - LABEL_WIDTH - 90;
    for (String row : rows) {
      int groupTop = y;
      for (int t = 0; t < targets.size(); t++) {
        String target = targets.get(t);
        double value = results.stream()
            .filter(m -> m.scenario().equals(panel.scenario()) && m.variant().equals(row) && m.target().equals(target))
            .mapToDouble(m -> m.number(panel.figure())).findFirst().orElse(Double.NaN);
        if (!Double.isNaN(value)) {
          int length = (int) Math.max(1, Math.round(plot * scale(value, min, max, panel.logScale())));
          out.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
              LABEL_WIDTH, y, length, BAR, COLORS[t % COLORS.length]));
          out.append(text(LABEL_WIDTH + length + 4, y + BAR - 2, format(value), "start", 10));
        }
        y += BAR + 1;
      }
      out.append(text(LABEL_WIDTH - 8, (groupTop + y) / 2 + 4, row, "end", 11));
      y += GAP;
    }
    return y;
  }

  static double scale(double value, double min, double max, boolean log) {
    if (max <= min) {
      return 1;
    }
    if (log) {
      double low = Math.log10(Math.max(min, 1e-9)) - 0.3;
      return (Math.log10(Math.max(value, 1e-9)) - low) / (Math.log10(max) - low);
    }
    return (value - min) / (max - min);
  }

  static String format(double v) {
    if (v >= 10_000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (v >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }

  private static String text(int x, int y, String s, String anchor, int size) {
    String escaped = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" font-size=\"%d\">%s</text>", x, y, anchor, size, escaped);
  }
}
