package io.thanosj.storeapi;

import io.thanosj.storeapi.proto.Series;
import java.util.List;

/**
 * A pull-based stream of series: {@code while (set.next()) use(set.at());}. Pulling is the back-pressure:
 * a producer behind a set does not run ahead of its consumer by more than a small bounded buffer.
 */
public interface SeriesSet extends AutoCloseable {

  /**
   * Advances to the next series; false at the end.
   *
   * @throws io.grpc.StatusRuntimeException when the source fails
   */
  boolean next();

  /** The current series; valid until the next call to {@link #next()}. */
  Series at();

  /** Warnings seen so far; complete once {@link #next()} has returned false. */
  List<String> warnings();

  /** Releases resources and cancels the producer. Idempotent; safe before the end. */
  @Override
  void close();
}
