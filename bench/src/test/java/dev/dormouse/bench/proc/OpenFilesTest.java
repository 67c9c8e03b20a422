package dev.dormouse.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenFilesTest {

  private static final String LIMITS = """
      Limit                     Soft Limit           Hard Limit           Units
      Max cpu time              unlimited            unlimited            seconds
      Max open files            20000                20000                files
      Max locked memory         8388608              8388608              bytes
      """;

  @Test
  void readsTheSoftLimitOfOpenFiles() {
    assertThat(OpenFiles.softLimit(LIMITS)).isEqualTo(20_000);
    assertThat(OpenFiles.softLimit("Max open files            unlimited            unlimited            files\n")).isEqualTo(-1);
    assertThat(OpenFiles.softLimit("")).isEqualTo(-1);
  }

  @Test
  void nineteenThousandSocketsFitUnderTwentyThousandWithWhatAProcessAlreadyHolds() {
    assertThat(OpenFiles.room(20_000, 60)).isEqualTo(20_000 - 60 - OpenFiles.MARGIN).isGreaterThanOrEqualTo(19_000);
    assertThat(OpenFiles.room(1024, 2000)).isZero();
  }

  @Test
  void thisProcessHasRoomForSomeFiles() {
    assertThat(OpenFiles.room(ProcessHandle.current().pid())).isPositive();
  }
}
