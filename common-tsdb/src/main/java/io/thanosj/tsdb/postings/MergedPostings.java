package io.thanosj.tsdb.postings;

/**
 * Union of several postings lists via a binary min-heap of inputs keyed by their current reference
 * (primitive keys, no boxing); duplicates across inputs are returned once.
 */
final class MergedPostings implements Postings {

  private final Postings[] heap;
  private int size;
  private boolean started;
  private long cur;

  MergedPostings(Postings[] ps) {
    this.heap = ps;
  }

  private void init(long seekTo, boolean seek) {
    int n = 0;
    for (Postings p : heap) {
      if (seek ? p.seek(seekTo) : p.next()) {
        heap[n++] = p;
      }
    }
    size = n;
    for (int i = (n >>> 1) - 1; i >= 0; i--) {
      siftDown(i);
    }
    started = true;
  }

  @Override
  public boolean next() {
    if (!started) {
      init(0, false);
      return pop();
    }
    // Advance every input sitting on the current reference.
    while (size > 0 && heap[0].at() == cur) {
      if (heap[0].next()) {
        siftDown(0);
      } else {
        removeTop();
      }
    }
    return pop();
  }

  private boolean pop() {
    if (size == 0) {
      return false;
    }
    cur = heap[0].at();
    return true;
  }

  @Override
  public boolean seek(long v) {
    if (!started) {
      init(v, true);
      return pop();
    }
    if (size == 0) {
      return false;
    }
    if (cur >= v) {
      return true;
    }
    while (size > 0 && heap[0].at() < v) {
      if (heap[0].seek(v)) {
        siftDown(0);
      } else {
        removeTop();
      }
    }
    return pop();
  }

  @Override
  public long at() {
    return cur;
  }

  private void removeTop() {
    size--;
    heap[0] = heap[size];
    heap[size] = null;
    if (size > 0) {
      siftDown(0);
    }
  }

  private void siftDown(int i) {
    Postings p = heap[i];
    long key = p.at();
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        break;
      }
      int r = l + 1;
      int c = r < size && heap[r].at() < heap[l].at() ? r : l;
      if (heap[c].at() >= key) {
        break;
      }
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = p;
  }
}
