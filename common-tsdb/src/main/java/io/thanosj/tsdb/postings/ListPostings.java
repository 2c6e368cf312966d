package io.thanosj.tsdb.postings;

import java.util.Arrays;

/** Postings over a sorted array held in memory. */
public final class ListPostings implements Postings {

  private final long[] refs;
  private final int end;
  private int i;
  private long cur;

  public ListPostings(long[] refs, int from, int to) {
    this.refs = refs;
    this.end = to;
    this.i = from - 1;
  }

  @Override
  public boolean next() {
    if (i + 1 >= end) {
      i = end;
      return false;
    }
    cur = refs[++i];
    return true;
  }

  @Override
  public boolean seek(long v) {
    if (i >= end) {
      return false;
    }
    if (i >= 0 && cur >= v) {
      return true;
    }
    int from = Math.max(i, 0);
    int found = Arrays.binarySearch(refs, from, end, v);
    i = found >= 0 ? found : -found - 1;
    if (i >= end) {
      return false;
    }
    cur = refs[i];
    return true;
  }

  @Override
  public long at() {
    return cur;
  }
}
