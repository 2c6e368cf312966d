package io.thanosj.tsdb.testing;

import io.thanosj.chunk.SampleIterator;
import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import io.thanosj.tsdb.block.BlockReader;
import io.thanosj.tsdb.querier.BlockSeriesSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads every sample of one or more blocks through our block reader, merged per series across
 * blocks (blocks in time order), for comparing with the data that went in.
 */
public final class BlockContents {

  private BlockContents() {}

  public static List<TestSeries> read(List<Path> blockDirs) {
    Map<Labels, long[][]> ts = new TreeMap<>(Labels::compare);
    Map<Labels, double[][]> vs = new TreeMap<>(Labels::compare);
    Map<Labels, int[]> sizes = new TreeMap<>(Labels::compare);
    for (Path dir : blockDirs) {
      try (BlockReader b = BlockReader.open(dir)) {
        BlockSeriesSet set = b.querier(b.meta().minTime(), b.meta().maxTime() - 1)
            .select(List.of(Matcher.of(Matcher.Type.RE, Labels.METRIC_NAME, ".+")));
        while (set.next()) {
          Labels l = set.at().labels();
          long[][] t = ts.computeIfAbsent(l, k -> new long[][] {new long[64]});
          double[][] v = vs.computeIfAbsent(l, k -> new double[][] {new double[64]});
          int[] n = sizes.computeIfAbsent(l, k -> new int[1]);
          SampleIterator it = set.at().iterator();
          while (it.next()) {
            if (n[0] == t[0].length) {
              t[0] = Arrays.copyOf(t[0], n[0] * 2);
              v[0] = Arrays.copyOf(v[0], n[0] * 2);
            }
            t[0][n[0]] = it.atT();
            v[0][n[0]] = it.atV();
            n[0]++;
          }
        }
      }
    }
    List<TestSeries> out = new ArrayList<>(ts.size());
    for (Map.Entry<Labels, long[][]> e : ts.entrySet()) {
      int n = sizes.get(e.getKey())[0];
      out.add(new TestSeries(e.getKey(), TestSeries.MetricType.UNKNOWN,
          Arrays.copyOf(e.getValue()[0], n), Arrays.copyOf(vs.get(e.getKey())[0], n)));
    }
    return out;
  }
}
