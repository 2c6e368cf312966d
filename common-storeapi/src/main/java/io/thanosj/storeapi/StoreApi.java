package io.thanosj.storeapi;

import io.thanosj.storeapi.proto.LabelNamesRequest;
import io.thanosj.storeapi.proto.LabelNamesResponse;
import io.thanosj.storeapi.proto.LabelValuesRequest;
import io.thanosj.storeapi.proto.LabelValuesResponse;
import io.thanosj.storeapi.proto.SeriesRequest;
import io.thanosj.storeapi.proto.info.InfoResponse;

/**
 * Thanos' StoreAPI as a Java contract. Every data source implements it: the sidecar over Prometheus,
 * the store gateway over a bucket, receive over its TSDB, the querier's fan-out over other stores,
 * and the gRPC client over a remote endpoint. Requests and responses are the wire messages themselves
 * so that nothing is translated twice on the way through.
 *
 * <p>Failures are {@link io.grpc.StatusRuntimeException}s with the status a Thanos peer would see:
 * INVALID_ARGUMENT for bad matchers, RESOURCE_EXHAUSTED for limits, UNAVAILABLE for a source that is
 * down. Implementations honour the current {@link io.grpc.Context}'s deadline and cancellation.
 */
public interface StoreApi {

  /** What this store serves: external label sets, time range, component type (Thanos' Info service). */
  InfoResponse info();

  /**
   * Streams the matching series sorted by labels ({@link io.thanosj.labels.Labels#compare}), after
   * removing {@code without_replica_labels}. Nothing is buffered beyond what the consumer pulls; the
   * caller must {@link SeriesSet#close() close} the set, which also cancels the work behind it.
   */
  SeriesSet series(SeriesRequest request);

  LabelNamesResponse labelNames(LabelNamesRequest request);

  LabelValuesResponse labelValues(LabelValuesRequest request);
}
