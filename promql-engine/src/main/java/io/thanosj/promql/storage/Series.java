package io.thanosj.promql.storage;

import io.thanosj.chunk.SampleIterator;
import io.thanosj.labels.Labels;

/** One selected series: its labels and a fresh iterator over its samples in time order. */
public interface Series {

  Labels labels();

  /** A new iterator positioned before the first sample; may be called more than once. */
  SampleIterator iterator();
}
