package dev.dormouse.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dormouse.access.AuditAction;
import dev.dormouse.access.AuditEntry;
import dev.dormouse.protocol.UserRef;
import dev.dormouse.room.RoomId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ReportStore} must do; one subclass per database runs it. */
abstract class ReportStoreContract {

  private MessageStore store;
  private ReportStore reports;
  private RoomId room;

  protected abstract MessageStore open();

  @BeforeEach
  void openStore() {
    store = open();
    reports = store.reports();
    room = new RoomId("r-" + UUID.randomUUID().toString().substring(0, 8));
    join(
        store.append(
            room,
            0,
            List.of(
                new NewMessage("m-1", "u_ada", "Ada", "buy cheap pills", 1_000L, "c-1"),
                new NewMessage("m-2", "u_bo", "Bo", "x".repeat(300), 1_100L, "c-2"))));
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  /** An entry for the audit log; what it says does not matter here. */
  private static AuditEntry audit() {
    return new AuditEntry(
        UUID.randomUUID().toString().substring(0, 16),
        1L,
        new UserRef("u_own", "Owner"),
        AuditAction.ROOM_CHANGED,
        null,
        null,
        Map.of());
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  @Test
  void a_report_is_filed_with_what_the_message_says_and_who_wrote_it() {
    Report filed = join(reports.file(room, "p-1", "m-1", "spam", "u_cy", 2_000L)).orElseThrow();
    assertThat(filed.id()).isEqualTo("p-1");
    assertThat(filed.open()).isTrue();
    assertThat(filed.excerpt()).isEqualTo("buy cheap pills");
    assertThat(filed.authorId()).isEqualTo("u_ada");
    assertThat(filed.authorName()).isEqualTo("Ada");
    assertThat(join(reports.list(room, true, 10))).containsExactly(filed);
    assertThat(join(reports.list(room, false, 10))).isEmpty();
  }

  @Test
  void a_second_open_report_of_a_message_by_the_same_person_is_the_first() {
    Report first = join(reports.file(room, "p-1", "m-1", "spam", "u_cy", 2_000L)).orElseThrow();
    Report again = join(reports.file(room, "p-2", "m-1", "again", "u_cy", 3_000L)).orElseThrow();
    assertThat(again).isEqualTo(first);
    Report other = join(reports.file(room, "p-3", "m-1", "rude", "u_dee", 3_000L)).orElseThrow();
    assertThat(other.id()).isEqualTo("p-3");
    assertThat(join(reports.list(room, true, 10)))
        .extracting(Report::id)
        .containsExactly("p-3", "p-1");
  }

  @Test
  void a_report_of_no_message_of_the_room_is_not_filed() {
    assertThat(join(reports.file(room, "p-1", "m-none", "spam", "u_cy", 2_000L))).isEmpty();
    RoomId other = new RoomId(room.value() + "-b");
    assertThat(join(reports.file(other, "p-2", "m-1", "spam", "u_cy", 2_000L))).isEmpty();
  }

  @Test
  void a_long_message_is_shown_as_an_excerpt() {
    Report filed = join(reports.file(room, "p-1", "m-2", "flood", "u_cy", 2_000L)).orElseThrow();
    assertThat(filed.excerpt()).hasSize(JdbcReportStore.EXCERPT + 1).endsWith("…");
  }

  @Test
  void a_resolved_report_leaves_the_queue_once_and_for_all_and_a_new_one_may_follow() {
    join(reports.file(room, "p-1", "m-1", "spam", "u_cy", 2_000L));
    Report resolved =
        join(reports.resolve(room, "p-1", Report.Resolution.DISMISS, "u_mod", 3_000L, audit()))
            .orElseThrow();
    assertThat(resolved.resolution()).isEqualTo(Report.Resolution.DISMISS);
    assertThat(resolved.resolvedBy()).isEqualTo("u_mod");
    assertThat(resolved.resolvedAt()).isEqualTo(3_000L);
    Report again =
        join(reports.resolve(room, "p-1", Report.Resolution.DELETE, "u_other", 4_000L, audit()))
            .orElseThrow();
    assertThat(again).isEqualTo(resolved);
    assertThat(join(reports.list(room, true, 10))).isEmpty();
    assertThat(join(reports.list(room, false, 10))).containsExactly(resolved);
    assertThat(
            join(reports.file(room, "p-2", "m-1", "still spam", "u_cy", 5_000L)).orElseThrow().id())
        .isEqualTo("p-2");
    assertThat(
            join(reports.resolve(room, "p-none", Report.Resolution.DISMISS, "u_mod", 1L, audit())))
        .isEmpty();
  }
}
