package dev.dormouse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dormouse.bench.scenario.Fanout;
import java.util.List;
import org.junit.jupiter.api.Test;

class SizesTest {

  @Test
  void parsesFanoutShapes() {
    assertThat(Sizes.parseFanout("100:2000:max,500:400:20"))
        .isEqualTo(List.of(new Fanout.Shape(100, 2000, 0), new Fanout.Shape(500, 400, 20)));
    assertThatThrownBy(() -> Sizes.parseFanout("100:2000")).hasMessageContaining("N:M:R");
  }

  @Test
  void parsesOptions() {
    Options options = Options.parse(new String[] {"--quick", "--servers", "dormouse,ws"});

    assertThat(options.flag("quick")).isTrue();
    assertThat(options.list("servers", "x")).containsExactly("dormouse", "ws");
    assertThatThrownBy(() -> Options.parse(new String[] {"--nope"})).hasMessageContaining("--nope");
  }
}
