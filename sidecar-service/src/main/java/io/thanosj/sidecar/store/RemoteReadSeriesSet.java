package io.thanosj.sidecar.store;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.thanosj.sidecar.remoteread.ChunkedFrameReader;
import io.thanosj.sidecar.remoteread.ChunkedSeriesCursor;
import io.thanosj.sidecar.remoteread.CorruptFrameException;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.proto.Series;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A Series stream read lazily from one streamed remote-read response. Each {@link #next()} reads
 * only as many frames as it needs, so a slow consumer holds Prometheus back through TCP instead of
 * filling the sidecar's memory. Chunk bytes are passed through as Prometheus encoded them.
 *
 * <p>Series are kept in their StoreAPI wire form ({@link EncodedSeries}), written straight from
 * the remote-read frame by {@link StoreSeriesEncoder}; the gRPC adapter copies those bytes into its
 * response frames ({@link #writeAt}), so no protobuf objects are built on the way through.
 */
final class RemoteReadSeriesSet implements SeriesSet {

  private final ChunkedFrameReader frames;
  private final String source;
  private final StoreSeriesEncoder encoder;
  private final ChunkedSeriesCursor cursor = new ChunkedSeriesCursor();
  private final ShardMatcher shards;
  private final BooleanSupplier needsFullSort;
  private final long limit;
  private final Runnable onClose;
  private final ArrayDeque<EncodedSeries> ready = new ArrayDeque<>();

  private PrefixReorderBuffer<EncodedSeries> reorder; // streaming mode
  private List<EncodedSeries> all; // full-sort mode
  private boolean exhausted;
  private boolean closed;
  private long emitted;
  private EncodedSeries current;
  private Series currentMessage;

  /**
   * @param needsFullSort asked once, when the first series arrives: whether order can change in ways
   *     the prefix buffer does not cover, so the whole response must be sorted
   * @param limit at most this many series; 0 for no limit
   * @param onClose run once when the set is closed
   */
  RemoteReadSeriesSet(ChunkedFrameReader frames, String source, StoreSeriesEncoder encoder, ShardMatcher shards,
      BooleanSupplier needsFullSort, long limit, Runnable onClose) {
    this.frames = frames;
    this.source = source;
    this.encoder = encoder;
    this.shards = shards;
    this.needsFullSort = needsFullSort;
    this.limit = limit;
    this.onClose = onClose;
  }

  @Override
  public boolean next() {
    if (closed) {
      return false;
    }
    if (limit > 0 && emitted >= limit) {
      close();
      return false;
    }
    while (ready.isEmpty() && !exhausted) {
      readFrame();
    }
    EncodedSeries s = ready.poll();
    if (s == null) {
      close();
      return false;
    }
    current = s;
    currentMessage = null;
    emitted++;
    return true;
  }

  /** Decoded from the wire form on demand: only in-process callers need the object. */
  @Override
  public Series at() {
    if (currentMessage == null) {
      currentMessage = current.toSeries();
    }
    return currentMessage;
  }

  @Override
  public int serializedSizeAt() {
    return current.bytes().length;
  }

  @Override
  public void writeAt(CodedOutputStream out) throws IOException {
    out.writeRawBytes(current.bytes());
  }

  @Override
  public List<String> warnings() {
    return List.of();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    ready.clear();
    try {
      frames.close();
    } catch (IOException e) {
      // Closing aborts the HTTP transfer; a failure to do so cleanly changes nothing for the caller.
    }
    onClose.run();
  }

  private void readFrame() {
    boolean more;
    try {
      more = frames.advance();
    } catch (CorruptFrameException e) {
      close();
      throw new StatusRuntimeException(Status.INTERNAL.withDescription("remote read from " + source + ": " + e.getMessage()).withCause(e));
    } catch (IOException e) {
      close();
      throw new StatusRuntimeException(Status.UNAVAILABLE
          .withDescription("remote read from " + source + " failed after " + frames.offset() + " bytes: " + e).withCause(e));
    }
    if (!more) {
      exhausted = true;
      if (reorder != null) {
        reorder.finish(ready::add);
      } else if (all != null) {
        // List.sort is stable: frames of one series keep their order.
        all.sort(EncodedSeries::compareLabels);
        ready.addAll(all);
        all = null;
      }
      return;
    }
    cursor.reset(frames.message(), frames.messageLength());
    while (nextSeries()) {
      EncodedSeries s;
      try {
        s = encoder.encode(cursor);
      } catch (StoreSeriesEncoder.UnservableSeriesException e) {
        close();
        throw new StatusRuntimeException(Status.INTERNAL.withDescription(
            "remote read from " + source + ": " + frames.describeCurrent() + ": series " + e.labels() + " has " + e.getMessage()));
      }
      if (shards.isSharded() && !shards.matches(s.labels())) {
        continue;
      }
      if (reorder == null && all == null) {
        if (needsFullSort.getAsBoolean()) {
          all = new ArrayList<>();
        } else {
          reorder = new PrefixReorderBuffer<>(EncodedSeries::compareLabels);
        }
      }
      if (reorder != null) {
        reorder.add(s, ready::add);
      } else {
        all.add(s);
      }
    }
  }

  private boolean nextSeries() {
    try {
      return cursor.next();
    } catch (InvalidProtocolBufferException e) {
      close();
      throw new StatusRuntimeException(Status.INTERNAL.withDescription(
          "remote read from " + source + ": " + frames.describeCurrent() + ": " + e.getMessage()).withCause(e));
    }
  }
}
