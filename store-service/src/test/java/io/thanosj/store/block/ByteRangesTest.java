package io.thanosj.store.block;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteRangesTest {

  @Test
  void rangesWithinTheGapMergeAndOthersStayApart() {
    long[] starts = {100, 0, 5000, 130};
    long[] ends = {120, 50, 5100, 140};
    assertThat(ByteRanges.coalesce(starts, ends, 9)).containsExactly(0, 50, 100, 120, 130, 140, 5000, 5100);
    assertThat(ByteRanges.coalesce(starts, ends, 10)).containsExactly(0, 50, 100, 140, 5000, 5100);
    assertThat(ByteRanges.coalesce(starts, ends, 50)).containsExactly(0, 140, 5000, 5100);
    assertThat(ByteRanges.coalesce(starts, ends, 10_000)).containsExactly(0, 5100);
  }

  @Test
  void overlappingAndContainedRangesMerge() {
    assertThat(ByteRanges.coalesce(new long[] {0, 10, 20}, new long[] {100, 30, 150}, 0)).containsExactly(0, 150);
    assertThat(ByteRanges.coalesce(new long[0], new long[0], 10)).isEmpty();
  }
}
