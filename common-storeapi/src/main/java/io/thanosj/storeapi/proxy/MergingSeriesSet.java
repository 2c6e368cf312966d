package io.thanosj.storeapi.proxy;

import io.thanosj.labels.Labels;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.proto.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The k-way merge of sorted endpoint streams into one sorted stream. Frames with the same label set,
 * whether from different endpoints or adjacent in one stream, become one series whose chunks are the
 * union without byte-identical duplicates ({@link ChunkDedup}). Replicas whose replica labels were
 * removed therefore arrive as one series carrying every replica's chunks; the querier's deduplication
 * splits them again by time overlap.
 */
final class MergingSeriesSet implements SeriesSet {

  private final PriorityQueue<EndpointCursor> heads =
      new PriorityQueue<>(
          (a, b) -> {
            int c = Labels.compare(a.labels(), b.labels());
            return c != 0 ? c : Integer.compare(a.order(), b.order());
          });
  private final List<EndpointCursor> all;
  private final List<String> warnings;
  private final long limit;
  private final List<Series> group = new ArrayList<>();
  private long emitted;
  private Series current;
  private boolean closed;

  /**
   * @param cursors one per endpoint, not yet advanced
   * @param warnings collects warnings, shared with the cursors' partial response policy
   * @param limit the most series to return; 0 for no limit
   */
  MergingSeriesSet(List<EndpointCursor> cursors, List<String> warnings, long limit) {
    this.all = cursors;
    this.warnings = warnings;
    this.limit = limit;
    try {
      for (EndpointCursor c : cursors) {
        if (c.advance()) {
          heads.add(c);
        }
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public boolean next() {
    if (closed || heads.isEmpty() || (limit > 0 && emitted >= limit)) {
      current = null;
      close();
      return false;
    }
    try {
      group.clear();
      EndpointCursor first = heads.poll();
      Labels labels = first.labels();
      take(first);
      while (!heads.isEmpty() && heads.peek().labels().equals(labels)) {
        take(heads.poll());
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    current = ChunkDedup.join(group);
    emitted++;
    return true;
  }

  private void take(EndpointCursor c) {
    group.add(c.current());
    if (c.advance()) {
      heads.add(c);
    }
  }

  @Override
  public Series at() {
    return current;
  }

  @Override
  public List<String> warnings() {
    return warnings;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    heads.clear();
    for (EndpointCursor c : all) {
      c.close();
    }
  }
}
