package dev.dormouse.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeqLogTest {

  @Test
  void aResumeThatContinuesWhereTheClientWasLeavesNothingMissingAndNothingTwice() {
    SeqLog log = new SeqLog();
    for (long seq = 1; seq <= 20; seq++) {
      log.add(seq);
    }
    // After the restart: a history with 21..23, then live 24 and 25.
    for (long seq = 21; seq <= 25; seq++) {
      assertThat(log.add(seq)).isTrue();
    }

    assertThat(log.highest()).isEqualTo(25);
    assertThat(log.contiguous()).isEqualTo(25);
    assertThat(log.missingThrough(25)).isZero();
    assertThat(log.duplicates()).isZero();
  }

  @Test
  void aSeqReceivedTwiceIsADuplicateAndAHoleIsMissing() {
    SeqLog log = new SeqLog();
    log.add(1);
    log.add(2);
    log.add(4);

    assertThat(log.add(2)).isFalse();
    assertThat(log.duplicates()).isEqualTo(1);
    assertThat(log.highest()).isEqualTo(4);
    assertThat(log.contiguous()).isEqualTo(2);
    assertThat(log.missingThrough(5)).isEqualTo(2);
  }

  @Test
  void aLateSeqClosesTheHole() {
    SeqLog log = new SeqLog();
    log.add(2);
    log.add(3);
    assertThat(log.contiguous()).isZero();

    log.add(1);

    assertThat(log.contiguous()).isEqualTo(3);
  }

  @Test
  void noSeqIsNoSeq() {
    SeqLog log = new SeqLog();

    assertThat(log.add(-1)).isFalse();
    assertThat(log.add(0)).isFalse();
    assertThat(log.duplicates()).isZero();
    assertThat(log.missingThrough(0)).isZero();
  }
}
