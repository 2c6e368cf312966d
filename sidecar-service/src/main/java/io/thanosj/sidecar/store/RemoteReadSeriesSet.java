package io.thanosj.sidecar.store;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.thanosj.labels.Labels;
import io.thanosj.sidecar.remoteread.ChunkedFrameReader;
import io.thanosj.sidecar.remoteread.CorruptFrameException;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.proto.AggrChunk;
import io.thanosj.storeapi.proto.Chunk;
import io.thanosj.storeapi.proto.Series;
import io.thanosj.storeapi.proto.prompb.ChunkedReadResponse;
import io.thanosj.storeapi.proto.prompb.ChunkedSeries;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A Series stream read lazily from one streamed remote-read response. Each {@link #next()} reads
 * only as many frames as it needs, so a slow consumer holds Prometheus back through TCP instead of
 * filling the sidecar's memory. Chunk bytes are passed through as Prometheus encoded them.
 */
final class RemoteReadSeriesSet implements SeriesSet {

  private final ChunkedFrameReader frames;
  private final String source;
  private final SeriesLabeler labeler;
  private final ShardMatcher shards;
  private final BooleanSupplier needsFullSort;
  private final long limit;
  private final ArrayDeque<LabeledSeries> ready = new ArrayDeque<>();

  private PrefixReorderBuffer reorder; // streaming mode
  private List<LabeledSeries> all; // full-sort mode
  private boolean exhausted;
  private boolean closed;
  private long emitted;
  private Series current;

  /**
   * @param needsFullSort asked once, when the first series arrives: whether order can change in ways
   *     the prefix buffer does not cover, so the whole response must be sorted
   * @param limit at most this many series; 0 for no limit
   */
  RemoteReadSeriesSet(ChunkedFrameReader frames, String source, SeriesLabeler labeler, ShardMatcher shards,
      BooleanSupplier needsFullSort, long limit) {
    this.frames = frames;
    this.source = source;
    this.labeler = labeler;
    this.shards = shards;
    this.needsFullSort = needsFullSort;
    this.limit = limit;
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
    LabeledSeries s = ready.poll();
    if (s == null) {
      close();
      return false;
    }
    current = s.series();
    emitted++;
    return true;
  }

  @Override
  public Series at() {
    return current;
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
  }

  private void readFrame() {
    ChunkedReadResponse frame;
    try {
      frame = frames.next();
    } catch (CorruptFrameException e) {
      close();
      throw new StatusRuntimeException(Status.INTERNAL.withDescription("remote read from " + source + ": " + e.getMessage()).withCause(e));
    } catch (IOException e) {
      close();
      throw new StatusRuntimeException(Status.UNAVAILABLE
          .withDescription("remote read from " + source + " failed after " + frames.offset() + " bytes: " + e).withCause(e));
    }
    if (frame == null) {
      exhausted = true;
      if (reorder != null) {
        reorder.finish(ready::add);
      } else if (all != null) {
        // List.sort is stable: frames of one series keep their order.
        all.sort((a, b) -> Labels.compare(a.labels(), b.labels()));
        ready.addAll(all);
        all = null;
      }
      return;
    }
    for (ChunkedSeries cs : frame.getChunkedSeriesList()) {
      Labels labels = labeler.fromRemoteRead(cs.getLabelsList());
      if (!shards.matches(labels)) {
        continue;
      }
      LabeledSeries s = new LabeledSeries(labels, toStoreSeries(labels, cs));
      if (reorder == null && all == null) {
        if (needsFullSort.getAsBoolean()) {
          all = new ArrayList<>();
        } else {
          reorder = new PrefixReorderBuffer();
        }
      }
      if (reorder != null) {
        reorder.add(s, ready::add);
      } else {
        all.add(s);
      }
    }
  }

  private Series toStoreSeries(Labels labels, ChunkedSeries cs) {
    Series.Builder b = Series.newBuilder();
    for (int i = 0; i < labels.size(); i++) {
      b.addLabels(labeler.message(labels, i));
    }
    for (int i = 0; i < cs.getChunksCount(); i++) {
      io.thanosj.storeapi.proto.prompb.Chunk c = cs.getChunks(i);
      ByteString data = c.getData();
      b.addChunks(AggrChunk.newBuilder()
          .setMinTime(c.getMinTimeMs())
          .setMaxTime(c.getMaxTimeMs())
          .setRaw(Chunk.newBuilder()
              .setTypeValue(storeEncoding(c.getTypeValue(), labels))
              .setData(data)
              .setHash(ChunkHash.of(data))));
    }
    return b.build();
  }

  /**
   * Remote read numbers chunk encodings as Prometheus' TSDB does (XOR = 1, histogram = 2, float
   * histogram = 3) while StoreAPI starts at XOR = 0; anything else cannot be carried.
   */
  private int storeEncoding(int remoteReadEncoding, Labels labels) {
    if (remoteReadEncoding < 1 || remoteReadEncoding > 3) {
      close();
      throw new StatusRuntimeException(Status.INTERNAL.withDescription(
          "remote read from " + source + ": series " + labels + " has a chunk with encoding " + remoteReadEncoding
              + ", which StoreAPI cannot carry (known: 1 XOR, 2 histogram, 3 float histogram)"));
    }
    return remoteReadEncoding - 1;
  }
}
