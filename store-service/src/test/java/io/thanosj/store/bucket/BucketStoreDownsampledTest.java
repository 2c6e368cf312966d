package io.thanosj.store.bucket;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thanosj.chunk.ChunkEncoding;
import io.thanosj.chunk.XorChunk;
import io.thanosj.chunk.XorIterator;
import io.thanosj.labels.Labels;
import io.thanosj.objstore.filesystem.FilesystemBucket;
import io.thanosj.store.sync.MetaFetcher;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.StoreProtos;
import io.thanosj.storeapi.proto.Aggr;
import io.thanosj.storeapi.proto.AggrChunk;
import io.thanosj.storeapi.proto.Chunk;
import io.thanosj.storeapi.proto.LabelMatcher;
import io.thanosj.storeapi.proto.LabelValuesRequest;
import io.thanosj.storeapi.proto.Series;
import io.thanosj.storeapi.proto.SeriesRequest;
import io.thanosj.tsdb.block.BlockMeta;
import io.thanosj.tsdb.block.BlockWriter;
import io.thanosj.tsdb.block.ThanosMeta;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.openhft.hashing.LongHashFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bucket store over raw, 5m and 1h blocks written with our block writer and AggrChunk encoder
 * into a FILESYSTEM bucket. Layout, in hours from an hour-aligned T0:
 *
 * <pre>
 *   raw  [0,2) "raw0"              [4,6) "raw4"      series job=a, job=b
 *   5m              [2,4) "5m2"                      series job=a, job=b
 *   1h   [0,2) "1h0" (no counter aggregate)          series job=a, job=b, job=c
 *   1m                                   [6,8)       series job=a (an unknown resolution: not loaded)
 * </pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BucketStoreDownsampledTest {

  private static final long H = 3600_000L;
  private static final long T0 = 1_700_002_800_000L; // a multiple of 1h
  private static final long SCRAPE = 15_000L;
  private static final Labels EXT = Labels.of("region", "eu");
  private static final Labels A = Labels.of("__name__", "up", "job", "a");
  private static final Labels B = Labels.of("__name__", "up", "job", "b");
  private static final Labels C = Labels.of("__name__", "up", "job", "c");

  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private BucketStore store;
  /** The aggregates written for series a in the 5m and 1h blocks, to compare answers with. */
  private Aggregates a5m;
  private Aggregates a1h;
  private BlockMeta oneHourBlock;

  /** Raw samples every 15 s over {@code [from, to)}; series b has twice a's values, c three times. */
  private record Raw(long[] ts, double[] vs) {
    static Raw of(long from, long to, double scale) {
      int n = (int) ((to - from) / SCRAPE);
      long[] ts = new long[n];
      double[] vs = new double[n];
      for (int i = 0; i < n; i++) {
        ts[i] = from + i * SCRAPE;
        vs[i] = scale * ((ts[i] - T0) / 1000.0) + (i % 7); // rising, with some jitter for min/max
      }
      return new Raw(ts, vs);
    }
  }

  /**
   * The five aggregates of raw samples at a resolution, following Thanos' layout: windows end at
   * {@code t - t%res + res - 1} except the last, stamped with the last raw timestamp; the counter starts with the first raw sample and repeats the last
   * timestamp with the last raw value at its end (values here never decrease between windows).
   */
  private record Aggregates(long[] ts, double[] count, double[] sum, double[] min, double[] max, long[] counterTs, double[] counter) {
    static Aggregates of(Raw raw, long res) {
      Map<Long, double[]> w = new LinkedHashMap<>(); // window end -> count, sum, min, max, last
      for (int i = 0; i < raw.ts.length; i++) {
        long end = raw.ts[i] - raw.ts[i] % res + res - 1;
        double v = raw.vs[i];
        double[] x = w.computeIfAbsent(end, k -> new double[] {0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0});
        x[0]++;
        x[1] += v;
        x[2] = Math.min(x[2], v);
        x[3] = Math.max(x[3], v);
        x[4] = v;
      }
      int n = w.size();
      long[] ts = new long[n];
      double[][] cols = new double[5][n];
      int i = 0;
      for (Map.Entry<Long, double[]> e : w.entrySet()) {
        ts[i] = e.getKey();
        for (int c = 0; c < 5; c++) {
          cols[c][i] = e.getValue()[c];
        }
        i++;
      }
      int last = raw.ts.length - 1;
      ts[n - 1] = raw.ts[last]; // the batch's last window is stamped with its last raw timestamp
      long[] cts = new long[n + 2];
      double[] cvs = new double[n + 2];
      cts[0] = raw.ts[0];
      cvs[0] = raw.vs[0];
      for (int k = 0; k < n; k++) {
        cts[k + 1] = ts[k];
        cvs[k + 1] = cols[4][k];
      }
      cts[n + 1] = ts[n - 1];
      cvs[n + 1] = raw.vs[last];
      return new Aggregates(ts, cols[0], cols[1], cols[2], cols[3], cts, cvs);
    }

    BlockWriter.EncodedChunkData chunk(boolean withCounter) {
      int n = ts.length;
      byte[] data = io.thanosj.tsdb.downsample.AggrChunk.encodeXor(XorChunk.encode(ts, count, 0, n),
          XorChunk.encode(ts, sum, 0, n), XorChunk.encode(ts, min, 0, n), XorChunk.encode(ts, max, 0, n),
          withCounter ? XorChunk.encode(counterTs, counter, 0, counterTs.length) : null);
      return new BlockWriter.EncodedChunkData(counterTs[0], counterTs[counterTs.length - 1], ChunkEncoding.AGGREGATED, data);
    }
  }

  @BeforeAll
  void writeBlocksAndSync(@TempDir Path tmp) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("bucket"));
    rawBlock(dir, T0, T0 + 2 * H);
    rawBlock(dir, T0 + 4 * H, T0 + 6 * H);
    a5m = downsampledBlock(dir, T0 + 2 * H, T0 + 4 * H, ThanosMeta.RES_5M, List.of(A, B), true);
    a1h = downsampledBlock(dir, T0, T0 + 2 * H, ThanosMeta.RES_1H, List.of(A, B, C), false);
    // A resolution Thanos does not know (1m): the store leaves such a block out, as Thanos refuses it.
    downsampledBlock(dir, T0 + 6 * H, T0 + 8 * H, 60_000L, List.of(A), true);

    FilesystemBucket bucket = new FilesystemBucket(dir);
    MetaFetcher fetcher = new MetaFetcher(bucket, pool,
        new MetaFetcher.Filters(() -> Long.MIN_VALUE, () -> Long.MAX_VALUE, Duration.ZERO, Duration.ofHours(24)), Clock.systemUTC());
    BucketStore[] self = new BucketStore[1];
    StoreMetrics metrics = new StoreMetrics(registry, () -> self[0] == null ? 0 : self[0].loadedBlocks());
    store = new BucketStore(bucket, fetcher,
        new BucketStore.Options(Files.createDirectories(tmp.resolve("data")), () -> Long.MIN_VALUE, () -> Long.MAX_VALUE, 0, 0, 4),
        metrics, new IndexCache(1 << 20, registry), pool, Executors.newFixedThreadPool(2), Executors.newFixedThreadPool(2));
    self[0] = store;
    store.sync();
  }

  @AfterAll
  void stop() {
    if (store != null) {
      store.close();
    }
    pool.shutdownNow();
  }

  private static void rawBlock(Path dir, long from, long to) {
    try (BlockWriter w = new BlockWriter(dir, BlockWriter.Options.DEFAULT.withThanos(ThanosMeta.of(EXT.toMap(), 0, "test")))) {
      Raw a = Raw.of(from, to, 1);
      Raw b = Raw.of(from, to, 2);
      w.addSeries(A, a.ts, a.vs, a.ts.length);
      w.addSeries(B, b.ts, b.vs, b.ts.length);
      w.finish(from, to, null);
    }
  }

  /** Writes a downsampled block of the given series over {@code [from, to)}; returns series a's aggregates. */
  private Aggregates downsampledBlock(Path dir, long from, long to, long res, List<Labels> series, boolean withCounter) {
    try (BlockWriter w = new BlockWriter(dir, BlockWriter.Options.DEFAULT.withThanos(ThanosMeta.of(EXT.toMap(), res, "compactor")))) {
      Aggregates first = null;
      for (int s = 0; s < series.size(); s++) {
        Aggregates g = Aggregates.of(Raw.of(from, to, s + 1), res);
        first = first == null ? g : first;
        w.addEncodedSeries(series.get(s), List.of(g.chunk(withCounter)));
      }
      BlockMeta m = w.finish(from, to, null);
      if (res == ThanosMeta.RES_1H) {
        oneHourBlock = m;
      }
      return first;
    }
  }

  private static SeriesRequest up(long window, Aggr... aggregates) {
    return SeriesRequest.newBuilder().setMinTime(T0).setMaxTime(T0 + 6 * H).setMaxResolutionWindow(window)
        .addAllAggregates(List.of(aggregates))
        .addMatchers(LabelMatcher.newBuilder().setType(LabelMatcher.Type.EQ).setName("__name__").setValue("up")).build();
  }

  private record Answer(Map<String, List<AggrChunk>> chunks, List<String> warnings) {}

  private Answer ask(SeriesRequest req) {
    Map<String, List<AggrChunk>> out = new LinkedHashMap<>();
    try (SeriesSet set = store.series(req)) {
      while (set.next()) {
        Series s = set.at();
        out.put(StoreProtos.labels(s.getLabelsList()).get("job"), s.getChunksList());
      }
      return new Answer(out, set.warnings());
    }
  }

  /** Which fields of a chunk are set, e.g. "raw" or "count+sum" or "" for none. */
  private static String fields(AggrChunk c) {
    List<String> f = new ArrayList<>();
    if (c.hasRaw()) {
      f.add("raw");
    }
    if (c.hasCount()) {
      f.add("count");
    }
    if (c.hasSum()) {
      f.add("sum");
    }
    if (c.hasMin()) {
      f.add("min");
    }
    if (c.hasMax()) {
      f.add("max");
    }
    if (c.hasCounter()) {
      f.add("counter");
    }
    return String.join("+", f);
  }

  private static List<String> fieldsPerChunk(List<AggrChunk> chunks) {
    return chunks.stream().map(BucketStoreDownsampledTest::fields).toList();
  }

  private static void assertDecodes(Chunk c, long[] ts, double[] vs) {
    assertThat(c.getType()).isEqualTo(Chunk.Encoding.XOR);
    byte[] data = c.getData().toByteArray();
    assertThat(c.getHash()).isEqualTo(LongHashFunction.xx().hashBytes(data));
    XorIterator it = new XorIterator(data);
    for (int i = 0; i < ts.length; i++) {
      assertThat(it.next()).as("sample %d", i).isTrue();
      assertThat(it.atT()).isEqualTo(ts[i]);
      assertThat(it.atV()).isEqualTo(vs[i]);
    }
    assertThat(it.next()).isFalse();
  }

  @Test
  void theFourBlocksOfKnownResolutionsAreLoadedAndInfoCoversThem() {
    assertThat(store.loadedBlocks()).isEqualTo(4);
    assertThat(store.info().getStore().getMinTime()).isEqualTo(T0);
    assertThat(store.info().getStore().getMaxTime()).isEqualTo(T0 + 6 * H);
  }

  @Test
  void windowZeroServesRawBlocksOnly() {
    Answer a = ask(up(0));
    assertThat(a.warnings()).isEmpty();
    assertThat(a.chunks().keySet()).containsExactly("a", "b"); // c lives only in the 1h block
    List<AggrChunk> chunks = a.chunks().get("a");
    assertThat(fieldsPerChunk(chunks)).containsOnly("raw").hasSize(8); // 2 blocks x 480 samples / 120
    assertThat(chunks.get(0).getMinTime()).isEqualTo(T0);
    assertThat(chunks.get(3).getMaxTime()).isEqualTo(T0 + 2 * H - SCRAPE);
    assertThat(chunks.get(4).getMinTime()).isEqualTo(T0 + 4 * H);
  }

  @Test
  void fiveMinuteWindowServesTheFiveMinuteBlockWithTheRequestedAggregatesAndRawAroundIt() {
    Answer a = ask(up(ThanosMeta.RES_5M, Aggr.COUNT, Aggr.SUM));
    assertThat(a.warnings()).isEmpty();
    List<AggrChunk> chunks = a.chunks().get("a");
    assertThat(fieldsPerChunk(chunks)).containsExactly("raw", "raw", "raw", "raw", "count+sum", "raw", "raw", "raw", "raw");
    AggrChunk d = chunks.get(4);
    assertThat(d.getMinTime()).isEqualTo(T0 + 2 * H);
    assertThat(a5m.ts).hasSize(24);
    assertThat(a5m.count).containsOnly(20.0);
    assertDecodes(d.getCount(), a5m.ts, a5m.count);
    assertDecodes(d.getSum(), a5m.ts, a5m.sum);
  }

  @Test
  void hourWindowPrefersTheHourBlockAndFillsTheRestWithFinerBlocks() {
    Answer a = ask(up(ThanosMeta.RES_1H, Aggr.MAX));
    assertThat(a.warnings()).isEmpty();
    assertThat(a.chunks().keySet()).containsExactly("a", "b", "c");
    List<AggrChunk> chunks = a.chunks().get("a");
    assertThat(fieldsPerChunk(chunks)).containsExactly("max", "max", "raw", "raw", "raw", "raw");
    assertDecodes(chunks.get(0).getMax(), a1h.ts, a1h.max);
    assertThat(a1h.ts).containsExactly(T0 + H - 1, T0 + 2 * H - SCRAPE);
    assertDecodes(chunks.get(1).getMax(), a5m.ts, a5m.max);
    assertThat(fieldsPerChunk(a.chunks().get("c"))).containsExactly("max");
    // A window between resolutions allows the finer one only.
    assertThat(fieldsPerChunk(ask(up(ThanosMeta.RES_1H - 1, Aggr.MAX)).chunks().get("a")))
        .containsExactly("raw", "raw", "raw", "raw", "max", "raw", "raw", "raw", "raw");
  }

  @Test
  void counterAggregateDecodesWithItsLeadingAndTrailingRawSamples() {
    Answer a = ask(up(ThanosMeta.RES_5M, Aggr.COUNTER, Aggr.MIN));
    AggrChunk d = a.chunks().get("a").get(4);
    assertThat(fields(d)).isEqualTo("min+counter");
    assertDecodes(d.getCounter(), a5m.counterTs, a5m.counter);
    assertDecodes(d.getMin(), a5m.ts, a5m.min);
  }

  @Test
  void withoutAggregatesADownsampledChunkCarriesOnlyItsTimeRangeAsInThanos() {
    List<AggrChunk> chunks = ask(up(ThanosMeta.RES_5M)).chunks().get("a");
    assertThat(fieldsPerChunk(chunks)).containsExactly("raw", "raw", "raw", "raw", "", "raw", "raw", "raw", "raw");
    assertThat(chunks.get(4).getMaxTime()).isEqualTo(T0 + 4 * H - SCRAPE);
  }

  @Test
  void aMissingAggregateFailsThatBlockWithThanosMessage() {
    Answer a = ask(up(ThanosMeta.RES_1H, Aggr.COUNTER));
    assertThat(a.warnings()).singleElement().asString()
        .contains(oneHourBlock.ulid().toString()).contains("aggregate counter does not exist");
    // The other blocks still answer: the 5m block has its counter, the raw block its raw chunks.
    assertThat(fieldsPerChunk(a.chunks().get("a"))).containsExactly("counter", "raw", "raw", "raw", "raw");
    assertThat(a.chunks()).doesNotContainKey("c");
  }

  @Test
  void labelCallsConsiderBlocksOfEveryResolution() {
    assertThat(store.labelValues(LabelValuesRequest.newBuilder().setLabel("job").setStart(T0).setEnd(T0 + 6 * H).build())
        .getValuesList()).containsExactly("a", "b", "c");
  }
}
