package io.thanosj.sidecar.store;

import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.proto.Series;
import java.util.List;

/** Series already in memory and in order (labels-only answers). */
final class ListedSeriesSet implements SeriesSet {

  private final List<Series> series;
  private int next;
  private Series current;

  ListedSeriesSet(List<Series> series) {
    this.series = series;
  }

  @Override
  public boolean next() {
    if (next >= series.size()) {
      return false;
    }
    current = series.get(next++);
    return true;
  }

  @Override
  public Series at() {
    return current;
  }

  @Override
  public List<String> warnings() {
    return List.of();
  }

  @Override
  public void close() {
    next = series.size();
  }
}
