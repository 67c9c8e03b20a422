package dev.dormouse.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The same expectations as web/src/chat/roomClient.test.ts has of backoffDelay. */
class BackoffTest {

  @Test
  void theDelayDoublesFromHalfASecondUpToFifteenAndKeepsARandomHalfOfIt() {
    assertThat(IntStream.rangeClosed(0, 6).mapToObj(a -> Backoff.delayMillis(a, 0)).toList())
        .isEqualTo(List.of(250L, 500L, 1000L, 2000L, 4000L, 7500L, 7500L));
    assertThat(IntStream.rangeClosed(0, 6).mapToObj(a -> Backoff.delayMillis(a, 0.999_999)).toList())
        .isEqualTo(List.of(500L, 1000L, 2000L, 4000L, 8000L, 15_000L, 15_000L));
  }

  @Test
  void theJitterSpreadsClientsThatFailedTogether() {
    assertThat(List.of(0.0, 0.25, 0.5, 0.75).stream().map(r -> Backoff.delayMillis(3, r)).distinct().count()).isEqualTo(4);
  }

  @Test
  void aVeryLongRunOfFailuresStaysAtTheCap() {
    assertThat(Backoff.delayMillis(1000, 0.5)).isEqualTo(11_250);
    assertThat(Backoff.delayMillis(-1, 0)).isEqualTo(250);
  }

  @Test
  void aRefusalsRetryAfterIsWaitedOutWhenItAsksForLongerThanTheBackoff() {
    assertThat(Backoff.retryMillis(0, 0, 5000)).isEqualTo(5000);
    assertThat(Backoff.retryMillis(5, 0.999_999, 5000)).isEqualTo(15_000);
    assertThat(Backoff.retryMillis(0, 0, -1)).isEqualTo(250);
  }
}
