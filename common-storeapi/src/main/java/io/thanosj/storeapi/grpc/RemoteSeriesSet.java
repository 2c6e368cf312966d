package io.thanosj.storeapi.grpc;

import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.proto.Series;
import io.thanosj.storeapi.proto.SeriesRequest;
import io.thanosj.storeapi.proto.SeriesResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The client side of a Series stream as a {@link SeriesSet}.
 *
 * <p>Flow control is manual: the call asks the server for {@code prefetch} frames up front and for
 * one more each time the consumer takes one, so at most {@code prefetch} frames wait in memory and
 * a consumer that stops pulling stops the server through HTTP/2 flow control. Both frame kinds
 * Thanos sends are accepted ({@code series}, and {@code batch} from v0.41 stores); {@code hints}
 * frames are skipped and {@code warning} frames collected.
 */
final class RemoteSeriesSet implements SeriesSet {

  private final ClientCall<SeriesRequest, SeriesResponse> call;
  private final String endpoint;
  // Holds at most `prefetch` responses plus the final Closed marker, thanks to flow control.
  private final LinkedBlockingQueue<Object> frames = new LinkedBlockingQueue<>();
  private final List<String> warnings = new ArrayList<>();
  private Series current;
  private List<Series> batch = List.of();
  private int batchIndex;
  private boolean finished;
  private volatile boolean closed;

  private record Closed(Status status) {}

  RemoteSeriesSet(ClientCall<SeriesRequest, SeriesResponse> call, String endpoint) {
    this.call = call;
    this.endpoint = endpoint;
  }

  void start(SeriesRequest request, int prefetch) {
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onMessage(SeriesResponse message) {
            frames.add(message);
          }

          @Override
          public void onClose(Status status, Metadata trailers) {
            frames.add(new Closed(status));
          }
        },
        new Metadata());
    call.sendMessage(request);
    call.halfClose();
    call.request(prefetch);
  }

  @Override
  public boolean next() {
    if (closed || finished) {
      return false;
    }
    if (batchIndex < batch.size()) {
      current = batch.get(batchIndex++);
      return true;
    }
    while (true) {
      Object frame = take();
      if (frame instanceof Closed c) {
        finished = true;
        if (c.status.isOk()) {
          return false;
        }
        throw GrpcStatuses.fromEndpoint(endpoint, c.status);
      }
      call.request(1);
      SeriesResponse response = (SeriesResponse) frame;
      switch (response.getResultCase()) {
        case SERIES -> {
          current = response.getSeries();
          return true;
        }
        case BATCH -> {
          if (response.getBatch().getSeriesCount() > 0) {
            batch = response.getBatch().getSeriesList();
            batchIndex = 1;
            current = batch.get(0);
            return true;
          }
        }
        case WARNING -> warnings.add(response.getWarning());
        case HINTS, RESULT_NOT_SET -> {
          // Hints are for the store gateway's own bookkeeping; Thanos' querier ignores them too.
        }
      }
    }
  }

  private Object take() {
    try {
      return frames.take();
    } catch (InterruptedException e) {
      call.cancel("consumer interrupted", e);
      Thread.currentThread().interrupt();
      finished = true;
      throw Status.CANCELLED.withDescription("interrupted while reading Series from " + endpoint).asRuntimeException();
    }
  }

  @Override
  public Series at() {
    return current;
  }

  @Override
  public List<String> warnings() {
    return warnings;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!finished) {
      call.cancel("series set closed by the client", null);
    }
  }
}
