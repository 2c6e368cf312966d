package io.thanosj.promql.storage;

import io.thanosj.labels.Matcher;
import java.util.List;

/**
 * What the engine reads from: select series by matchers over a time range, with hints about the
 * evaluation so a store can push work down (step, enclosing function, range, grouping).
 * Implemented over blocks, over a StoreAPI fan-out with deduplication, and over in-memory test data.
 */
public interface Queryable {

  /**
   * Series matching all matchers with samples in [hints.start, hints.end] (ms, inclusive), sorted by
   * labels. The caller closes the set.
   */
  SeriesSet select(SelectHints hints, List<Matcher> matchers);
}
