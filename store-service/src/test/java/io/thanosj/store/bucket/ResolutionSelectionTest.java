package io.thanosj.store.bucket;

import static org.assertj.core.api.Assertions.assertThat;

import io.thanosj.tsdb.block.BlockMeta;
import io.thanosj.tsdb.block.ThanosMeta;
import io.thanosj.tsdb.block.Ulid;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ResolutionSelectionTest {

  private static final long H = 3600_000L;
  private static final long RAW = ThanosMeta.RES_RAW;
  private static final long M5 = ThanosMeta.RES_5M;
  private static final long H1 = ThanosMeta.RES_1H;
  private static final Ulid.Generator IDS = new Ulid.Generator();

  /** A named block of the given resolution over hours {@code [from, to)}. */
  private record Block(String name, BlockMeta meta) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Block block(String name, long res, long fromHour, long toHour, Map<String, String> labels) {
    return new Block(name, new BlockMeta(IDS.next(), fromHour * H, toHour * H, null, null, 1,
        ThanosMeta.of(labels, res, "test")));
  }

  private static Block block(String name, long res, long fromHour, long toHour) {
    return block(name, res, fromHour, toHour, Map.of("cluster", "a"));
  }

  private static final Function<Block, BlockMeta> META = Block::meta;

  private static List<String> select(List<Block> blocks, long fromHour, long toHour, long window) {
    return ResolutionSelection.select(blocks, META, fromHour * H, toHour * H - 1, window).stream().map(Block::name).toList();
  }

  // raw: [0,2) [2,4) [4,6) [6,8) [20,22); 5m: [0,4) [6,20); 1h: [0,10)
  private final List<Block> blocks = List.of(
      block("raw0", RAW, 0, 2), block("raw2", RAW, 2, 4), block("raw4", RAW, 4, 6), block("raw6", RAW, 6, 8),
      block("raw20", RAW, 20, 22),
      block("5m0", M5, 0, 4), block("5m6", M5, 6, 20),
      block("1h0", H1, 0, 10));

  @Test
  void windowZeroSelectsRawBlocksOnly() {
    assertThat(select(blocks, 0, 24, 0)).containsExactly("raw0", "raw2", "raw4", "raw6", "raw20");
    assertThat(select(blocks, 3, 5, 0)).containsExactly("raw2", "raw4");
  }

  @Test
  void fiveMinuteWindowPrefersFiveMinuteBlocksAndFillsGapsWithRaw() {
    assertThat(select(blocks, 0, 24, M5)).containsExactly("5m0", "raw4", "5m6", "raw20");
    // Windows between resolutions round down to the coarsest allowed one.
    assertThat(select(blocks, 0, 24, H1 - 1)).containsExactly("5m0", "raw4", "5m6", "raw20");
  }

  @Test
  void hourWindowPrefersHourBlocksThenFiveMinuteThenRaw() {
    // 1h covers [0,10); [10,20) from the 5m block [6,20) (it overlaps the gap); [20,24) from raw.
    assertThat(select(blocks, 0, 24, H1)).containsExactly("1h0", "5m6", "raw20");
    assertThat(select(blocks, 0, 24, Long.MAX_VALUE)).containsExactly("1h0", "5m6", "raw20");
    assertThat(select(blocks, 11, 24, H1)).containsExactly("5m6", "raw20");
  }

  @Test
  void negativeWindowIsRawOnlyAndEmptyRangesSelectNothing() {
    assertThat(select(blocks, 0, 24, -1)).containsExactly("raw0", "raw2", "raw4", "raw6", "raw20");
    assertThat(ResolutionSelection.select(blocks, META, 10, 5, H1)).isEmpty();
    assertThat(select(blocks, 30, 40, H1)).isEmpty();
  }

  @Test
  void labelGroupsAreSelectedIndependently() {
    List<Block> two = List.of(
        block("a-raw", RAW, 0, 4), block("a-1h", H1, 0, 4),
        block("b-raw", RAW, 0, 4, Map.of("cluster", "b")));
    // Cluster b has no downsampled block, so its raw block fills the whole range.
    assertThat(select(two, 0, 4, H1)).containsExactlyInAnyOrder("a-1h", "b-raw");
  }

  @Test
  void blocksWithoutThanosSectionAreRawAndUnknownResolutionsAreIgnored() {
    Block plain = new Block("plain", new BlockMeta(IDS.next(), 0, 2 * H, null, null, 1, null));
    Block odd = block("odd", 60_000, 0, 2, Map.of());
    assertThat(ResolutionSelection.select(List.of(plain, odd), META, 0, 2 * H - 1, H1)).extracting(Block::name)
        .containsExactly("plain");
    assertThat(ResolutionSelection.isSupported(60_000)).isFalse();
    assertThat(ResolutionSelection.isSupported(M5)).isTrue();
  }
}
