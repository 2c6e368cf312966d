package io.thanosj.promql.storage;

import java.util.List;

/**
 * Prometheus' storage.SelectHints: the time range the engine needs for one selector (ms, inclusive),
 * the query step, the enclosing function ("rate", "sum_over_time", "series" for metadata-only, …),
 * the range of a matrix selector, and the grouping of an enclosing aggregation.
 */
public record SelectHints(
    long start, long end, long step, String func, long range, List<String> grouping, boolean by) {

  public SelectHints {
    grouping = grouping == null ? List.of() : List.copyOf(grouping);
    func = func == null ? "" : func;
  }

  public static SelectHints range(long start, long end) {
    return new SelectHints(start, end, 0, "", 0, List.of(), false);
  }
}
