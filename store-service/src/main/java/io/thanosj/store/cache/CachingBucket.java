package io.thanosj.store.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.ObjectAttributes;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Thanos' caching bucket with an in-memory backend ({@code --store.caching-bucket.config}): range
 * reads of chunk segment files ({@code <block>/chunks/000001}) are served from fixed-size subranges
 * of the object kept in memory, so a dashboard refreshing the same series reads their chunks from
 * the bucket once. Missing subranges are fetched with at most {@code maxGetRangeRequests} range
 * reads (neighbouring runs are joined, re-reading cached subranges between them, as Thanos does).
 * Everything else passes through. Chunk files never change once written, so an entry is only
 * dropped by size or age.
 */
public final class CachingBucket implements Bucket {

  private static final Pattern CHUNK_FILE = Pattern.compile("^[0-9A-HJKMNP-TV-Z]{26}/chunks/\\d{6}$");
  private static final String CONFIG = "chunks";
  private static final int ENTRY_OVERHEAD = 96;

  private record Key(String object, long subrange) {}

  private final Bucket delegate;
  private final int subrangeSize;
  private final int maxGetRangeRequests;
  private final Cache<Key, byte[]> subranges;
  private final Counter requests;
  private final Counter hits;
  private final Counter requestedBytes;
  private final Counter fromCache;
  private final Counter fromBucket;
  private final Counter refetched;

  public CachingBucket(Bucket delegate, CachingBucketConfig config, MeterRegistry registry) {
    this.delegate = delegate;
    this.subrangeSize = config.chunkSubrangeSize();
    this.maxGetRangeRequests = config.maxChunksGetRangeRequests();
    Caffeine<Key, byte[]> builder = Caffeine.newBuilder()
        .maximumWeight(config.maxSizeBytes())
        .weigher((Key k, byte[] v) -> v.length + 2 * k.object.length() + ENTRY_OVERHEAD);
    if (!config.chunkSubrangeTtl().isZero()) {
      builder.expireAfterWrite(config.chunkSubrangeTtl());
    }
    this.subranges = builder.build();
    this.requests = Counter.builder("thanos_store_bucket_cache_operation_requests_total").tag("operation", "get_range")
        .tag("config", CONFIG).description("Number of requested operations matching given config.").register(registry);
    this.hits = Counter.builder("thanos_store_bucket_cache_operation_hits_total").tag("operation", "get_range")
        .tag("config", CONFIG).description("Number of operations served from cache for given config.").register(registry);
    this.requestedBytes = Counter.builder("thanos_store_bucket_cache_getrange_requested_bytes_total").tag("config", CONFIG)
        .description("Total number of bytes requested via GetRange.").register(registry);
    this.fromCache = fetched(registry, "cache");
    this.fromBucket = fetched(registry, "bucket");
    this.refetched = Counter.builder("thanos_store_bucket_cache_getrange_refetched_bytes_total").tag("origin", "bucket")
        .tag("config", CONFIG).description("Total number of bytes re-fetched from storage because of GetRange operation, despite being in cache already.")
        .register(registry);
    Gauge.builder("thanos_store_bucket_cache_items", subranges, Cache::estimatedSize).tag("config", CONFIG)
        .description("ThanosJ: chunk subranges held by the in-memory caching bucket.").register(registry);
  }

  private static Counter fetched(MeterRegistry registry, String origin) {
    return Counter.builder("thanos_store_bucket_cache_getrange_fetched_bytes_total").tag("origin", origin).tag("config", CONFIG)
        .description("Total number of bytes fetched because of GetRange operation. Data from bucket is then stored to cache.")
        .register(registry);
  }

  @Override
  public InputStream getRange(String name, long offset, long length) throws IOException {
    if (offset < 0 || length <= 0 || !CHUNK_FILE.matcher(name).matches()) {
      return delegate.getRange(name, offset, length);
    }
    requests.increment();
    requestedBytes.increment(length);
    long first = offset / subrangeSize;
    long last = (offset + length - 1) / subrangeSize;
    int n = (int) (last - first + 1);
    byte[][] parts = new byte[n][];
    List<long[]> missing = new ArrayList<>(); // runs of missing subranges, [from, to] inclusive
    for (int i = 0; i < n; i++) {
      parts[i] = subranges.getIfPresent(new Key(name, first + i));
      if (parts[i] == null) {
        long s = first + i;
        if (!missing.isEmpty() && missing.get(missing.size() - 1)[1] == s - 1) {
          missing.get(missing.size() - 1)[1] = s;
        } else {
          missing.add(new long[] {s, s});
        }
      } else {
        fromCache.increment(parts[i].length);
      }
    }
    if (missing.isEmpty()) {
      hits.increment();
    }
    for (long[] run : joinRuns(missing, maxGetRangeRequests)) {
      fetchRun(name, run[0], run[1], first, parts);
    }
    return assemble(parts, first, offset, length);
  }

  /** Joins the runs separated by the fewest subranges until at most {@code max} remain. */
  static List<long[]> joinRuns(List<long[]> runs, int max) {
    List<long[]> out = new ArrayList<>(runs);
    while (max > 0 && out.size() > max) {
      int best = 0;
      long bestGap = Long.MAX_VALUE;
      for (int i = 0; i + 1 < out.size(); i++) {
        long gap = out.get(i + 1)[0] - out.get(i)[1];
        if (gap < bestGap) {
          bestGap = gap;
          best = i;
        }
      }
      out.set(best, new long[] {out.get(best)[0], out.get(best + 1)[1]});
      out.remove(best + 1);
    }
    return out;
  }

  private void fetchRun(String name, long from, long to, long first, byte[][] parts) throws IOException {
    long read = 0;
    // Read straight into subrange-sized arrays: a run-sized array first would be copied again, and
    // above half a G1 region it is a humongous object, which can start a concurrent GC cycle.
    try (InputStream in = delegate.getRange(name, from * subrangeSize, (to - from + 1) * subrangeSize)) {
      for (long s = from; s <= to; s++) {
        byte[] piece = new byte[subrangeSize];
        int n = in.readNBytes(piece, 0, subrangeSize);
        if (n == 0) {
          break; // past the object's end
        }
        if (n < subrangeSize) {
          piece = Arrays.copyOf(piece, n);
        }
        read += n;
        int i = (int) (s - first);
        if (parts[i] != null) {
          refetched.increment(n);
        } else {
          parts[i] = piece;
        }
        subranges.put(new Key(name, s), piece);
        if (n < subrangeSize) {
          break; // the object's last bytes
        }
      }
    }
    fromBucket.increment(read);
  }

  /**
   * The requested bytes read straight from the subranges (no assembled copy: warm reads of whole
   * chunk files are the hot path), clamped at the object's end as a plain range read is.
   */
  private InputStream assemble(byte[][] parts, long first, long offset, long length) {
    long available = 0;
    for (int i = 0; i < parts.length; i++) {
      if (parts[i] == null) {
        break;
      }
      available = (first + i) * subrangeSize + parts[i].length;
      if (parts[i].length < subrangeSize) {
        break;
      }
    }
    long size = Math.max(0, Math.min(offset + length, available) - offset);
    return new SubrangeStream(parts, first, subrangeSize, (int) (offset - first * subrangeSize), size);
  }

  /**
   * A range read served from cached subranges: {@code size} bytes across consecutive subranges,
   * starting {@code skip} bytes into the first. Besides reading it as a stream, a caller that keeps
   * what it reads can take the subranges themselves ({@link #forEachSubrange}) and copy nothing.
   */
  public static final class SubrangeStream extends InputStream {
    private final byte[][] parts;
    private final long firstStart;
    private final int subrangeSize;
    private final long size;
    private int part;
    private int pos;
    private long left;

    SubrangeStream(byte[][] parts, long first, int subrangeSize, int skip, long size) {
      this.parts = parts;
      this.firstStart = first * subrangeSize;
      this.subrangeSize = subrangeSize;
      this.pos = skip;
      this.size = size;
      this.left = size;
    }

    /** Visitor of whole subranges with their offset in the object. */
    @FunctionalInterface
    public interface SubrangeVisitor {
      void visit(long objectOffset, byte[] subrange);
    }

    /**
     * Visits every subrange the read touches, whole (so also bytes just before and after the
     * requested range), in order. The arrays are shared with the cache: read them, never write.
     */
    public void forEachSubrange(SubrangeVisitor visitor) {
      for (int i = 0; i < parts.length && parts[i] != null; i++) {
        visitor.visit(firstStart + (long) i * subrangeSize, parts[i]);
      }
    }

    /** Bytes of the requested range this read holds (fewer only at the object's end). */
    public long size() {
      return size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) == 1 ? one[0] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left == 0) {
        return len == 0 ? 0 : -1;
      }
      int done = 0;
      while (done < len && left > 0) {
        if (pos >= parts[part].length) {
          part++;
          pos = 0;
          continue;
        }
        int n = (int) Math.min(Math.min(len - done, parts[part].length - pos), left);
        System.arraycopy(parts[part], pos, b, off + done, n);
        pos += n;
        done += n;
        left -= n;
      }
      return done;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, left);
    }
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public InputStream get(String name) throws IOException {
    return delegate.get(name);
  }

  @Override
  public void upload(String name, InputStream content, long size) throws IOException {
    delegate.upload(name, content, size);
  }

  @Override
  public void delete(String name) throws IOException {
    delegate.delete(name);
  }

  @Override
  public boolean exists(String name) throws IOException {
    return delegate.exists(name);
  }

  @Override
  public ObjectAttributes attributes(String name) throws IOException {
    return delegate.attributes(name);
  }

  @Override
  public void iter(String dir, IterVisitor visitor, boolean recursive) throws IOException {
    delegate.iter(dir, visitor, recursive);
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
