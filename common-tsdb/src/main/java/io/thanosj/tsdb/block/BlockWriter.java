package io.thanosj.tsdb.block;

import io.thanosj.chunk.ChunkEncoding;
import io.thanosj.chunk.XorChunk;
import io.thanosj.labels.Labels;
import io.thanosj.tsdb.chunks.SegmentFormat;
import io.thanosj.tsdb.chunks.SegmentWriter;
import io.thanosj.tsdb.downsample.AggrChunk;
import io.thanosj.tsdb.index.ChunkMetas;
import io.thanosj.tsdb.index.IndexWriter;
import io.thanosj.tsdb.tombstones.Tombstones;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes one complete block from series given in label order: chunk segments as they come, then
 * index, meta.json and an empty tombstones file, all inside {@code <ulid>.tmp-for-creation}, which
 * is renamed to {@code <ulid>} when everything is on disk (as Prometheus does, so a crash never
 * leaves a half-written block under a block name). Samples are cut into XOR chunks with Prometheus'
 * head rules ({@link ChunkCutter}), so the chunks equal the ones Prometheus would write.
 *
 * <p>The block's time range is {@code [first sample, last sample + 1)}, like {@code promtool}'s.
 * Series labels and chunk metas are kept in memory until {@link #finish()}.
 */
public final class BlockWriter implements AutoCloseable {

  /**
   * @param chunkRange head chunk range for cutting (2h like a Prometheus server)
   * @param maxSegmentSize chunk segment size limit (Prometheus' 512 MiB)
   * @param thanos the meta.json thanos section, or null for a plain Prometheus block
   */
  public record Options(long chunkRange, long maxSegmentSize, ThanosMeta thanos) {
    public static final long DEFAULT_CHUNK_RANGE = 2 * 3600_000L;
    public static final Options DEFAULT = new Options(DEFAULT_CHUNK_RANGE, SegmentFormat.DEFAULT_MAX_SEGMENT_SIZE, null);

    public Options withChunkRange(long r) {
      return new Options(r, maxSegmentSize, thanos);
    }

    public Options withMaxSegmentSize(long s) {
      return new Options(chunkRange, s, thanos);
    }

    public Options withThanos(ThanosMeta t) {
      return new Options(chunkRange, maxSegmentSize, t);
    }
  }

  /** A chunk already encoded (e.g. copied from another block): time range, encoding byte, data. */
  public record EncodedChunkData(long minTime, long maxTime, int encoding, byte[] data) {}

  private static final Ulid.Generator IDS = new Ulid.Generator();

  private final Path parent;
  private final Options options;
  private final Ulid ulid;
  private final Path tmpDir;
  private final SegmentWriter segments;
  private final List<Labels> seriesLabels = new ArrayList<>();
  private final List<ChunkMetas> seriesChunks = new ArrayList<>();
  private final XorChunk xor = new XorChunk();
  private Labels last;
  private long minTime = Long.MAX_VALUE;
  private long maxTime = Long.MIN_VALUE;
  private long numSamples;
  private long numChunks;
  private boolean finished;

  public BlockWriter(Path parentDir, Options options) {
    this.parent = parentDir;
    this.options = options;
    this.ulid = IDS.next();
    this.tmpDir = parentDir.resolve(ulid + ".tmp-for-creation");
    try {
      Files.createDirectories(tmpDir.resolve(BlockReader.CHUNKS_DIR));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + tmpDir, e);
    }
    this.segments = new SegmentWriter(tmpDir.resolve(BlockReader.CHUNKS_DIR), options.maxSegmentSize());
  }

  public Ulid ulid() {
    return ulid;
  }

  /**
   * Adds a series with samples {@code [0, n)} of the arrays (timestamps strictly increasing); a
   * series without samples is skipped, as it would not exist in a Prometheus block.
   */
  public void addSeries(Labels labels, long[] ts, double[] vs, int n) {
    if (n == 0) {
      return;
    }
    checkOrder(labels);
    int[] starts = ChunkCutter.cut(ts, n, options.chunkRange());
    int k = starts.length - 1;
    int[] enc = new int[k];
    byte[][] data = new byte[k][];
    long[] refs = new long[k];
    ChunkMetas metas = new ChunkMetas();
    for (int c = 0; c < k; c++) {
      xor.reset();
      for (int i = starts[c]; i < starts[c + 1]; i++) {
        xor.append(ts[i], vs[i]);
      }
      enc[c] = ChunkEncoding.XOR;
      data[c] = xor.bytes();
    }
    segments.writeSeriesChunks(enc, data, k, refs);
    for (int c = 0; c < k; c++) {
      metas.add(ts[starts[c]], ts[starts[c + 1] - 1], refs[c]);
    }
    record(labels, metas, ts[0], ts[n - 1], n);
  }

  /**
   * Adds a series from chunks that are already encoded, in time order, none overlapping. Chunks may
   * be Thanos aggregate chunks ({@link ChunkEncoding#AGGREGATED}, see {@link AggrChunk}); a block of
   * them is a downsampled block when {@link Options#thanos()} names its resolution.
   */
  public void addEncodedSeries(Labels labels, List<EncodedChunkData> chunks) {
    if (chunks.isEmpty()) {
      return;
    }
    checkOrder(labels);
    int k = chunks.size();
    int[] enc = new int[k];
    byte[][] data = new byte[k][];
    long[] refs = new long[k];
    long samples = 0;
    for (int c = 0; c < k; c++) {
      EncodedChunkData d = chunks.get(c);
      if (c > 0 && d.minTime() <= chunks.get(c - 1).maxTime()) {
        throw new IllegalArgumentException("chunks of " + labels + " overlap or are out of order");
      }
      enc[c] = d.encoding();
      data[c] = d.data();
      if (d.encoding() == ChunkEncoding.AGGREGATED) {
        // Thanos counts a downsampled chunk's samples as those of its count sub-chunk.
        samples += AggrChunk.wrap(d.data()).numSamples();
      } else if (d.data().length >= 2) {
        samples += ((d.data()[0] & 0xFF) << 8) | (d.data()[1] & 0xFF);
      }
    }
    segments.writeSeriesChunks(enc, data, k, refs);
    ChunkMetas metas = new ChunkMetas();
    for (int c = 0; c < k; c++) {
      metas.add(chunks.get(c).minTime(), chunks.get(c).maxTime(), refs[c]);
    }
    record(labels, metas, chunks.get(0).minTime(), chunks.get(k - 1).maxTime(), samples);
  }

  private void checkOrder(Labels labels) {
    if (finished) {
      throw new IllegalStateException("block already finished");
    }
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("a series needs at least one label");
    }
    if (last != null && Labels.compare(labels, last) <= 0) {
      throw new IllegalArgumentException("series " + labels + " added out of order after " + last);
    }
    last = labels;
  }

  private void record(Labels labels, ChunkMetas metas, long first, long lastT, long samples) {
    seriesLabels.add(labels);
    seriesChunks.add(metas);
    minTime = Math.min(minTime, first);
    maxTime = Math.max(maxTime, lastT);
    numSamples += samples;
    numChunks += metas.size();
  }

  /**
   * Writes index, meta.json and tombstones and moves the block into place.
   *
   * @return the meta of the finished block, which lives in {@code parentDir/<ulid>}
   * @throws IllegalStateException when no series was added (Prometheus refuses empty blocks too)
   */
  public BlockMeta finish() {
    if (seriesLabels.isEmpty()) {
      throw new IllegalStateException("no series added: refusing to write an empty block");
    }
    return finish(minTime, maxTime + 1, new BlockMeta.Compaction(1, List.of(ulid), false, List.of(), false, List.of()));
  }

  /**
   * {@link #finish()} with the block's time range and compaction section given by the caller, as a
   * downsampled block keeps those of the block it was made from (Thanos copies the source meta and
   * changes only ULID and resolution).
   *
   * @param blockMinTime block start; at most the first sample's time
   * @param blockMaxTime block end, exclusive; after the last sample's time
   */
  public BlockMeta finish(long blockMinTime, long blockMaxTime, BlockMeta.Compaction compaction) {
    if (seriesLabels.isEmpty()) {
      throw new IllegalStateException("no series added: refusing to write an empty block");
    }
    if (blockMinTime > minTime || blockMaxTime <= maxTime) {
      throw new IllegalArgumentException("block range [" + blockMinTime + ", " + blockMaxTime
          + ") does not cover the samples written, [" + minTime + ", " + maxTime + "]");
    }
    finished = true;
    segments.close();
    Set<String> symbols = new LinkedHashSet<>();
    for (Labels l : seriesLabels) {
      for (int i = 0; i < l.size(); i++) {
        symbols.add(l.name(i));
        symbols.add(l.value(i));
      }
    }
    try (IndexWriter index = new IndexWriter(tmpDir.resolve(BlockReader.INDEX_FILE))) {
      index.addSymbols(symbols);
      for (int i = 0; i < seriesLabels.size(); i++) {
        index.addSeries(seriesLabels.get(i), seriesChunks.get(i));
      }
    }
    BlockMeta meta = new BlockMeta(ulid, blockMinTime, blockMaxTime,
        new BlockMeta.Stats(numSamples, seriesLabels.size(), numChunks, 0),
        compaction, BlockMeta.VERSION_1, options.thanos());
    try {
      Files.write(tmpDir.resolve(Tombstones.FILE_NAME), Tombstones.EMPTY.encode());
      MetaJson.writeAtomically(tmpDir, meta);
      syncDir(tmpDir.resolve(BlockReader.CHUNKS_DIR));
      syncDir(tmpDir);
      Files.move(tmpDir, parent.resolve(ulid.toString()), StandardCopyOption.ATOMIC_MOVE);
      syncDir(parent);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finish block " + ulid + " in " + parent, e);
    }
    return meta;
  }

  private static void syncDir(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Not every file system lets a directory be opened for fsync; the data files were synced.
    }
  }

  /** Removes the temporary directory if {@link #finish()} was not reached. */
  @Override
  public void close() {
    segments.close();
    if (Files.exists(tmpDir)) {
      try (Stream<Path> walk = Files.walk(tmpDir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove " + tmpDir, e);
      }
    }
  }
}
