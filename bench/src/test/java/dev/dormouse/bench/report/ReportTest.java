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
}
