package dev.dormouse.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.protocol.ServerFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResumePlanTest {

  private static final int HISTORY = 50;
  private static final int LIMIT = 1000;

  @Test
  void a_fresh_join_gets_the_newest_messages() {
    assertThat(ResumePlan.of(null, 120, 0, HISTORY, LIMIT))
        .isEqualTo(new ResumePlan.Latest(120, HISTORY));
  }

  @Test
  void a_socket_that_has_everything_replays_nothing() {
    assertThat(ResumePlan.of(120L, 120, 1, HISTORY, LIMIT))
        .isEqualTo(new ResumePlan.UpToDate(true));
    assertThat(ResumePlan.of(0L, 0, 0, HISTORY, LIMIT)).isEqualTo(new ResumePlan.UpToDate(false));
    assertThat(ResumePlan.needsOldestSeq(120L, 120)).isFalse();
  }

  @Test
  void a_short_resume_replays_exactly_what_is_missing() {
    assertThat(ResumePlan.of(100L, 120, 1, HISTORY, LIMIT))
        .isEqualTo(new ResumePlan.Replay(List.of(), 100, 120, true));
    assertThat(ResumePlan.needsOldestSeq(100L, 120)).isTrue();
  }

  @Test
  void what_retention_deleted_is_an_expired_gap_before_the_replay() {
    ResumePlan.Replay plan = (ResumePlan.Replay) ResumePlan.of(10L, 120, 51, HISTORY, LIMIT);
    assertThat(plan.gaps()).containsExactly(new ServerFrame.Gap(11, 50, ServerFrame.Gap.EXPIRED));
    assertThat(plan.after()).isEqualTo(50);
    assertThat(plan.hasMore()).isFalse();
  }

  @Test
  void beyond_the_resume_limit_the_older_part_is_a_resume_limit_gap() {
    ResumePlan.Replay plan = (ResumePlan.Replay) ResumePlan.of(0L, 3000, 1, HISTORY, LIMIT);
    assertThat(plan.gaps())
        .containsExactly(new ServerFrame.Gap(1, 2000, ServerFrame.Gap.RESUME_LIMIT));
    assertThat(plan.after()).isEqualTo(2000);
    assertThat(plan.count()).isEqualTo(LIMIT);
    assertThat(plan.hasMore()).isTrue();
  }

  @Test
  void an_empty_store_leaves_everything_before_the_seq_expired() {
    ResumePlan.Replay plan = (ResumePlan.Replay) ResumePlan.of(5L, 9, 0, HISTORY, LIMIT);
    assertThat(plan.gaps()).containsExactly(new ServerFrame.Gap(6, 9, ServerFrame.Gap.EXPIRED));
    assertThat(plan.count()).isZero();
  }
}
