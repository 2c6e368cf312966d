package io.thanosj.dedup;

import static io.thanosj.dedup.ArraySamples.drain;
import static io.thanosj.dedup.ArraySamples.every;
import static org.assertj.core.api.Assertions.assertThat;

import io.thanosj.chunk.SampleIterator;
import io.thanosj.chunk.StaleMarker;
import java.util.List;
import org.junit.jupiter.api.Test;

class DedupFunctionTest {

  private static final long S = 1000;

  private static SampleIterator penalty(String func, SampleIterator... replicas) {
    return DedupFunction.PENALTY.merge(List.of(replicas), func);
  }

  @Test
  void replicasScrapingAtOffsetMomentsDoNotInterleave() {
    // A scrapes at 0s, 15s, 30s…; B the same target 5s later.
    ArraySamples.Drained got = drain(penalty("", every(0, 600 * S, 15 * S, t -> 1), every(5 * S, 605 * S, 15 * S, t -> 2)));
    // Everything comes from A, one sample per 15s. Even B's last sample, 5s after A's, is skipped:
    // it is closer than the penalty (twice the last step) allows.
    assertThat(got.t()).hasSize(41);
    for (int k = 0; k < 41; k++) {
      assertThat(got.t()[k]).isEqualTo(k * 15 * S);
      assertThat(got.v()[k]).isEqualTo(1);
    }
  }

  @Test
  void aGapInOneReplicaIsFilledFromTheOther() {
    ArraySamples a = every(0, 3600 * S, 15 * S, t -> 1).withGap(600 * S, 1200 * S);
    ArraySamples b = every(5 * S, 3605 * S, 15 * S, t -> 2);
    ArraySamples.Drained got = drain(penalty("", a, b));
    // A's next sample (1200s) is beyond the penalty (twice A's step), so the merge switches to B, from
    // B's first sample at least half a step after A's last one (585s): 605s. Thanos would take 620s.
    for (int k = 1; k < got.t().length; k++) {
      long delta = got.t()[k] - got.t()[k - 1];
      assertThat(delta).as("step at %d", got.t()[k]).isEqualTo(got.t()[k] == 605 * S ? 20 * S : 15 * S);
    }
    assertThat(got.t()[0]).isZero();
    assertThat(got.t()[got.t().length - 1]).isGreaterThanOrEqualTo(3600 * S);
    // Inside the gap the values are B's.
    for (int k = 0; k < got.t().length; k++) {
      if (got.t()[k] > 600 * S && got.t()[k] < 1200 * S) {
        assertThat(got.v()[k]).isEqualTo(2);
      }
    }
  }

  @Test
  void replicasWithTheSameTimestampsMergeIntoTheCompleteOneAcrossAGap() {
    // Same scrape timestamps (as two Prometheus replicas of the same blocks); the one followed first
    // has a gap. The merge must be exactly the complete replica: no sample lost at either edge.
    ArraySamples gapped = every(0, 3600 * S, 15 * S, t -> t / 1000.0).withGap(600 * S, 1200 * S);
    ArraySamples complete = every(0, 3600 * S, 15 * S, t -> t / 1000.0);
    ArraySamples.Drained got = drain(penalty("rate", gapped, complete));
    assertThat(got.t()).hasSize(241);
    for (int k = 0; k < 241; k++) {
      assertThat(got.t()[k]).isEqualTo(k * 15 * S);
      assertThat(got.v()[k]).isEqualTo(k * 15.0);
    }
  }

  @Test
  void theMergeStaysOnTheReplicaItSwitchedTo() {
    ArraySamples a = every(0, 3600 * S, 15 * S, t -> 1).withGap(600 * S, 1200 * S);
    ArraySamples b = every(5 * S, 3605 * S, 15 * S, t -> 2);
    ArraySamples.Drained got = drain(penalty("", a, b));
    // After the switch to B at the gap, A's return is no reason to switch back (B has no gap).
    assertThat(got.v()[got.v().length - 1]).isEqualTo(2);
    int switches = 0;
    for (int k = 1; k < got.v().length; k++) {
      if (got.v()[k] != got.v()[k - 1]) {
        switches++;
      }
    }
    assertThat(switches).isEqualTo(1);
  }

  @Test
  void theFirstSampleComesFromTheEarlierReplica() {
    ArraySamples.Drained got = drain(penalty("", every(10 * S, 100 * S, 10 * S, t -> 1), every(3 * S, 103 * S, 10 * S, t -> 2)));
    assertThat(got.t()[0]).isEqualTo(3 * S);
    assertThat(got.v()[0]).isEqualTo(2);
  }

  @Test
  void counterFunctionsHideTheOffsetBetweenReplicasAtASwitch() {
    // A and B count the same events, but B's counter is 100 lower (it restarted earlier).
    ArraySamples a = every(0, 1800 * S, 15 * S, t -> 1000 + t / 1000.0).withGap(600 * S, 900 * S);
    ArraySamples b = every(5 * S, 1805 * S, 15 * S, t -> 900 + t / 1000.0);
    ArraySamples.Drained counter = drain(penalty("rate", a, b));
    for (int k = 1; k < counter.v().length; k++) {
      assertThat(counter.v()[k]).as("value at %d", counter.t()[k]).isGreaterThanOrEqualTo(counter.v()[k - 1]);
    }
    ArraySamples a2 = every(0, 1800 * S, 15 * S, t -> 1000 + t / 1000.0).withGap(600 * S, 900 * S);
    ArraySamples b2 = every(5 * S, 1805 * S, 15 * S, t -> 900 + t / 1000.0);
    ArraySamples.Drained gauge = drain(penalty("max_over_time", a2, b2));
    boolean dropped = false;
    for (int k = 1; k < gauge.v().length; k++) {
      dropped |= gauge.v()[k] < gauge.v()[k - 1];
    }
    assertThat(dropped).as("without counter handling the switch shows as a drop").isTrue();
  }

  @Test
  void aRealCounterResetInsideOneReplicaStaysVisible() {
    ArraySamples a = every(0, 600 * S, 15 * S, t -> t < 300 * S ? 500 + t / 1000.0 : t / 1000.0 - 300);
    ArraySamples b = every(5 * S, 605 * S, 15 * S, t -> t < 300 * S ? 500 + t / 1000.0 : t / 1000.0 - 300);
    ArraySamples.Drained got = drain(penalty("increase", a, b));
    boolean reset = false;
    for (int k = 1; k < got.v().length; k++) {
      reset |= got.v()[k] < got.v()[k - 1];
    }
    assertThat(reset).isTrue();
  }

  @Test
  void counterAdjustmentKeepsStalenessMarkers() {
    ArraySamples a = new ArraySamples(new long[] {0, 15 * S, 30 * S}, new double[] {5, 6, StaleMarker.VALUE});
    ArraySamples b = new ArraySamples(new long[] {5 * S, 20 * S}, new double[] {1, 2});
    ArraySamples.Drained got = drain(penalty("rate", a, b));
    assertThat(StaleMarker.is(got.v()[got.v().length - 1])).isTrue();
  }

  @Test
  void threeReplicasFillEachOthersGaps() {
    ArraySamples a = every(0, 1800 * S, 15 * S, t -> 1).withGap(300 * S, 1800 * S);
    ArraySamples b = every(5 * S, 1805 * S, 15 * S, t -> 2).withGap(600 * S, 1805 * S);
    ArraySamples c = every(10 * S, 1810 * S, 15 * S, t -> 3);
    ArraySamples.Drained got = drain(penalty("", a, b, c));
    for (int k = 1; k < got.t().length; k++) {
      // The initial penalty (5s) is below these 10s offsets, so the very start may hop once.
      assertThat(got.t()[k] - got.t()[k - 1]).as("step at %d", got.t()[k]).isBetween(10 * S, 35 * S);
    }
    assertThat(got.v()[0]).isEqualTo(1);
    assertThat(got.v()[got.v().length - 1]).isEqualTo(3);
  }

  @Test
  void seekWalksForwardWithoutSkippingGapFillers() {
    ArraySamples a = every(0, 1800 * S, 15 * S, t -> 1).withGap(600 * S, 1200 * S);
    ArraySamples b = every(5 * S, 1805 * S, 15 * S, t -> 2);
    SampleIterator it = penalty("", a, b);
    assertThat(it.seek(700 * S)).isTrue();
    assertThat(it.atT()).isBetween(700 * S, 715 * S);
    assertThat(it.atV()).isEqualTo(2);
    assertThat(it.seek(700 * S)).as("seek never moves backwards").isTrue();
    assertThat(it.atT()).isBetween(700 * S, 715 * S);
    assertThat(it.seek(5000 * S)).isFalse();
    assertThat(it.next()).isFalse();
  }

  @Test
  void aSingleReplicaPassesThrough() {
    ArraySamples a = every(0, 100 * S, 10 * S, t -> t);
    assertThat(penalty("rate", a)).isSameAs(a);
  }

  @Test
  void chainMergesAllSamplesOncePerTimestamp() {
    ArraySamples a = new ArraySamples(new long[] {1, 3, 5}, new double[] {10, 30, 50});
    ArraySamples b = new ArraySamples(new long[] {2, 3, 6}, new double[] {20, 31, 60});
    SampleIterator it = DedupFunction.CHAIN.merge(List.of(a, b), "");
    ArraySamples.Drained got = drain(it);
    assertThat(got.t()).containsExactly(1, 2, 3, 5, 6);
    assertThat(got.v()).containsExactly(10, 20, 30, 50, 60);
    SampleIterator seeking = DedupFunction.CHAIN.merge(List.of(
        new ArraySamples(new long[] {1, 3, 5}, new double[] {10, 30, 50}),
        new ArraySamples(new long[] {2, 3, 6}, new double[] {20, 31, 60})), "");
    assertThat(seeking.seek(4)).isTrue();
    assertThat(seeking.atT()).isEqualTo(5);
    assertThat(seeking.next()).isTrue();
    assertThat(seeking.atT()).isEqualTo(6);
  }

  @Test
  void functionNames() {
    assertThat(DedupFunction.parse("Penalty")).isEqualTo(DedupFunction.PENALTY);
    assertThat(DedupFunction.parse("chain")).isEqualTo(DedupFunction.CHAIN);
    assertThat(DedupFunction.isCounterFunction("irate")).isTrue();
    assertThat(DedupFunction.isCounterFunction("xrate")).isFalse();
  }
}
