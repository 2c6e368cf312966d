package io.thanosj.store.block;

import io.thanosj.objstore.Bucket;
import io.thanosj.tsdb.index.IndexReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way to a block's index header: {@link #acquire()} hands out a {@link Lease} on the mapped
 * header and the index reader parsed from it, mapping it first when the pool is lazy and it is not
 * mapped now. The header is released only when no lease is out: by the pool's idle check once it
 * has been unused for the idle timeout, or when the block closes (at the last lease's close if
 * queries still hold it). So a query in flight never sees its header go away.
 *
 * <p>Leases are counted under this object's lock, which also serialises loading: concurrent first
 * queries of a block map its header once, and an idle check never releases a header that a lease
 * was taken on after the check began.
 */
public final class IndexHeaderHandle {

  private static final Logger LOG = LoggerFactory.getLogger(IndexHeaderHandle.class);

  private final Bucket bucket;
  private final String indexName;
  private final long indexSize;
  private final Path file;
  private final IndexHeaderPool pool;

  // Guarded by this.
  private Loaded loaded;
  private int leases;
  private long lastUsed;
  private boolean closed;

  /** A mapped header and the block-level index reader over it (symbols and sampled postings offsets on the heap). */
  record Loaded(LocalIndexRegions regions, IndexReader index) {}

  private IndexHeaderHandle(Bucket bucket, String indexName, long indexSize, Path file, IndexHeaderPool pool) {
    this.bucket = bucket;
    this.indexName = indexName;
    this.indexSize = indexSize;
    this.file = file;
    this.pool = pool;
  }

  /**
   * Makes sure {@code file} is a valid header of the index (reusing it when it checks out, else
   * building it with range reads) and, unless the pool is lazy, maps and parses it now.
   *
   * @throws io.thanosj.tsdb.CorruptBlockException when the index's head, TOC or tables are corrupt
   */
  static IndexHeaderHandle open(Bucket bucket, String indexName, long indexSize, Path file, IndexHeaderPool pool) throws IOException {
    LocalIndexRegions regions = null;
    if (Files.exists(file)) {
      try {
        regions = IndexHeader.open(file, indexName, indexSize);
      } catch (RuntimeException e) {
        regions = null; // stale or damaged local copy: rebuilt below
      }
    }
    if (regions == null) {
      IndexHeader.build(bucket, indexName, indexSize, file);
      regions = IndexHeader.open(file, indexName, indexSize);
    }
    IndexHeaderHandle h = new IndexHeaderHandle(bucket, indexName, indexSize, file, pool);
    if (pool.lazy()) {
      regions.close(); // checked; mapped again on first use
      h.lastUsed = pool.now();
      pool.track(h);
    } else {
      h.loaded = h.parse(regions);
    }
    return h;
  }

  /** Reads (and checks) the symbol and postings offset tables through the mapped header. */
  private Loaded parse(LocalIndexRegions regions) {
    try {
      // Postings and series reads through this block-level reader are single range reads, kept nowhere;
      // requests use readers derived from it over their own fetched ranges.
      IndexReader index = IndexReader.open(new IndexView(regions, new FetchedRanges(bucket, indexName, indexSize, new LongAdder(), false)));
      return new Loaded(regions, index);
    } catch (RuntimeException e) {
      regions.close();
      throw e;
    }
  }

  /** A lease on the mapped header, mapping it first if needed; close it when done. */
  public synchronized Lease acquire() {
    if (closed) {
      throw new IllegalStateException(indexName + ": the block was unloaded while the request ran");
    }
    if (loaded == null) {
      loaded = loadLazily();
    }
    leases++;
    return new Lease(this, loaded);
  }

  /** Maps and parses the header file; a file that fails to (damaged or deleted since sync) is rebuilt. */
  private Loaded loadLazily() {
    IndexHeaderMetrics m = pool.metrics();
    long start = System.nanoTime();
    m.loads().increment();
    Loaded l;
    try {
      l = parse(IndexHeader.open(file, indexName, indexSize));
    } catch (RuntimeException first) {
      m.loadFailures().increment();
      LOG.atWarn().addKeyValue("file", file).addKeyValue("err", first.getMessage()).log("index header failed to load; rebuilding it from the bucket");
      try {
        Files.createDirectories(file.getParent());
        IndexHeader.build(bucket, indexName, indexSize, file);
        l = parse(IndexHeader.open(file, indexName, indexSize));
      } catch (IOException e) {
        UncheckedIOException u = new UncheckedIOException("rebuild index header of " + indexName + ": " + e.getMessage(), e);
        u.addSuppressed(first);
        throw u;
      } catch (RuntimeException e) {
        e.addSuppressed(first);
        throw e;
      }
    }
    m.loadDuration().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    return l;
  }

  private synchronized void release() {
    leases--;
    lastUsed = pool.now();
    if (leases == 0 && closed && loaded != null) {
      unload();
    }
  }

  /**
   * Releases the header if it is mapped, no lease is out and it was last used at or before {@code
   * idleSince} (a {@link System#nanoTime()} value).
   */
  synchronized boolean unloadIfIdleSince(long idleSince) {
    if (closed || loaded == null || leases > 0 || lastUsed - idleSince > 0) {
      return false;
    }
    unload();
    return true;
  }

  private void unload() {
    Loaded l = loaded;
    loaded = null;
    boolean counted = pool.lazy();
    if (counted) {
      pool.metrics().unloads().increment();
    }
    try {
      l.regions().close();
    } catch (RuntimeException e) {
      if (counted) {
        pool.metrics().unloadFailures().increment();
      }
      LOG.atWarn().addKeyValue("file", file).addKeyValue("err", e.toString()).log("releasing index header failed");
    }
  }

  /** Whether the header is mapped now. */
  public synchronized boolean isLoaded() {
    return loaded != null;
  }

  /** Releases the header now, or when the last lease closes; no lease is handed out after this. */
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    pool.untrack(this);
    if (leases == 0 && loaded != null) {
      unload();
    }
  }

  /** One user's hold on a mapped header; the header stays mapped until every lease is closed. */
  public static final class Lease implements AutoCloseable {
    private final IndexHeaderHandle handle;
    private final Loaded loaded;
    private boolean released;

    private Lease(IndexHeaderHandle handle, Loaded loaded) {
      this.handle = handle;
      this.loaded = loaded;
    }

    public IndexReader index() {
      return loaded.index();
    }

    LocalIndexRegions regions() {
      return loaded.regions();
    }

    /** Gives the lease back; a second call does nothing. */
    @Override
    public void close() {
      if (!released) {
        released = true;
        handle.release();
      }
    }
  }
}
