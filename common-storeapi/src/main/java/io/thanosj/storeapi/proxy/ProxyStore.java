package io.thanosj.storeapi.proxy;

import io.grpc.Context;
import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import io.thanosj.labels.StringOrder;
import io.thanosj.storeapi.ComponentType;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.StoreApi;
import io.thanosj.storeapi.StoreProtos;
import io.thanosj.storeapi.proto.LabelNamesRequest;
import io.thanosj.storeapi.proto.LabelNamesResponse;
import io.thanosj.storeapi.proto.LabelValuesRequest;
import io.thanosj.storeapi.proto.LabelValuesResponse;
import io.thanosj.storeapi.proto.SeriesRequest;
import io.thanosj.storeapi.proto.info.InfoResponse;
import io.thanosj.storeapi.proto.info.StoreInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The querier's fan-out as a StoreAPI (Thanos' ProxyStore): each request goes to the endpoints whose
 * time range and external label sets can match it, their answers are merged, and a failing endpoint
 * becomes a warning or, when partial response is off, an error naming it. Being a StoreApi itself, it
 * is served over gRPC so that queriers stack.
 *
 * <p>Series streams of all selected endpoints are opened at once; gRPC endpoints then fetch in
 * parallel, each with its own bounded prefetch, while the merge pulls from all of them. Label calls
 * run in parallel on {@code executor}, in the caller's gRPC {@link Context} (deadline, cancellation).
 */
public final class ProxyStore implements StoreApi {

  private final Supplier<List<ProxyEndpoint>> endpoints;
  private final Executor executor;

  /**
   * @param endpoints the current endpoint set, read once per request (healthy and down endpoints)
   * @param executor runs label calls to endpoints in parallel
   */
  public ProxyStore(Supplier<List<ProxyEndpoint>> endpoints, Executor executor) {
    this.endpoints = endpoints;
    this.executor = executor;
  }

  /** A querier's Info: the union of its healthy endpoints' label sets and time ranges. */
  @Override
  public InfoResponse info() {
    TreeSet<Labels> sets = new TreeSet<>(Labels::compare);
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    boolean any = false;
    for (ProxyEndpoint e : endpoints.get()) {
      if (!e.isUp()) {
        continue;
      }
      any = true;
      sets.addAll(e.labelSets());
      min = Math.min(min, e.minTime());
      max = Math.max(max, e.maxTime());
    }
    if (!any) {
      // Like Thanos: with nothing behind it, a querier claims the whole range rather than none.
      min = Long.MIN_VALUE;
      max = Long.MAX_VALUE;
    }
    return InfoResponse.newBuilder()
        .setComponentType(ComponentType.QUERY.wireName())
        .addAllLabelSets(StoreProtos.toLabelSets(new ArrayList<>(sets)))
        .setStore(StoreInfo.newBuilder().setMinTime(min).setMaxTime(max).setSupportsWithoutReplicaLabels(true))
        .build();
  }

  @Override
  public SeriesSet series(SeriesRequest request) {
    List<Matcher> matchers = StoreProtos.matchers(request.getMatchersList());
    List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    PartialResponse policy = new PartialResponse(
        PartialResponse.isAbort(request.getPartialResponseDisabled(), request.getPartialResponseStrategy()), warnings);
    List<ProxyEndpoint> selected = select(request.getMinTime(), request.getMaxTime(), matchers, policy, "series");
    List<EndpointCursor> cursors = new ArrayList<>(selected.size());
    try {
      for (ProxyEndpoint e : selected) {
        SeriesSet set = open(e, request, policy);
        if (set != null) {
          cursors.add(new EndpointCursor(e.name(), set, policy, cursors.size()));
        }
      }
    } catch (RuntimeException ex) {
      for (EndpointCursor c : cursors) {
        c.close();
      }
      throw ex;
    }
    return new MergingSeriesSet(cursors, warnings, request.getLimit());
  }

  /** Opens one endpoint's stream; null when it failed to open under partial response. */
  private static SeriesSet open(ProxyEndpoint e, SeriesRequest request, PartialResponse policy) {
    boolean strip = request.getWithoutReplicaLabelsCount() > 0 && !e.supportsWithoutReplicaLabels();
    SeriesRequest forEndpoint = strip ? request.toBuilder().clearWithoutReplicaLabels().build() : request;
    SeriesSet set;
    try {
      set = e.store().series(forEndpoint);
    } catch (RuntimeException ex) {
      policy.problem("fetch series for " + e.name() + ": " + PartialResponse.describe(e.name(), ex));
      return null;
    }
    return strip ? ReplicaLabelRemoval.strip(set, request.getWithoutReplicaLabelsList()) : set;
  }

  @Override
  public LabelNamesResponse labelNames(LabelNamesRequest request) {
    List<Matcher> matchers = StoreProtos.matchers(request.getMatchersList());
    List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    PartialResponse policy = new PartialResponse(
        PartialResponse.isAbort(request.getPartialResponseDisabled(), request.getPartialResponseStrategy()), warnings);
    List<ProxyEndpoint> selected = select(request.getStart(), request.getEnd(), matchers, policy, "label names");
    List<String> replicaLabels = request.getWithoutReplicaLabelsList();
    List<List<String>> answers = fanOut(selected, policy, "fetch label names from store ", e -> {
      LabelNamesResponse r = e.store().labelNames(request);
      warnings.addAll(r.getWarningsList());
      if (e.supportsWithoutReplicaLabels() || replicaLabels.isEmpty()) {
        return r.getNamesList();
      }
      List<String> names = new ArrayList<>(r.getNamesList());
      names.removeAll(replicaLabels);
      return names;
    });
    checkWarnings(policy, warnings);
    return LabelNamesResponse.newBuilder()
        .addAllNames(union(answers, request.getLimit()))
        .addAllWarnings(warnings)
        .build();
  }

  @Override
  public LabelValuesResponse labelValues(LabelValuesRequest request) {
    if (request.getLabel().isEmpty()) {
      throw io.grpc.Status.INVALID_ARGUMENT.withDescription("label name parameter cannot be empty").asRuntimeException();
    }
    List<Matcher> matchers = StoreProtos.matchers(request.getMatchersList());
    List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    PartialResponse policy = new PartialResponse(
        PartialResponse.isAbort(request.getPartialResponseDisabled(), request.getPartialResponseStrategy()), warnings);
    if (request.getWithoutReplicaLabelsList().contains(request.getLabel())) {
      return LabelValuesResponse.getDefaultInstance();
    }
    List<ProxyEndpoint> selected = select(request.getStart(), request.getEnd(), matchers, policy, "label values");
    List<List<String>> answers = fanOut(selected, policy, "fetch label values from store ", e -> {
      LabelValuesResponse r = e.store().labelValues(request);
      warnings.addAll(r.getWarningsList());
      return r.getValuesList();
    });
    checkWarnings(policy, warnings);
    return LabelValuesResponse.newBuilder()
        .addAllValues(union(answers, request.getLimit()))
        .addAllWarnings(warnings)
        .build();
  }

  /**
   * The healthy endpoints that can match; down endpoints that could have matched are reported
   * through the partial response policy.
   */
  private List<ProxyEndpoint> select(long minTime, long maxTime, List<Matcher> matchers, PartialResponse policy, String what) {
    List<ProxyEndpoint> out = new ArrayList<>();
    for (ProxyEndpoint e : endpoints.get()) {
      if (!EndpointMatching.matches(e, minTime, maxTime, matchers)) {
        continue;
      }
      if (e.isUp()) {
        out.add(e);
      } else {
        policy.problem("endpoint " + e.name() + " is unavailable for " + what + ": " + e.downReason());
      }
    }
    return out;
  }

  private <T> List<T> fanOut(List<ProxyEndpoint> selected, PartialResponse policy, String prefix, Function<ProxyEndpoint, T> call) {
    Context ctx = Context.current();
    List<CompletableFuture<T>> futures = new ArrayList<>(selected.size());
    for (ProxyEndpoint e : selected) {
      futures.add(CompletableFuture.supplyAsync(() -> {
        Context previous = ctx.attach();
        try {
          return call.apply(e);
        } finally {
          ctx.detach(previous);
        }
      }, executor));
    }
    List<T> out = new ArrayList<>(selected.size());
    for (int i = 0; i < futures.size(); i++) {
      try {
        out.add(futures.get(i).join());
      } catch (CompletionException ex) {
        RuntimeException cause = ex.getCause() instanceof RuntimeException r ? r : ex;
        String name = selected.get(i).name();
        policy.problem(prefix + name + ": " + PartialResponse.describe(name, cause));
      }
    }
    return out;
  }

  private static void checkWarnings(PartialResponse policy, List<String> warnings) {
    if (policy.aborts() && !warnings.isEmpty()) {
      policy.problem(warnings.get(0));
    }
  }

  /** Sorted union (Go's byte order), truncated to {@code limit} when positive. */
  private static List<String> union(List<List<String>> answers, long limit) {
    TreeSet<String> all = new TreeSet<>(StringOrder.UTF8);
    for (List<String> a : answers) {
      all.addAll(a);
    }
    List<String> out = new ArrayList<>(all);
    return limit > 0 && out.size() > limit ? out.subList(0, (int) limit) : out;
  }
}
