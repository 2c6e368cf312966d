package io.thanosj.storeapi.grpc;

import com.google.protobuf.CodedOutputStream;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.StoreApi;
import io.thanosj.storeapi.proto.SeriesRequest;
import io.thanosj.storeapi.proto.SeriesResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server-side Series stream: pulls series from the store while the call is ready and stops
 * when it is not, resuming on the call's onReady signal.
 *
 * <p>Every event (ready, cancelled) only schedules a drain; a work-in-progress counter makes sure a
 * single drain runs at a time, so the SeriesSet and the response observer are only ever touched by
 * one thread at once, although that thread may change between drains.
 *
 * <p>Response frames are encoded here, series by series through {@link SeriesSet#writeAt}: a
 * {@code SeriesResponse} holding one {@code series} (field 1) or, when the client asks for batches,
 * a {@code batch} (field 4) of up to {@code response_batch_size} series.
 */
final class SeriesStream implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(SeriesStream.class);
  private static final int ON_READY_THRESHOLD_BYTES = 1 << 20;
  private static final int SERIES_TAG = 1 << 3 | 2; // SeriesResponse.series and SeriesBatch.series
  private static final int BATCH_TAG = 4 << 3 | 2; // SeriesResponse.batch
  private static final int HEAD_ROOM = 6; // a batch frame's tag and length, written last

  private final StoreApi store;
  private final SeriesRequest request;
  private final ServerCallStreamObserver<SeriesResponseFrame> out;
  private final Executor executor;
  private final Context context;
  private final int batchSize;
  private final AtomicInteger pendingDrains = new AtomicInteger();
  private volatile boolean cancelled;

  // Touched only inside a drain.
  private SeriesSet set;
  private boolean done;
  private int warningsSent;
  // The batch being filled: its series fields from HEAD_ROOM to batchEnd.
  private byte[] batch;
  private int batchEnd = HEAD_ROOM;
  private int batched;

  SeriesStream(
      StoreApi store,
      SeriesRequest request,
      ServerCallStreamObserver<SeriesResponseFrame> out,
      Executor executor,
      Context context) {
    this.store = store;
    this.request = request;
    this.out = out;
    this.executor = executor;
    this.context = context;
    // Thanos: 0 or 1 means one series per frame.
    this.batchSize = (int) Math.min(Math.max(request.getResponseBatchSize(), 1), 65_536);
  }

  /** Must be called from the RPC handler: gRPC only accepts these handlers before it returns. */
  void start() {
    // gRPC's default (32 KiB) turns the call unready after every batch of 64 series, and each
    // resumption costs a thread hand-off per frame; 1 MiB lets a drain send several frames in a row
    // while memory per stream stays bounded.
    out.setOnReadyThreshold(ON_READY_THRESHOLD_BYTES);
    out.setOnCancelHandler(
        () -> {
          cancelled = true;
          schedule();
        });
    out.setOnReadyHandler(this::schedule);
    schedule();
  }

  private void schedule() {
    if (pendingDrains.getAndIncrement() != 0) {
      return;
    }
    try {
      executor.execute(context.wrap(this));
    } catch (RejectedExecutionException e) {
      // No drain will ever run for this call; answer it here, which is safe because nothing else does.
      done = true;
      if (!cancelled) {
        out.onError(Status.RESOURCE_EXHAUSTED.withDescription("too many concurrent Series streams").asRuntimeException());
      }
    }
  }

  @Override
  public void run() {
    int missed = 1;
    do {
      try {
        drain();
      } catch (RuntimeException e) {
        fail(e);
      }
      missed = pendingDrains.addAndGet(-missed);
    } while (missed != 0);
  }

  private void drain() {
    if (done) {
      return;
    }
    if (cancelled || context.isCancelled()) {
      finish();
      return;
    }
    if (set == null) {
      set = store.series(request);
    }
    while (out.isReady()) {
      if (cancelled || context.isCancelled()) {
        finish();
        return;
      }
      if (!set.next()) {
        sendNewWarnings();
        flushBatch();
        finish();
        out.onCompleted();
        return;
      }
      sendNewWarnings();
      if (batchSize == 1) {
        int size = set.serializedSizeAt();
        byte[] frame = new byte[1 + CodedOutputStream.computeUInt32SizeNoTag(size) + size];
        writeSeries(frame, 0, size);
        out.onNext(SeriesResponseFrame.of(frame));
      } else {
        addToBatch();
        if (batched >= batchSize) {
          flushBatch();
        }
      }
    }
  }

  private void addToBatch() {
    int size = set.serializedSizeAt();
    int need = batchEnd + 1 + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
    if (batch == null) {
      batch = new byte[Math.max(need, 64 * 1024)];
    } else if (need > batch.length) {
      batch = Arrays.copyOf(batch, Math.max(need, batch.length * 2));
    }
    batchEnd = writeSeries(batch, batchEnd, size);
    batched++;
  }

  /** Writes tag, length and the current series at {@code at}; returns the end. */
  private int writeSeries(byte[] into, int at, int size) {
    int headerLength = 1 + CodedOutputStream.computeUInt32SizeNoTag(size);
    CodedOutputStream w = CodedOutputStream.newInstance(into, at, headerLength + size);
    try {
      w.writeUInt32NoTag(SERIES_TAG);
      w.writeUInt32NoTag(size);
      set.writeAt(w);
      w.checkNoSpaceLeft();
    } catch (IOException e) {
      // Only an array too small can fail: the store's size and its bytes disagree.
      throw new IllegalStateException("a series wrote a different number of bytes than its size of " + size, e);
    }
    return at + headerLength + size;
  }

  /** Warnings go out as their own frames, after the series batched before them (as Thanos does). */
  private void sendNewWarnings() {
    List<String> warnings = set.warnings();
    if (warnings.size() <= warningsSent) {
      return;
    }
    flushBatch();
    while (warningsSent < warnings.size()) {
      out.onNext(SeriesResponseFrame.of(SeriesResponse.newBuilder().setWarning(warnings.get(warningsSent++)).build().toByteArray()));
    }
  }

  /** Sends the batch as one SeriesResponse; its tag and length go into the room left before it. */
  private void flushBatch() {
    if (batched == 0) {
      return;
    }
    int length = batchEnd - HEAD_ROOM;
    int start = HEAD_ROOM - 1 - CodedOutputStream.computeUInt32SizeNoTag(length);
    CodedOutputStream w = CodedOutputStream.newInstance(batch, start, HEAD_ROOM - start);
    try {
      w.writeUInt32NoTag(BATCH_TAG);
      w.writeUInt32NoTag(length);
      w.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    out.onNext(new SeriesResponseFrame(batch, start, batchEnd - start));
    // The frame now belongs to gRPC; the next batch starts in a new array of the same size.
    batch = new byte[batch.length];
    batchEnd = HEAD_ROOM;
    batched = 0;
  }

  private void fail(RuntimeException e) {
    boolean wasDone = done;
    finish();
    if (wasDone || cancelled) {
      return;
    }
    var status = GrpcStatuses.toStatusException(e);
    if (status.getStatus().getCode() == Status.Code.INTERNAL) {
      log.warn("Series stream failed", e);
    }
    out.onError(status);
  }

  private void finish() {
    done = true;
    if (set != null) {
      try {
        set.close();
      } catch (RuntimeException e) {
        log.warn("closing a SeriesSet failed", e);
      }
    }
  }
}
