package dev.dormouse.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.protocol.UserRef;
import dev.dormouse.room.Occupant;
import dev.dormouse.room.RoomEntity;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnansweredSendsTest {

  private static final long AFTER = Duration.ofSeconds(3).toNanos();
  private static final Occupant ADA = new Occupant("s1", new UserRef("u1", "Ada"));

  private final UnansweredSends sends = new UnansweredSends(AFTER, 3, 2);

  @Test
  void a_send_unanswered_for_too_long_is_told_again_and_then_waits_afresh() {
    RoomEntity.Post hello = post("c1");
    sends.told(hello, 0);
    assertThat(sends.due(AFTER - 1)).isEmpty();
    assertThat(sends.due(AFTER)).containsExactly(hello);
    assertThat(sends.due(AFTER + 1)).isEmpty();
    assertThat(sends.due(2 * AFTER)).containsExactly(hello);
  }

  @Test
  void changes_are_told_again_like_messages_until_answered() {
    RoomEntity.Edit edit = new RoomEntity.Edit(ADA, "m1", "fixed", "e1");
    RoomEntity.React react = new RoomEntity.React(ADA, "m1", "👍", true, "r1");
    sends.told(edit, 0);
    sends.told(react, 0);
    sends.answered("r1");
    assertThat(sends.due(AFTER)).containsExactly(edit);
  }

  @Test
  void an_answered_send_is_never_told_again() {
    sends.told(post("c1"), 0);
    sends.answered("c1");
    assertThat(sends.due(10 * AFTER)).isEmpty();
    assertThat(sends.size()).isZero();
  }

  @Test
  void after_the_last_try_a_send_is_left_to_the_client() {
    RoomEntity.Post hello = post("c1");
    sends.told(hello, 0);
    assertThat(sends.due(AFTER)).containsExactly(hello);
    assertThat(sends.due(2 * AFTER)).containsExactly(hello);
    assertThat(sends.due(3 * AFTER)).isEmpty();
    assertThat(sends.size()).isZero();
  }

  @Test
  void a_resend_by_the_client_starts_the_count_again() {
    RoomEntity.Post hello = post("c1");
    sends.told(hello, 0);
    assertThat(sends.due(AFTER)).containsExactly(hello);
    sends.told(hello, AFTER + 1);
    assertThat(sends.due(2 * AFTER)).isEmpty();
    assertThat(sends.due(2 * AFTER + 1)).containsExactly(hello);
    assertThat(sends.due(3 * AFTER + 1)).containsExactly(hello);
  }

  @Test
  void sends_without_a_client_id_or_beyond_capacity_are_not_kept() {
    sends.told(new RoomEntity.Post(ADA, "plain text", null), 0);
    sends.told(post("c1"), 0);
    sends.told(post("c2"), 0);
    sends.told(post("c3"), 0);
    assertThat(sends.due(AFTER)).extracting(RoomEntity.Write::clientId).containsExactly("c1", "c2");
  }

  private static RoomEntity.Post post(String clientId) {
    return new RoomEntity.Post(ADA, "hello " + clientId, clientId);
  }
}
