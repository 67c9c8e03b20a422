package dev.dormouse.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void a_full_bucket_allows_a_burst_then_refuses() {
    TokenBucket bucket = new TokenBucket(10, 5, 0);
    for (int i = 0; i < 10; i++) {
      assertThat(bucket.tryTake(0)).isTrue();
    }
    assertThat(bucket.tryTake(0)).isFalse();
  }

  @Test
  void tokens_come_back_at_the_sustained_rate_and_never_beyond_the_burst() {
    TokenBucket bucket = new TokenBucket(10, 5, 0);
    for (int i = 0; i < 10; i++) {
      bucket.tryTake(0);
    }
    assertThat(bucket.tryTake(SECOND / 5 - 1)).isFalse();
    assertThat(bucket.tryTake(SECOND / 5 + 1)).isTrue();
    long muchLater = 3600 * SECOND;
    int allowed = 0;
    while (bucket.tryTake(muchLater)) {
      allowed++;
    }
    assertThat(allowed).isEqualTo(10);
  }
}
