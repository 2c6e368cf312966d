package io.thanosj.store.block;

import io.thanosj.objstore.Bucket;
import io.thanosj.store.cache.CachingBucket;
import io.thanosj.tsdb.io.ByteSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A remote object seen through the byte ranges fetched for one request. Reads inside a fetched range
 * are served from memory; a read outside (a chunk longer than estimated) costs one more range GET,
 * so callers fetch what they expect to need up front and the odd miss stays correct.
 */
public final class FetchedRanges implements ByteSource {

  private final Bucket bucket;
  private final String object;
  private final long size;
  private final List<long[]> starts = new ArrayList<>();
  private final List<byte[]> data = new ArrayList<>();
  private final LongAdder fetchedBytes;
  private final boolean keepMisses;

  FetchedRanges(Bucket bucket, String object, long size, LongAdder fetchedBytes) {
    this(bucket, object, size, fetchedBytes, true);
  }

  /** @param keepMisses whether bytes read outside the fetched ranges are kept for later reads (per request) or not (long-lived) */
  FetchedRanges(Bucket bucket, String object, long size, LongAdder fetchedBytes, boolean keepMisses) {
    this.keepMisses = keepMisses;
    this.bucket = bucket;
    this.object = object;
    this.size = size;
    this.fetchedBytes = fetchedBytes;
  }

  /** Adds bytes already known, e.g. a segment header read when the block was loaded. */
  synchronized void add(long start, byte[] bytes) {
    // Ranges stay free of containment (a coalesced fetch can span entries added from a cache), so
    // sorted by start they are sorted by end too, and the last range starting at or before an
    // offset is the only one that can hold a read there.
    long end = start + bytes.length;
    int lo = 0;
    int hi = starts.size();
    while (lo < hi) { // first range starting at or after start
      int mid = (lo + hi) >>> 1;
      if (starts.get(mid)[0] < start) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    int i = lo;
    if (i > 0 && starts.get(i - 1)[0] + data.get(i - 1).length >= end) {
      return; // already held
    }
    while (i < starts.size() && starts.get(i)[0] + data.get(i).length <= end) {
      starts.remove(i);
      data.remove(i);
    }
    if (i < starts.size() && starts.get(i)[0] == start) {
      return; // a longer range at the same start holds it
    }
    starts.add(i, new long[] {start});
    data.add(i, bytes);
  }

  /** Fetches {@code [start, end)} with one range GET and keeps it. */
  void fetch(long start, long end) {
    int length = (int) (end - start);
    try (InputStream in = bucket.getRange(object, start, length)) {
      if (in instanceof CachingBucket.SubrangeStream cached) {
        // Keep the cache's own subranges instead of copying them into one array: a warm selective
        // query over a 2-hour block would otherwise copy most of its chunk file per request. A
        // chunk that straddles two subranges is then a miss in read(), served (copied) alone.
        checkLength(start, length, cached.size());
        fetchedBytes.add(length);
        cached.forEachSubrange(this::add);
        return;
      }
      add(start, readFully(in, start, length));
    } catch (IOException e) {
      throw new UncheckedIOException(object + ": range read at " + start + ": " + e.getMessage(), e);
    }
  }

  private byte[] get(long offset, int length) {
    try (InputStream in = bucket.getRange(object, offset, length)) {
      return readFully(in, offset, length);
    } catch (IOException e) {
      throw new UncheckedIOException(object + ": range read at " + offset + ": " + e.getMessage(), e);
    }
  }

  private byte[] readFully(InputStream in, long offset, int length) throws IOException {
    // One array filled by large reads: readNBytes(int) would read 8 KiB at a time and copy twice.
    byte[] b = new byte[length];
    int n = in.readNBytes(b, 0, length);
    fetchedBytes.add(n);
    checkLength(offset, length, n);
    return b;
  }

  private void checkLength(long offset, int length, long got) {
    if (got != length) {
      throw new UncheckedIOException(new IOException(object + ": range [" + offset + ", " + (offset + length)
          + ") returned " + got + " bytes; the object changed or is shorter than expected"));
    }
  }

  @Override
  public String name() {
    return object;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public synchronized ByteBuffer read(long offset, int length) {
    // Last range starting at or before offset.
    int lo = 0;
    int hi = starts.size() - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (starts.get(mid)[0] <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found >= 0) {
      long s = starts.get(found)[0];
      byte[] b = data.get(found);
      if (offset + length <= s + b.length) {
        return ByteBuffer.wrap(b, (int) (offset - s), length).slice();
      }
    }
    byte[] b = get(offset, length);
    if (keepMisses) {
      add(offset, b);
    }
    return ByteBuffer.wrap(b);
  }

  @Override
  public void close() {
    starts.clear();
    data.clear();
  }
}
