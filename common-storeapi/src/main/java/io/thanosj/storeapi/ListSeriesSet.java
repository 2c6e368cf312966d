package io.thanosj.storeapi;

import io.thanosj.storeapi.proto.Series;
import java.util.List;

/** A {@link SeriesSet} over series already in memory, for stores whose answer is small or precomputed. */
public final class ListSeriesSet implements SeriesSet {

  private final List<Series> series;
  private final List<String> warnings;
  private int next;
  private Series current;

  /** @param series already sorted by labels, as every SeriesSet must be */
  public ListSeriesSet(List<Series> series, List<String> warnings) {
    this.series = series;
    this.warnings = warnings;
  }

  public static ListSeriesSet of(List<Series> series) {
    return new ListSeriesSet(series, List.of());
  }

  @Override
  public boolean next() {
    if (next >= series.size()) {
      current = null;
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
    return warnings;
  }

  @Override
  public void close() {
    next = series.size();
  }
}
