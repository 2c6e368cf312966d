package io.thanosj.store;

import io.thanosj.labels.Labels;
import io.thanosj.storeapi.acceptance.Dataset;
import io.thanosj.storeapi.acceptance.SeriesData;
import io.thanosj.tsdb.block.BlockMeta;
import io.thanosj.tsdb.block.BlockWriter;
import io.thanosj.tsdb.block.ThanosMeta;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes test blocks with our block writer straight into a FILESYSTEM bucket directory. */
public final class TestBlocks {

  private TestBlocks() {}

  /** One block holding {@code series}, with {@code external} as its Thanos labels; returns its meta. */
  public static BlockMeta write(Path bucketDir, List<SeriesData> series, Labels external) {
    List<SeriesData> sorted = new ArrayList<>(series);
    sorted.sort((a, b) -> Labels.compare(a.labels(), b.labels()));
    try (BlockWriter w = new BlockWriter(bucketDir, BlockWriter.Options.DEFAULT.withThanos(ThanosMeta.of(external.toMap(), 0, "test")))) {
      for (SeriesData s : sorted) {
        w.addSeries(s.labels(), s.timestamps(), s.values(), s.size());
      }
      return w.finish();
    }
  }

  public static BlockMeta write(Path bucketDir, Dataset data, Labels external) {
    return write(bucketDir, data.series(), external);
  }

  /** The objstore YAML of a FILESYSTEM bucket at {@code dir}. */
  public static String filesystemConfig(Path dir) {
    return "type: FILESYSTEM\nconfig:\n  directory: " + dir.toAbsolutePath() + "\n";
  }
}
