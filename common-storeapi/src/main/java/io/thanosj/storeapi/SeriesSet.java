package io.thanosj.storeapi;

import com.google.protobuf.CodedOutputStream;
import io.thanosj.storeapi.proto.Series;
import java.io.IOException;
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

  /**
   * Size in bytes of the current series' wire form: a {@code thanos.Series} message, without tag
   * or length prefix. The gRPC adapter writes series through this and {@link #writeAt}; a store
   * that already holds series encoded overrides both (and may build {@link #at()} on demand).
   */
  default int serializedSizeAt() {
    return at().getSerializedSize();
  }

  /** Writes exactly {@link #serializedSizeAt()} bytes: the current series' wire form. */
  default void writeAt(CodedOutputStream out) throws IOException {
    at().writeTo(out);
  }

  /** Warnings seen so far; complete once {@link #next()} has returned false. */
  List<String> warnings();

  /** Releases resources and cancels the producer. Idempotent; safe before the end. */
  @Override
  void close();
}
