package io.thanosj.storeapi.grpc;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.StoreApi;
import io.thanosj.storeapi.proto.Series;
import io.thanosj.storeapi.proto.SeriesBatch;
import io.thanosj.storeapi.proto.SeriesRequest;
import io.thanosj.storeapi.proto.SeriesResponse;
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
 */
final class SeriesStream implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(SeriesStream.class);
  private static final int ON_READY_THRESHOLD_BYTES = 1 << 20;

  private final StoreApi store;
  private final SeriesRequest request;
  private final ServerCallStreamObserver<SeriesResponse> out;
  private final Executor executor;
  private final Context context;
  private final int batchSize;
  private final AtomicInteger pendingDrains = new AtomicInteger();
  private volatile boolean cancelled;

  // Touched only inside a drain.
  private SeriesSet set;
  private boolean done;
  private int warningsSent;
  private SeriesBatch.Builder batch;

  SeriesStream(
      StoreApi store,
      SeriesRequest request,
      ServerCallStreamObserver<SeriesResponse> out,
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
      Series series = set.at();
      sendNewWarnings();
      if (batchSize == 1) {
        out.onNext(SeriesResponse.newBuilder().setSeries(series).build());
      } else {
        if (batch == null) {
          batch = SeriesBatch.newBuilder();
        }
        batch.addSeries(series);
        if (batch.getSeriesCount() >= batchSize) {
          flushBatch();
        }
      }
    }
  }

  /** Warnings go out as their own frames, after the series batched before them (as Thanos does). */
  private void sendNewWarnings() {
    List<String> warnings = set.warnings();
    if (warnings.size() <= warningsSent) {
      return;
    }
    flushBatch();
    while (warningsSent < warnings.size()) {
      out.onNext(SeriesResponse.newBuilder().setWarning(warnings.get(warningsSent++)).build());
    }
  }

  private void flushBatch() {
    if (batch != null && batch.getSeriesCount() > 0) {
      out.onNext(SeriesResponse.newBuilder().setBatch(batch).build());
      batch = SeriesBatch.newBuilder();
    }
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
