package io.thanosj.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.thanosj.chunk.SampleIterator;
import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import io.thanosj.tsdb.CorruptBlockException;
import io.thanosj.tsdb.chunks.ChunkReader;
import io.thanosj.tsdb.index.IndexReader;
import io.thanosj.tsdb.io.ByteArraySource;
import io.thanosj.tsdb.io.ByteSource;
import io.thanosj.tsdb.postings.Postings;
import io.thanosj.tsdb.querier.BlockQuerier;
import io.thanosj.tsdb.querier.BlockSeriesSet;
import io.thanosj.tsdb.testing.SeriesGenerator;
import io.thanosj.tsdb.testing.TestSeries;
import io.thanosj.tsdb.tombstones.Tombstones;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of randomly corrupted copies of a small block (truncated files, flipped bits anywhere,
 * wrong magic numbers, broken checksums) in the index, the chunk segments and the tombstones. Each
 * read either fails with a {@link CorruptBlockException} naming the damaged file and an offset, or —
 * when the damage hit bytes nobody reads, like padding or the legacy label index — returns exactly
 * the original data. Nothing may hang, run out of memory, or throw anything else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlockCorruptionTest {

  private static final int CASES = 4000;
  private static final int BATCH = 250;

  private byte[] index;
  private byte[][] segments;
  private byte[] tombstones;
  private BlockMeta meta;
  private String expected;

  @BeforeAll
  void writeBlock(@TempDir Path dir) throws Exception {
    List<TestSeries> input = new SeriesGenerator(5).duration(3 * 3600_000L).interval(60_000).generate(40);
    try (BlockWriter w = new BlockWriter(dir, BlockWriter.Options.DEFAULT.withMaxSegmentSize(8 * 1024))) {
      for (TestSeries s : input) {
        w.addSeries(s.labels(), s.timestamps(), s.values(), s.size());
      }
      meta = w.finish();
    }
    Path block = dir.resolve(meta.ulid().toString());
    index = Files.readAllBytes(block.resolve("index"));
    List<Path> segs = BlockReader.segmentFiles(block.resolve("chunks"));
    assertThat(segs).hasSizeGreaterThan(1);
    segments = new byte[segs.size()][];
    for (int i = 0; i < segs.size(); i++) {
      segments[i] = Files.readAllBytes(segs.get(i));
    }
    // Some tombstones, so that file is exercised too.
    IndexReader ir = IndexReader.open(new ByteArraySource("x", index));
    Postings all = ir.allPostings();
    Tombstones t = Tombstones.EMPTY;
    for (int i = 0; all.next(); i++) {
      if (i % 7 == 0) {
        t = t.with(all.at(), meta.minTime() + 600_000L * i, meta.minTime() + 600_000L * i + 1_800_000);
      }
    }
    tombstones = t.encode();
    expected = readEverything(index, segments, tombstones);
    assertThat(expected).contains("gen_requests_total");
  }

  /** Opens the block from bytes and renders all of it: every series with samples, names and values. */
  private String readEverything(byte[] idx, byte[][] segs, byte[] tomb) {
    String id = meta.ulid().toString();
    List<ByteSource> srcs = new ArrayList<>();
    for (int i = 0; i < segs.length; i++) {
      srcs.add(new ByteArraySource(id + "/chunks/" + String.format("%06d", i + 1), segs[i]));
    }
    try (BlockReader b = new BlockReader(Path.of(id), meta, IndexReader.open(new ByteArraySource(id + "/index", idx)),
        ChunkReader.open(srcs), Tombstones.read(new ByteArraySource(id + "/tombstones", tomb)))) {
      StringBuilder sb = new StringBuilder();
      BlockQuerier q = b.querier(meta.minTime(), meta.maxTime());
      sb.append(q.labelNames(List.of())).append(q.labelValues("job", List.of())).append('\n');
      BlockSeriesSet set = q.select(List.of(Matcher.of(Matcher.Type.RE, Labels.METRIC_NAME, ".+")));
      while (set.next()) {
        sb.append(set.at().labels()).append(':');
        SampleIterator it = set.at().iterator();
        while (it.next()) {
          sb.append(it.atT()).append('=').append(Double.doubleToRawLongBits(it.atV())).append(',');
        }
        sb.append(set.at().chunks().size()).append('\n');
      }
      return sb.toString();
    }
  }

  private enum Target { INDEX, SEGMENT, TOMBSTONES }

  @Test
  void randomCorruptionIsReportedOrHarmlessNeverSilentOrFatal() {
    SplittableRandom rnd = new SplittableRandom(2024);
    int[] outcomes = new int[2]; // [corrupt reported, identical result]
    for (int start = 0; start < CASES; start += BATCH) {
      int from = start;
      assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
        for (int c = from; c < from + BATCH; c++) {
          runCase(rnd, c, outcomes);
        }
      }, "batch starting at case " + from);
    }
    assertThat(outcomes[0] + outcomes[1]).isEqualTo(CASES);
    assertThat(outcomes[0]).as("cases that must have been detected").isGreaterThan(CASES / 2);
  }

  private void runCase(SplittableRandom rnd, int caseNo, int[] outcomes) {
    byte[] idx = index;
    byte[][] segs = segments.clone();
    byte[] tomb = tombstones;
    Target target = switch (rnd.nextInt(20)) {
      case 0, 1 -> Target.TOMBSTONES;
      case 2, 3, 4, 5, 6, 7, 8, 9 -> Target.SEGMENT;
      default -> Target.INDEX;
    };
    int seg = rnd.nextInt(segs.length);
    byte[] original = switch (target) {
      case INDEX -> idx;
      case SEGMENT -> segs[seg];
      case TOMBSTONES -> tomb;
    };
    byte[] damaged = damage(rnd, original);
    String fileName = switch (target) {
      case INDEX -> "/index";
      case SEGMENT -> "/chunks/" + String.format("%06d", seg + 1);
      case TOMBSTONES -> "/tombstones";
    };
    switch (target) {
      case INDEX -> idx = damaged;
      case SEGMENT -> segs[seg] = damaged;
      case TOMBSTONES -> tomb = damaged;
    }
    String got;
    try {
      got = readEverything(idx, segs, tomb);
    } catch (CorruptBlockException e) {
      assertThat(e.getMessage()).as("case %d", caseNo).contains(meta.ulid() + fileName).contains("corrupt at offset " + e.offset());
      assertThat(e.offset()).as("case %d", caseNo).isBetween(0L, (long) original.length + 64);
      outcomes[0]++;
      return;
    } catch (RuntimeException | Error e) {
      throw new AssertionError("case " + caseNo + " (" + target + "): unexpected " + e, e);
    }
    assertThat(got).as("case %d (%s) returned data that differs from the original", caseNo, target).isEqualTo(expected);
    outcomes[1]++;
  }

  private static byte[] damage(SplittableRandom rnd, byte[] b) {
    byte[] d;
    switch (rnd.nextInt(10)) {
      case 0, 1 -> { // truncate
        d = java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
      }
      case 2 -> { // wrong magic
        d = b.clone();
        d[rnd.nextInt(4)] ^= (byte) (1 + rnd.nextInt(255));
      }
      case 3 -> { // damage the last bytes: TOC and its checksum, a chunk's checksum, tombstone CRC
        d = b.clone();
        int at = Math.max(0, b.length - 1 - rnd.nextInt(Math.min(b.length, 60)));
        d[at] ^= (byte) (1 << rnd.nextInt(8));
      }
      case 4 -> { // overwrite a run of bytes with garbage (huge lengths, counts)
        d = b.clone();
        int at = rnd.nextInt(b.length);
        for (int i = at; i < Math.min(b.length, at + 1 + rnd.nextInt(8)); i++) {
          d[i] = (byte) (rnd.nextBoolean() ? 0xFF : rnd.nextInt(256));
        }
      }
      default -> { // flip one to three bits anywhere
        d = b.clone();
        int flips = 1 + rnd.nextInt(3);
        for (int i = 0; i < flips; i++) {
          d[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
        }
      }
    }
    return d;
  }
}
