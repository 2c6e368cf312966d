package io.thanosj.promql.storage;

import java.util.List;

/** Pull iterator over selected series, sorted by labels. */
public interface SeriesSet extends AutoCloseable {

  boolean next();

  Series at();

  /** Warnings from the sources (e.g. a store that did not answer); complete once next() returned false. */
  List<String> warnings();

  @Override
  void close();
}
