package io.thanosj.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.thanosj.storeapi.proto.AggrChunk;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverlapSplitTest {

  private static AggrChunk c(long min, long max) {
    return AggrChunk.newBuilder().setMinTime(min).setMaxTime(max).build();
  }

  @Test
  void nonOverlappingChunksStayOneChain() {
    assertThat(OverlapSplit.split(List.of(c(0, 9), c(10, 19), c(20, 29)))).hasSize(1);
  }

  @Test
  void overlappingChunksFromTwoReplicasBecomeTwoChains() {
    List<List<AggrChunk>> chains = OverlapSplit.split(List.of(c(0, 99), c(5, 104), c(100, 199), c(105, 204), c(200, 299)));
    assertThat(chains).hasSize(2);
    assertThat(chains.get(0)).extracting(AggrChunk::getMinTime).containsExactly(0L, 100L, 200L);
    assertThat(chains.get(1)).extracting(AggrChunk::getMinTime).containsExactly(5L, 105L);
  }

  @Test
  void aChunkGoesIntoTheFirstChainItFits() {
    // Touching is overlap: a chunk must start strictly after the chain's last one ends.
    List<List<AggrChunk>> chains = OverlapSplit.split(List.of(c(0, 10), c(10, 20), c(15, 30), c(31, 40), c(35, 50)));
    assertThat(chains).hasSize(2);
    assertThat(chains.get(0)).extracting(AggrChunk::getMinTime).containsExactly(0L, 15L, 31L);
    assertThat(chains.get(1)).extracting(AggrChunk::getMinTime).containsExactly(10L, 35L);
  }

  @Test
  void noChunksIsOneEmptyChain() {
    assertThat(OverlapSplit.split(List.of())).containsExactly(List.of());
  }
}
