package io.thanosj.store.block;

import io.thanosj.labels.Labels;
import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.ObjectAttributes;
import io.thanosj.tsdb.block.BlockMeta;
import io.thanosj.tsdb.block.BlockReader;
import io.thanosj.tsdb.block.ThanosMeta;
import io.thanosj.tsdb.block.Ulid;
import io.thanosj.tsdb.chunks.ChunkReader;
import io.thanosj.tsdb.chunks.SegmentFormat;
import io.thanosj.tsdb.index.IndexReader;
import io.thanosj.tsdb.io.ByteSource;
import io.thanosj.tsdb.io.MappedFileSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * One block of the bucket as the store gateway serves it. The block's {@code index} is downloaded
 * once into {@code <data-dir>/<ULID>/index} and memory-mapped (off heap; the index reader keeps only
 * sampled symbols and postings offsets on the heap). Chunks stay in the bucket and are fetched per
 * request with coalesced range reads.
 */
public final class BucketBlock implements AutoCloseable {

  /**
   * Bytes fetched past a chunk's start when its length is not known yet. An XOR chunk of 120 samples
   * is rarely above 1.5 KB; a longer chunk costs one extra range read, never a wrong answer.
   */
  static final int CHUNK_LENGTH_ESTIMATE = 16_000;
  /** Ranges closer than this are fetched with one request (Thanos' chunk partitioner gap). */
  static final long MAX_GAP = 512 * 1024;

  private final BlockMeta meta;
  private final Labels externalLabels;
  private final Bucket bucket;
  private final Path dir;
  private final IndexReader index;
  private final String[] segmentNames;
  private final long[] segmentSizes;
  private final byte[][] segmentHeaders;

  private BucketBlock(BlockMeta meta, Bucket bucket, Path dir, IndexReader index, String[] segmentNames, long[] segmentSizes, byte[][] headers) {
    this.meta = meta;
    this.externalLabels = meta.thanos() == null ? Labels.EMPTY : Labels.fromMap(meta.thanos().labels());
    this.bucket = bucket;
    this.dir = dir;
    this.index = index;
    this.segmentNames = segmentNames;
    this.segmentSizes = segmentSizes;
    this.segmentHeaders = headers;
  }

  /**
   * Loads a block: downloads its index into {@code dataDir/<ULID>/index} unless a complete copy is
   * already there, maps it, and reads the chunk segments' sizes and headers.
   *
   * @throws UncheckedIOException when the bucket fails
   * @throws io.thanosj.tsdb.CorruptBlockException when the index or a segment header is corrupt
   */
  public static BucketBlock load(Bucket bucket, BlockMeta meta, Path dataDir) {
    Ulid id = meta.ulid();
    Path dir = dataDir.resolve(id.toString());
    try {
      Files.createDirectories(dir);
      String indexName = id + "/" + BlockReader.INDEX_FILE;
      long indexSize = bucket.attributes(indexName).size();
      Path indexFile = dir.resolve(BlockReader.INDEX_FILE);
      if (!Files.exists(indexFile) || Files.size(indexFile) != indexSize) {
        Path tmp = dir.resolve(BlockReader.INDEX_FILE + ".tmp");
        try (InputStream in = bucket.get(indexName)) {
          Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        if (Files.size(tmp) != indexSize) {
          throw new IOException(indexName + ": downloaded " + Files.size(tmp) + " bytes, expected " + indexSize);
        }
        Files.move(tmp, indexFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      List<String> names = new ArrayList<>();
      List<Long> sizes = new ArrayList<>();
      listSegments(bucket, meta, names, sizes);
      byte[][] headers = new byte[names.size()][];
      for (int i = 0; i < names.size(); i++) {
        try (InputStream in = bucket.getRange(names.get(i), 0, SegmentFormat.HEADER_SIZE)) {
          headers[i] = in.readNBytes(SegmentFormat.HEADER_SIZE);
        }
      }
      IndexReader index = IndexReader.open(MappedFileSource.open(indexFile, indexName));
      long[] sz = new long[sizes.size()];
      for (int i = 0; i < sz.length; i++) {
        sz[i] = sizes.get(i);
      }
      BucketBlock b = new BucketBlock(meta, bucket, dir, index, names.toArray(new String[0]), sz, headers);
      try {
        // Checks the segment headers once, here, rather than on every request.
        b.chunkReader(new long[0], null, new LongAdder()).close();
      } catch (RuntimeException e) {
        b.close();
        throw e;
      }
      return b;
    } catch (IOException e) {
      throw new UncheckedIOException("load block " + id + ": " + e.getMessage(), e);
    }
  }

  /** Segment files in sequence order with their sizes: from meta.json when the shipper listed them, else from the bucket. */
  private static void listSegments(Bucket bucket, BlockMeta meta, List<String> names, List<Long> sizes) throws IOException {
    String prefix = meta.ulid() + "/" + BlockReader.CHUNKS_DIR + "/";
    ThanosMeta t = meta.thanos();
    if (t != null && !t.files().isEmpty()) {
      List<ThanosMeta.BlockFile> segs = new ArrayList<>();
      for (ThanosMeta.BlockFile f : t.files()) {
        if (f.relPath().startsWith(BlockReader.CHUNKS_DIR + "/") && f.sizeBytes() > 0) {
          segs.add(f);
        }
      }
      if (!segs.isEmpty()) {
        segs.sort(Comparator.comparing(ThanosMeta.BlockFile::relPath));
        for (ThanosMeta.BlockFile f : segs) {
          names.add(meta.ulid() + "/" + f.relPath());
          sizes.add(f.sizeBytes());
        }
        return;
      }
    }
    List<String> found = new ArrayList<>();
    bucket.iter(prefix, name -> {
      String file = name.substring(prefix.length());
      if (!file.isEmpty() && !file.endsWith("/") && file.chars().allMatch(Character::isDigit)) {
        found.add(name);
      }
    });
    found.sort(Comparator.naturalOrder());
    for (String name : found) {
      ObjectAttributes a = bucket.attributes(name);
      names.add(name);
      sizes.add(a.size());
    }
  }

  public BlockMeta meta() {
    return meta;
  }

  public Ulid id() {
    return meta.ulid();
  }

  /** The block's external labels ({@code thanos.labels} in meta.json). */
  public Labels externalLabels() {
    return externalLabels;
  }

  public IndexReader index() {
    return index;
  }

  /** Whether the block has data in {@code [mint, maxt]} (block max time is exclusive). */
  public boolean overlaps(long mint, long maxt) {
    return meta.minTime() <= maxt && meta.maxTime() > mint;
  }

  /**
   * A chunk reader over the chunks {@code refs} name, fetched up front with coalesced range reads
   * (in parallel on {@code executor} when given).
   */
  public ChunkReader chunkReader(long[] refs, ExecutorService executor, LongAdder fetchedBytes) {
    List<ByteSource> sources = new ArrayList<>(segmentNames.length);
    FetchedRanges[] ranges = new FetchedRanges[segmentNames.length];
    for (int i = 0; i < segmentNames.length; i++) {
      ranges[i] = new FetchedRanges(bucket, segmentNames[i], segmentSizes[i], fetchedBytes);
      ranges[i].add(0, segmentHeaders[i]);
      sources.add(ranges[i]);
    }
    long[] sorted = refs.clone();
    Arrays.sort(sorted);
    List<long[]> requests = new ArrayList<>(); // {segment, start, end}
    int i = 0;
    while (i < sorted.length) {
      int seg = SegmentFormat.segmentIndex(sorted[i]);
      int j = i;
      while (j < sorted.length && SegmentFormat.segmentIndex(sorted[j]) == seg) {
        j++;
      }
      if (seg >= 0 && seg < segmentNames.length) {
        long[] starts = new long[j - i];
        long[] ends = new long[j - i];
        for (int k = i; k < j; k++) {
          long off = SegmentFormat.offset(sorted[k]);
          starts[k - i] = Math.min(off, segmentSizes[seg]);
          ends[k - i] = Math.min(off + CHUNK_LENGTH_ESTIMATE, segmentSizes[seg]);
        }
        long[] merged = ByteRanges.coalesce(starts, ends, MAX_GAP);
        for (int k = 0; k < merged.length; k += 2) {
          if (merged[k + 1] > merged[k]) {
            requests.add(new long[] {seg, merged[k], merged[k + 1]});
          }
        }
      }
      i = j;
    }
    fetchAll(ranges, requests, executor);
    return ChunkReader.open(sources);
  }

  private static void fetchAll(FetchedRanges[] ranges, List<long[]> requests, ExecutorService executor) {
    if (executor == null || requests.size() <= 1) {
      for (long[] r : requests) {
        ranges[(int) r[0]].fetch(r[1], r[2]);
      }
      return;
    }
    List<Future<?>> fs = new ArrayList<>(requests.size());
    for (long[] r : requests) {
      fs.add(executor.submit(() -> ranges[(int) r[0]].fetch(r[1], r[2])));
    }
    RuntimeException failure = null;
    for (Future<?> f : fs) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fs.forEach(x -> x.cancel(true));
        throw new IllegalStateException("interrupted while fetching chunks", e);
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Closes the index mapping; the local copy stays for the next start. */
  @Override
  public void close() {
    index.close();
  }

  /** Closes the block and deletes its local files (the block left the bucket or the synced view). */
  public void closeAndDelete() {
    close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Left for the next start to overwrite; nothing depends on its removal.
    }
  }
}
