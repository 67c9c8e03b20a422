package dev.dormouse.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.bench.scenario.Measurement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

  @Test
  void writesJson() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("name", "a \"b\"\n");
    value.put("n", 3);
    value.put("x", Double.NaN);
    value.put("list", List.of(1.5, true));

    assertThat(Json.write(value)).isEqualTo("{\n  \"name\": \"a \\\"b\\\"\\n\",\n  \"n\": 3,\n  \"x\": null,\n  \"list\": [\n    1.5,\n    true\n  ]\n}\n");
  }

  @Test
  void dividesDormouseByEachPeer() {
    List<Measurement> results = List.of(
        new Measurement("dormouse", "fanout", "N=1").put("serverCpuUsPerDelivered", 4.0),
        new Measurement("ws", "fanout", "N=1").put("serverCpuUsPerDelivered", 8.0),
        new Measurement("socketio", "fanout", "N=1"));

    String table = Tables.ratios(results, List.of(new Tables.Compared("fanout", "serverCpuUsPerDelivered", "cpu", true)),
        List.of("ws", "socketio"));

    assertThat(table).contains("| fanout N=1 | cpu | lower | 0.50 | – |");
  }

  @Test
  void drawsOneBarPerServerAndRow() {
    List<Measurement> results = List.of(
        new Measurement("dormouse", "fanout", "N=1").put("serverCpuUsPerDelivered", 4.0),
        new Measurement("ws", "fanout", "N=1").put("serverCpuUsPerDelivered", 400.0));

    String svg = Chart.svg("t", List.of(new Chart.Panel("cpu", "serverCpuUsPerDelivered", "fanout", true)), results,
        List.of("dormouse", "ws"));

    assertThat(svg).startsWith("<svg").contains(">4.00<").contains(">400<");
    assertThat(svg.split("<rect ").length - 1).isEqualTo(1 + 2 + 2); // background, bars, legend
  }

  @Test
  void logScaleKeepsSmallValuesVisible() {
    assertThat(Chart.scale(1, 1, 1000, true)).isBetween(0.05, 0.2);
    assertThat(Chart.scale(1000, 1, 1000, true)).isEqualTo(1.0);
    assertThat(Chart.scale(50, 0, 100, false)).isEqualTo(0.5);
  }

  @Test
  void theStormsGoalsAskForEveryClientBackAndForPoliteRefusals() {
    Measurement back = new Measurement("dormouse", "storm", "N=10000 rooms of 100, everyone back")
        .put("clients", 10_000).put("attempts", 50_000L).put("caughtUpCount", 10_000L).put("caughtUpSeconds", 12.5)
        .put("notCaughtUp", 0L).put("lost", 0L).put("duplicates", 0L).put("resets", 0L).put("closedUnanswered", 3L)
        .put("timeouts", 0L).put("listenOverflows", 20_000L).put("healthFailures", 0L);
    Measurement capped = new Measurement("dormouse", "storm", "N=1000 rooms of 100, default caps")
        .put("admitted", 256L).put("attempts", 5_000L).put("refused429", 1_500L).put("refused429WithRetryAfter", 1_500L)
        .put("resets", 0L).put("closedUnanswered", 0L).put("timeouts", 0L).put("healthFailures", 0L);
    Measurement notRun = new Measurement("dormouse", "storm", "N=10 rooms of 100, everyone back").note("not run");

    String goals = Goals.table(List.of(back, capped, notRun));

    assertThat(goals).contains("| reconnect storm: every client back, nothing lost or repeated | storm N=10000 rooms of 100, everyone back "
        + "| 10,000 of 10,000 caught up in 12.5 s; lost 0, duplicates 0 | all, 0 lost, 0 repeated | met |");
    assertThat(goals).contains("| 1,500 429s, 1,500 with Retry-After | every 429 | met |");
    assertThat(goals).contains("| 3 upgrades dropped, 20,000 listen-queue overflows, 0 health checks failed | 0 | **not met** |");
    assertThat(goals).contains("| 0 upgrades dropped, 0 listen-queue overflows, 0 health checks failed | 0 | met |");
    assertThat(goals).doesNotContain("N=10 rooms");
  }

  @Test
  void theDocumentHasTheStormsTables() {
    Measurement back = new Measurement("dormouse", "storm", "N=10000 rooms of 100, everyone back")
        .put("clients", 10_000).put("caughtUpSeconds", 12.5).put("serverPeakCpuPercent", 97.5);

    String doc = BenchmarksDoc.write(new BenchmarksDoc.Run("2026-12-01-1500", "quick", "bench/run.sh --quick", 2.0, Map.of(),
        Map.of(), "sizes", List.of(back), List.of(), "bench/results/x.json", "bench/results/x.svg", "findings"));

    assertThat(doc).contains("### Reconnect storm").contains("| N=10000 rooms of 100, everyone back | dormouse | 10,000 |")
        .contains("| serverPeakCpuPercent |").contains("| 97.5 |");
  }
}
