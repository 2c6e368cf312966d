package io.thanosj.promql.eval;

import io.thanosj.labels.Labels;

/** Receives instant-vector series one at a time, so aggregations need not hold all their inputs. */
interface SeriesSink {

  /**
   * Takes one series. Returns true when it keeps the arrays, in which case the producer must not
   * reuse them; false lets the producer overwrite them for the next series.
   */
  boolean accept(Labels labels, double[] values, boolean[] present);
}
