package io.thanosj.sidecar.store;

import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.proto.Series;
import java.util.List;

/** No series: the request's external-label matchers rule this sidecar out, or the range is empty. */
enum EmptySeriesSet implements SeriesSet {
  INSTANCE;

  @Override
  public boolean next() {
    return false;
  }

  @Override
  public Series at() {
    throw new IllegalStateException("empty series set");
  }

  @Override
  public List<String> warnings() {
    return List.of();
  }

  @Override
  public void close() {}
}
