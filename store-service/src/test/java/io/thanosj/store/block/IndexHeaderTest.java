package io.thanosj.store.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import io.thanosj.objstore.filesystem.FilesystemBucket;
import io.thanosj.store.TestBlocks;
import io.thanosj.storeapi.acceptance.SeriesData;
import io.thanosj.tsdb.block.BlockMeta;
import io.thanosj.tsdb.index.IndexReader;
import io.thanosj.tsdb.index.SeriesEntry;
import io.thanosj.tsdb.io.MappedFileSource;
import io.thanosj.tsdb.postings.Postings;
import io.thanosj.tsdb.querier.PostingsForMatchers;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A block loaded through its index header (range reads only) against the full index read locally:
 * same label names and values, same postings for every label pair and matcher kind, same series.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndexHeaderTest {

  private static final long T0 = 1_700_006_400_000L;

  @TempDir static Path tmp;
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private BlockMeta meta;
  private BucketBlock block;
  private IndexReader full;
  private FilesystemBucket bucket;

  @BeforeAll
  void load() throws Exception {
    Path bucketDir = Files.createDirectories(tmp.resolve("bucket"));
    List<SeriesData> series = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      long[] ts = new long[8];
      double[] vs = new double[8];
      for (int j = 0; j < ts.length; j++) {
        ts[j] = T0 + j * 15_000L;
        vs[j] = i * j;
      }
      series.add(new SeriesData(Labels.of("__name__", "metric_" + (i % 7), "instance", "host-" + (i % 97) + ":9100",
          "job", "job" + (i % 5), "idx", Integer.toString(i)), ts, vs));
    }
    meta = TestBlocks.write(bucketDir, series, Labels.of("region", "eu"));
    bucket = new FilesystemBucket(bucketDir);
    block = BucketBlock.load(bucket, meta, Files.createDirectories(tmp.resolve("data")));
    full = IndexReader.open(MappedFileSource.open(bucketDir.resolve(meta.ulid() + "/index"), "index"));
  }

  @AfterAll
  void close() {
    block.close();
    full.close();
    pool.shutdownNow();
  }

  @Test
  void theHeaderIsFarSmallerThanTheIndexAndTheIndexIsNotDownloaded() throws Exception {
    Path dir = tmp.resolve("data").resolve(meta.ulid().toString());
    assertThat(Files.exists(dir.resolve("index"))).isFalse();
    assertThat(Files.size(dir.resolve(IndexHeader.FILE_NAME))).isLessThan(full.size() / 2);
  }

  @Test
  void labelNamesAndValuesComeFromTheHeader() {
    assertThat(block.labelNames()).isEqualTo(full.labelNames());
    for (String name : full.labelNames()) {
      assertThat(block.labelValues(name)).as(name).isEqualTo(full.labelValues(name));
    }
  }

  @Test
  void postingsAndSeriesMatchTheFullIndexForEveryMatcherKind() {
    List<List<Matcher>> cases = List.of(
        List.of(Matcher.of(Matcher.Type.EQ, "job", "job3")),
        List.of(Matcher.of(Matcher.Type.EQ, "__name__", "metric_2"), Matcher.of(Matcher.Type.NEQ, "job", "job1")),
        List.of(Matcher.of(Matcher.Type.RE, "instance", "host-1.*"), Matcher.of(Matcher.Type.NRE, "job", "job[02]")),
        List.of(Matcher.of(Matcher.Type.RE, "idx", ".*")),
        List.of(Matcher.of(Matcher.Type.EQ, "missing", "")),
        List.of(Matcher.of(Matcher.Type.EQ, "job", "nope")));
    for (List<Matcher> ms : cases) {
      LongAdder fetched = new LongAdder();
      try (BucketBlock.RequestIndex ri = block.requestIndex(ms, true, pool, fetched)) {
        long[] ours = Postings.toArray(PostingsForMatchers.select(ri.reader(), ms));
        long[] theirs = Postings.toArray(PostingsForMatchers.select(full, ms));
        assertThat(ours).as("postings for %s", ms).isEqualTo(theirs);
        ri.prefetchSeries(ours);
        SeriesEntry a = new SeriesEntry();
        SeriesEntry b = new SeriesEntry();
        for (long ref : ours) {
          ri.reader().series(ref, a);
          full.series(ref, b);
          assertThat(a.labels(ri.reader().symbols())).isEqualTo(b.labels(full.symbols()));
          assertThat(a.chunks().size()).isEqualTo(b.chunks().size());
          assertThat(a.chunks().ref(0)).isEqualTo(b.chunks().ref(0));
        }
      }
    }
  }

  @Test
  void aDamagedHeaderFileIsRebuiltOnTheNextLoad() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data2"));
    BucketBlock.load(bucket, meta, data).close();
    Path header = data.resolve(meta.ulid() + "/" + IndexHeader.FILE_NAME);
    try (RandomAccessFile f = new RandomAccessFile(header.toFile(), "rw")) {
      f.seek(f.length() - 60);
      f.write(new byte[] {9, 9, 9, 9});
    }
    BucketBlock again = BucketBlock.load(bucket, meta, data);
    try {
      assertThat(again.labelNames()).isEqualTo(full.labelNames());
    } finally {
      again.close();
    }
  }
}
