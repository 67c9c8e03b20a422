package dev.dormouse.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxTest {

  @Test
  void whatWasOnTheWireWhenTheSocketWasLostGoesAgainFirst() {
    Outbox outbox = new Outbox();
    outbox.add(1);
    outbox.add(2);
    outbox.send(index -> {});
    outbox.acked(1);
    outbox.add(3);

    outbox.lost();
    List<Long> sent = new ArrayList<>();
    outbox.send(sent::add);

    assertThat(sent).containsExactly(2L, 3L);
    assertThat(outbox.unacked()).isEqualTo(2);
    assertThat(outbox.posted()).isEqualTo(3);
  }

  @Test
  void anAckedMessageIsNeverSentAgain() {
    Outbox outbox = new Outbox();
    outbox.add(7);
    outbox.send(index -> {});
    outbox.acked(7);

    outbox.lost();
    List<Long> sent = new ArrayList<>();
    outbox.send(sent::add);

    assertThat(sent).isEmpty();
    assertThat(outbox.unacked()).isZero();
  }
}
