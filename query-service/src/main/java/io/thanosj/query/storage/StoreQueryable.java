package io.thanosj.query.storage;

import io.grpc.Context;
import io.thanosj.labels.Matcher;
import io.thanosj.promql.storage.Queryable;
import io.thanosj.promql.storage.SelectHints;
import io.thanosj.promql.storage.SeriesSet;
import io.thanosj.storeapi.StoreApi;
import io.thanosj.storeapi.StoreProtos;
import io.thanosj.storeapi.proto.Aggr;
import io.thanosj.storeapi.proto.PartialResponseStrategy;
import io.thanosj.storeapi.proto.QueryHints;
import io.thanosj.storeapi.proto.SeriesRequest;
import java.util.List;
import java.util.Set;

/**
 * The PromQL engine's storage over the StoreAPI fan-out (Thanos' querier): each selector becomes a
 * Series request to the proxy, and the answer is decoded lazily and deduplicated per series.
 *
 * <p>Calls run in the gRPC {@link Context} the instance was created in, so the query's deadline
 * and cancellation reach every store even when the engine evaluates on another thread.
 */
public final class StoreQueryable implements Queryable {

  // Functions whose result needs two samples inside the range: the resolution must leave room.
  private static final Set<String> TWO_SAMPLE_FUNCTIONS = Set.of(
      "rate", "irate", "increase", "delta", "idelta", "deriv", "predict_linear", "holt_winters",
      "double_exponential_smoothing");

  private final StoreApi proxy;
  private final QueryScope scope;
  private final Context context;

  /**
   * Series per response frame asked of every store, as Thanos' querier asks (store.DefaultResponseBatchSize):
   * one frame per series costs the store a flush and the querier a hand-off per series.
   */
  static final int SERIES_RESPONSE_BATCH_SIZE = 64;

  public StoreQueryable(StoreApi proxy, QueryScope scope) {
    this.proxy = proxy;
    this.scope = scope;
    this.context = Context.current();
  }

  @Override
  public SeriesSet select(SelectHints hints, List<Matcher> matchers) {
    List<Aggr> aggrs = Aggregates.forFunction(hints.func());
    SeriesRequest.Builder req = SeriesRequest.newBuilder()
        .setMinTime(hints.start())
        .setMaxTime(hints.end())
        .addAllMatchers(StoreProtos.toProtoMatchers(matchers))
        .setMaxResolutionWindow(maxResolution(hints))
        .addAllAggregates(aggrs)
        .setPartialResponseStrategy(scope.partialResponse() ? PartialResponseStrategy.WARN : PartialResponseStrategy.ABORT)
        .setSkipChunks("series".equals(hints.func()))
        .setResponseBatchSize(SERIES_RESPONSE_BATCH_SIZE)
        .setQueryHints(queryHints(hints));
    boolean dedup = scope.deduplicates();
    if (dedup) {
      req.addAllWithoutReplicaLabels(scope.replicaLabels());
    }
    Context previous = context.attach();
    try {
      return new StoreSeriesSet(proxy.series(req.build()), dedup ? scope.dedupFunction() : null, hints.func(),
          Aggregates.part(aggrs), hints.start(), hints.end());
    } finally {
      context.detach(previous);
    }
  }

  private long maxResolution(SelectHints hints) {
    long res = scope.maxResolutionMillis();
    if (hints.range() > 0 && TWO_SAMPLE_FUNCTIONS.contains(hints.func())) {
      res = Math.min(res, hints.range() / 2);
    }
    return Math.max(0, res);
  }

  private static QueryHints queryHints(SelectHints hints) {
    QueryHints.Builder b = QueryHints.newBuilder().setStepMillis(hints.step());
    if (!hints.func().isEmpty()) {
      b.getFuncBuilder().setName(hints.func());
    }
    if (hints.range() > 0) {
      b.getRangeBuilder().setMillis(hints.range());
    }
    if (!hints.grouping().isEmpty() || hints.by()) {
      b.getGroupingBuilder().setBy(hints.by()).addAllLabels(hints.grouping());
    }
    return b.build();
  }
}
