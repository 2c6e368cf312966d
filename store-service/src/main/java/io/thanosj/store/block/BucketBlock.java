package io.thanosj.store.block;

import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
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
import io.thanosj.tsdb.index.IndexFormat;
import io.thanosj.tsdb.index.PostingsOffsetTable;
import io.thanosj.tsdb.encoding.DecodeBuffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * One block of the bucket as the store gateway serves it. Its {@link IndexHeader} (symbol table and
 * postings offset table, built with range reads) lives in {@code <data-dir>/<ULID>/index-header},
 * memory-mapped for the block's life or, with a lazy {@link IndexHeaderPool}, only while requests
 * use it; every use goes through the block's {@link IndexHeaderHandle}. The index reader keeps only
 * sampled symbols and postings offsets on the heap.
 * Postings lists, series entries and chunks stay in the bucket and are fetched per request with
 * coalesced range reads; the full index is never downloaded.
 */
public final class BucketBlock implements AutoCloseable {

  /**
   * Bytes fetched past a chunk's start when its length is not known yet. An XOR chunk of 120 samples
   * is rarely above 1.5 KB; a longer chunk costs one extra range read, never a wrong answer.
   */
  static final int CHUNK_LENGTH_ESTIMATE = 16_000;
  /** Ranges closer than this are never fetched separately. */
  static final long MIN_GAP = 16 * 1024;
  /** Ranges further apart are never fetched with one request (Thanos' partitioner gap). */
  static final long MAX_GAP = 512 * 1024;

  private final BlockMeta meta;
  private final Labels externalLabels;
  private final Bucket bucket;
  private final Path dir;
  private final IndexHeaderHandle header;
  private final String[] segmentNames;
  private final long[] segmentSizes;
  private final byte[][] segmentHeaders;

  private BucketBlock(BlockMeta meta, Bucket bucket, Path dir, IndexHeaderHandle header, String[] segmentNames,
      long[] segmentSizes, byte[][] headers) {
    this.header = header;
    this.meta = meta;
    this.externalLabels = meta.thanos() == null ? Labels.EMPTY : Labels.fromMap(meta.thanos().labels());
    this.bucket = bucket;
    this.dir = dir;
    this.segmentNames = segmentNames;
    this.segmentSizes = segmentSizes;
    this.segmentHeaders = headers;
  }

  /** Loads a block with its index header mapped for the block's life. */
  public static BucketBlock load(Bucket bucket, BlockMeta meta, Path dataDir) {
    return load(bucket, meta, dataDir, IndexHeaderPool.EAGER);
  }

  /**
   * Loads a block: builds its index header in {@code dataDir/<ULID>/index-header} from range reads
   * unless a valid copy is already there, maps it now unless {@code headers} is lazy, and reads the
   * chunk segments' sizes and headers.
   *
   * @throws UncheckedIOException when the bucket fails
   * @throws io.thanosj.tsdb.CorruptBlockException when the index or a segment header is corrupt
   */
  public static BucketBlock load(Bucket bucket, BlockMeta meta, Path dataDir, IndexHeaderPool headers) {
    Ulid id = meta.ulid();
    Path dir = dataDir.resolve(id.toString());
    try {
      Files.createDirectories(dir);
      String indexName = id + "/" + BlockReader.INDEX_FILE;
      long indexSize = bucket.attributes(indexName).size();
      List<String> names = new ArrayList<>();
      List<Long> sizes = new ArrayList<>();
      listSegments(bucket, meta, names, sizes);
      byte[][] segmentHeaders = new byte[names.size()][];
      for (int i = 0; i < names.size(); i++) {
        try (InputStream in = bucket.getRange(names.get(i), 0, SegmentFormat.HEADER_SIZE)) {
          segmentHeaders[i] = in.readNBytes(SegmentFormat.HEADER_SIZE);
        }
      }
      long[] sz = new long[sizes.size()];
      for (int i = 0; i < sz.length; i++) {
        sz[i] = sizes.get(i);
      }
      // Last, so that nothing after it can fail before the block owns (and closes) the header.
      IndexHeaderHandle header = IndexHeaderHandle.open(bucket, indexName, indexSize, dir.resolve(IndexHeader.FILE_NAME), headers);
      BucketBlock b = new BucketBlock(meta, bucket, dir, header, names.toArray(new String[0]), sz, segmentHeaders);
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

  /** The block's label names, from the local index header. */
  public List<String> labelNames() {
    try (IndexHeaderHandle.Lease lease = header.acquire()) {
      return lease.index().labelNames();
    }
  }

  /** The block's values of label {@code name}, from the local index header. */
  public List<String> labelValues(String name) {
    try (IndexHeaderHandle.Lease lease = header.acquire()) {
      return lease.index().labelValues(name);
    }
  }

  /** The block's index header, through which every use of it goes. */
  public IndexHeaderHandle indexHeader() {
    return header;
  }

  /**
   * An index reader for one request whose postings reads are served from ranges fetched up front:
   * the postings lists {@code matchers} can touch (coalesced, in parallel on {@code executor}).
   * Series entries are fetched with {@link RequestIndex#prefetchSeries} once the references are
   * known. The block's index header stays mapped until the returned index is closed.
   */
  public RequestIndex requestIndex(List<Matcher> matchers, boolean prefetchPostings, ExecutorService executor, LongAdder fetchedBytes) {
    IndexHeaderHandle.Lease lease = header.acquire();
    FetchedRanges remote = null;
    try {
      LocalIndexRegions regions = lease.regions();
      remote = new FetchedRanges(bucket, regions.indexName(), regions.indexSize(), fetchedBytes, true);
      IndexReader reader = lease.index().withSource(new IndexView(regions, remote));
      if (prefetchPostings) {
        fetchCoalesced(remote, postingsRanges(lease.index().postingsTable(), matchers), executor);
      }
      return new RequestIndex(reader, remote, executor, lease);
    } catch (RuntimeException e) {
      if (remote != null) {
        remote.close();
      }
      lease.close();
      throw e;
    }
  }

  /** The byte ranges of the postings lists {@code matchers} can touch. */
  private static List<long[]> postingsRanges(PostingsOffsetTable table, List<Matcher> matchers) {
    List<long[]> ranges = new ArrayList<>();
    if (matchers.isEmpty()) {
      addRange(ranges, table.range(IndexFormat.ALL_POSTINGS_NAME, IndexFormat.ALL_POSTINGS_VALUE));
    }
    for (Matcher m : matchers) {
      boolean all = m.matchesEmpty(); // the selection is then "all series but ...", which reads every list of the name
      if (all) {
        addRange(ranges, table.range(IndexFormat.ALL_POSTINGS_NAME, IndexFormat.ALL_POSTINGS_VALUE));
      }
      if (m.type() == Matcher.Type.EQ && !all) {
        addRange(ranges, table.range(m.name(), m.value()));
        continue;
      }
      String prefix = !all && m.type() == Matcher.Type.RE ? m.literalPrefix() : "";
      table.forEachValue(m.name(), prefix, (value, start, end) -> {
        if (all || m.matches(value)) {
          ranges.add(new long[] {start, end});
        }
      });
    }
    return ranges;
  }

  private static void addRange(List<long[]> ranges, PostingsOffsetTable.Range r) {
    if (r != null) {
      ranges.add(new long[] {r.start(), r.end()});
    }
  }

  /** Fetches {@code [start, end)} ranges of one object, coalesced, in parallel. */
  static void fetchCoalesced(FetchedRanges remote, List<long[]> ranges, ExecutorService executor) {
    long[] starts = new long[ranges.size()];
    long[] ends = new long[ranges.size()];
    for (int i = 0; i < starts.length; i++) {
      starts[i] = ranges.get(i)[0];
      ends[i] = Math.min(ranges.get(i)[1], remote.size());
    }
    long[] merged = ByteRanges.coalesce(starts, ends, MIN_GAP, MAX_GAP);
    List<long[]> requests = new ArrayList<>();
    for (int k = 0; k < merged.length; k += 2) {
      if (merged[k + 1] > merged[k]) {
        requests.add(new long[] {0, merged[k], merged[k + 1]});
      }
    }
    fetchAll(new FetchedRanges[] {remote}, requests, executor);
  }

  /** One request's view of the block's index. */
  public static final class RequestIndex implements AutoCloseable {
    /** Bytes fetched past a series entry's start when the next entry is far away or unknown. */
    static final int SERIES_LENGTH_ESTIMATE = 16 * 1024;

    private final IndexReader reader;
    private final FetchedRanges remote;
    private final ExecutorService executor;
    private final IndexHeaderHandle.Lease lease;

    RequestIndex(IndexReader reader, FetchedRanges remote, ExecutorService executor, IndexHeaderHandle.Lease lease) {
      this.reader = reader;
      this.remote = remote;
      this.executor = executor;
      this.lease = lease;
    }

    public IndexReader reader() {
      return reader;
    }

    /** Fetches the series entries of {@code refs} (sorted ascending) with coalesced range reads. */
    public void prefetchSeries(long[] refs) {
      prefetchSeries(refs, null);
    }

    /**
     * Fetches the series entries of {@code refs} (sorted ascending) with coalesced range reads,
     * except those given in {@code known} (same positions; null where unknown), e.g. from a cache.
     */
    public void prefetchSeries(long[] refs, byte[][] known) {
      List<long[]> ranges = new ArrayList<>(refs.length);
      long limit = reader.toc().labelIndices() > reader.toc().series() ? reader.toc().labelIndices() : remote.size();
      for (int i = 0; i < refs.length; i++) {
        long start = refs[i] * IndexFormat.SERIES_ALIGNMENT;
        if (known != null && known[i] != null) {
          remote.add(start, known[i]);
          continue;
        }
        long end = start + SERIES_LENGTH_ESTIMATE;
        if (i + 1 < refs.length) {
          long next = refs[i + 1] * IndexFormat.SERIES_ALIGNMENT;
          if (next > start && next - start <= SERIES_LENGTH_ESTIMATE) {
            end = next;
          }
        }
        ranges.add(new long[] {start, Math.min(end, limit)});
      }
      fetchCoalesced(remote, ranges, executor);
    }

    /** The bytes of series entry {@code ref} (length, body and checksum), as a cache keeps them. */
    public byte[] seriesEntry(long ref) {
      long offset = ref * IndexFormat.SERIES_ALIGNMENT;
      long left = remote.size() - offset;
      DecodeBuffer head = new DecodeBuffer(remote.read(offset, (int) Math.min(5, left)), remote.name(), offset);
      long len = head.uvarint();
      long total = head.position() + len + 4;
      if (len < 0 || total > left) {
        throw new IllegalStateException(remote.name() + ": series entry at " + offset + " runs past the end of the index");
      }
      ByteBuffer all = remote.read(offset, (int) total);
      byte[] out = new byte[(int) total];
      all.duplicate().get(out);
      return out;
    }

    /** Frees the fetched ranges and gives the index header lease back. */
    @Override
    public void close() {
      try {
        remote.close();
      } finally {
        lease.close();
      }
    }
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
        chunkRanges(sorted, i, j, segmentSizes[seg], starts, ends);
        long[] merged = ByteRanges.coalesce(starts, ends, MIN_GAP, MAX_GAP);
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

  /**
   * The byte ranges of the chunks {@code sorted[from..to)} of one segment. A series' chunks lie back
   * to back, so a chunk followed closely by another ends where that one starts; the last chunk of
   * such a run is estimated at twice the largest chunk seen in the run (chunks of one series are
   * alike), and a lone chunk at {@link #CHUNK_LENGTH_ESTIMATE}. An estimate that falls short costs
   * one more range read when the chunk is decoded.
   */
  static void chunkRanges(long[] sorted, int from, int to, long segmentSize, long[] starts, long[] ends) {
    long largest = 0; // the largest chunk of the current run so far; 0 at a run's start
    for (int k = from; k < to; k++) {
      long off = SegmentFormat.offset(sorted[k]);
      long next = k + 1 < to ? SegmentFormat.offset(sorted[k + 1]) : Long.MAX_VALUE;
      long end;
      if (next - off <= CHUNK_LENGTH_ESTIMATE) {
        end = next;
        largest = Math.max(largest, next - off);
      } else {
        end = off + (largest == 0 ? CHUNK_LENGTH_ESTIMATE : Math.min(CHUNK_LENGTH_ESTIMATE, 2 * largest + 64));
        largest = 0;
      }
      starts[k - from] = Math.min(off, segmentSize);
      ends[k - from] = Math.min(end, segmentSize);
    }
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

  /** Releases the index header (once no request holds it); the local copy stays for the next start. */
  @Override
  public void close() {
    header.close();
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
