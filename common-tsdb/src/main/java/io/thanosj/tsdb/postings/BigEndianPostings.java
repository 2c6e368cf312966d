package io.thanosj.tsdb.postings;

import java.nio.ByteBuffer;

/**
 * A postings list as stored in the index: {@code count} big-endian uint32 series references,
 * decoded one at a time straight from the (memory-mapped or fetched) bytes.
 */
public final class BigEndianPostings implements Postings {

  private final ByteBuffer buf;
  private final int base;
  private final int count;
  private int i = -1;
  private long cur;

  /** References at byte {@code offset} of {@code buf} (absolute index), {@code count} of them. */
  public BigEndianPostings(ByteBuffer buf, int offset, int count) {
    if (offset < 0 || count < 0 || offset > buf.limit() - 4L * count) {
      throw new IndexOutOfBoundsException("postings of " + count + " entries at " + offset);
    }
    this.buf = buf;
    this.base = offset;
    this.count = count;
  }

  public int count() {
    return count;
  }

  @Override
  public boolean next() {
    if (i + 1 >= count) {
      i = count;
      return false;
    }
    i++;
    cur = buf.getInt(base + (i << 2)) & 0xFFFFFFFFL;
    return true;
  }

  @Override
  public boolean seek(long v) {
    if (i >= count) {
      return false;
    }
    if (i >= 0 && cur >= v) {
      return true;
    }
    // Binary search for the first entry >= v among the entries not yet passed.
    int lo = Math.max(i, 0);
    int hi = count;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if ((buf.getInt(base + (mid << 2)) & 0xFFFFFFFFL) < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    i = lo;
    if (i >= count) {
      return false;
    }
    cur = buf.getInt(base + (i << 2)) & 0xFFFFFFFFL;
    return true;
  }

  @Override
  public long at() {
    return cur;
  }
}
