package io.thanosj.sidecar.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.thanosj.labels.Labels;
import io.thanosj.storeapi.proto.ShardInfo;
import java.nio.charset.StandardCharsets;
import net.openhft.hashing.LongHashFunction;
import org.junit.jupiter.api.Test;

class ShardMatcherTest {

  @Test
  void theHashIsGoXxhash64WithSeedZero() {
    // cespare/xxhash Sum64 of the empty input and of "a", as Thanos computes them.
    assertThat(LongHashFunction.xx().hashBytes(new byte[0])).isEqualTo(0xef46db3751d8e999L);
    assertThat(LongHashFunction.xx().hashBytes("a".getBytes(StandardCharsets.UTF_8))).isEqualTo(0xd24ec4f1a98c6e5bL);
  }

  @Test
  void everySeriesFallsInExactlyOneShardAndByLabelsGroupTogether() {
    int total = 3;
    for (int v = 0; v < 50; v++) {
      Labels a = Labels.of("__name__", "m", "job", "j" + v, "instance", "i1");
      Labels b = Labels.of("__name__", "m", "job", "j" + v, "instance", "i2");
      int owners = 0;
      for (int i = 0; i < total; i++) {
        ShardMatcher byJob = new ShardMatcher(ShardInfo.newBuilder().setShardIndex(i).setTotalShards(total).setBy(true).addLabels("job").build());
        assertThat(byJob.matches(a)).isEqualTo(byJob.matches(b));
        if (byJob.matches(a)) {
          owners++;
        }
      }
      assertThat(owners).isEqualTo(1);
    }
  }

  @Test
  void theShardIsTheUnsignedHashOfTheSelectedPairs() {
    Labels l = Labels.of("job", "api", "zone", "b");
    byte[] buf = "job\u00ffapi\u00ff".getBytes(StandardCharsets.ISO_8859_1);
    long expected = Long.remainderUnsigned(LongHashFunction.xx().hashBytes(buf), 7);
    ShardMatcher m = new ShardMatcher(ShardInfo.newBuilder().setShardIndex(expected).setTotalShards(7).setBy(true).addLabels("job").build());
    assertThat(m.matches(l)).isTrue();
    // "without" hashes every other label instead.
    byte[] without = "zone\u00ffb\u00ff".getBytes(StandardCharsets.ISO_8859_1);
    long expectedWithout = Long.remainderUnsigned(LongHashFunction.xx().hashBytes(without), 7);
    ShardMatcher w = new ShardMatcher(ShardInfo.newBuilder().setShardIndex(expectedWithout).setTotalShards(7).setBy(false).addLabels("job").build());
    assertThat(w.matches(l)).isTrue();
  }

  @Test
  void withoutShardInfoEverythingMatches() {
    assertThat(new ShardMatcher(ShardInfo.getDefaultInstance()).matches(Labels.of("a", "b"))).isTrue();
  }
}
