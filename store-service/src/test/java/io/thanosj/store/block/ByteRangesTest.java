package io.thanosj.store.block;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteRangesTest {

  @Test
  void gapsUpToTheMinimumAlwaysMergeAndNoneAboveTheMaximum() {
    long[] starts = {100, 0, 5000, 130};
    long[] ends = {120, 50, 5100, 140};
    assertThat(ByteRanges.coalesce(starts, ends, 9, 9)).containsExactly(0, 50, 100, 120, 130, 140, 5000, 5100);
    assertThat(ByteRanges.coalesce(starts, ends, 10, 10)).containsExactly(0, 50, 100, 140, 5000, 5100);
    assertThat(ByteRanges.coalesce(starts, ends, 50, 50)).containsExactly(0, 140, 5000, 5100);
    assertThat(ByteRanges.coalesce(starts, ends, 10_000, 10_000)).containsExactly(0, 5100);
    assertThat(ByteRanges.coalesce(starts, ends, 0, 49)).containsExactly(0, 50, 100, 140, 5000, 5100);
  }

  @Test
  void aGapIsBridgedOnlyWhileItIsNoLargerThanTheBytesWantedSoFar() {
    // 1000 wanted bytes, a 900-byte gap (bridged: 2000 wanted), a 1900-byte gap (bridged: 2100
    // wanted); a 4100-byte gap is not; then a 100-byte range is not joined across a 400-byte gap.
    long[] starts = {0, 1900, 4800, 9000, 9500};
    long[] ends = {1000, 2900, 4900, 9100, 9600};
    assertThat(ByteRanges.coalesce(starts, ends, 16, 1 << 20)).containsExactly(0, 4900, 9000, 9100, 9500, 9600);
    // A sparse selection: 100-byte ranges 10,000 bytes apart stay apart under a 512 KiB maximum.
    long[] s = new long[50];
    long[] e = new long[50];
    for (int i = 0; i < s.length; i++) {
      s[i] = i * 10_100L;
      e[i] = s[i] + 100;
    }
    assertThat(ByteRanges.coalesce(s, e, 16, 512 * 1024)).hasSize(100);
    assertThat(ByteRanges.coalesce(s, e, 512 * 1024, 512 * 1024)).containsExactly(0, 49 * 10_100L + 100);
  }

  @Test
  void overlappingAndContainedRangesMerge() {
    assertThat(ByteRanges.coalesce(new long[] {0, 10, 20}, new long[] {100, 30, 150}, 0, 0)).containsExactly(0, 150);
    assertThat(ByteRanges.coalesce(new long[0], new long[0], 10, 10)).isEmpty();
  }
}
