package io.thanosj.sidecar.store;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.thanosj.labels.InvalidMatcherException;
import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import io.thanosj.sidecar.promclient.PrometheusApiException;
import io.thanosj.sidecar.promclient.PrometheusClient;
import io.thanosj.sidecar.promclient.StreamedHttpResponse;
import io.thanosj.sidecar.remoteread.ChunkedFrameReader;
import io.thanosj.sidecar.remoteread.RemoteReadRequests;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.StoreApi;
import io.thanosj.storeapi.proto.Label;
import io.thanosj.storeapi.proto.LabelMatcher;
import io.thanosj.storeapi.proto.LabelNamesRequest;
import io.thanosj.storeapi.proto.LabelNamesResponse;
import io.thanosj.storeapi.proto.LabelValuesRequest;
import io.thanosj.storeapi.proto.LabelValuesResponse;
import io.thanosj.storeapi.proto.Series;
import io.thanosj.storeapi.proto.SeriesRequest;
import io.thanosj.storeapi.proto.ZLabelSet;
import io.thanosj.storeapi.proto.info.InfoResponse;
import io.thanosj.storeapi.proto.info.StoreInfo;
import io.thanosj.storeapi.proto.info.TSDBInfo;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prometheus as a StoreAPI (Thanos' {@code pkg/store/prometheus.go}): Series through streamed
 * remote read, label calls through the HTTP API, this sidecar's external labels on everything.
 */
public final class PrometheusStore implements StoreApi {

  private static final Logger LOG = LoggerFactory.getLogger(PrometheusStore.class);

  private final PrometheusClient client;
  private final PrometheusMetadata metadata;
  private final Executor probeExecutor;
  private final SeriesOrderingMetrics metrics;

  /**
   * @param probeExecutor runs the label-name check that decides, concurrently with the remote read,
   *     whether a response must be fully sorted
   */
  public PrometheusStore(PrometheusClient client, PrometheusMetadata metadata, Executor probeExecutor, SeriesOrderingMetrics metrics) {
    this.client = client;
    this.metadata = metadata;
    this.probeExecutor = probeExecutor;
    this.metrics = metrics;
  }

  @Override
  public InfoResponse info() {
    PrometheusMetadata.Snapshot s = readySnapshot();
    ZLabelSet labels = labelSet(s.externalLabels());
    return InfoResponse.newBuilder()
        .addLabelSets(labels)
        .setComponentType("sidecar")
        .setStore(StoreInfo.newBuilder()
            .setMinTime(s.minTimeMillis())
            .setMaxTime(Long.MAX_VALUE)
            .setSupportsSharding(true)
            .setSupportsWithoutReplicaLabels(true)
            .addTsdbInfos(TSDBInfo.newBuilder().setLabels(labels).setMinTime(s.minTimeMillis()).setMaxTime(Long.MAX_VALUE)))
        .build();
  }

  @Override
  public SeriesSet series(SeriesRequest request) {
    PrometheusMetadata.Snapshot s = knownSnapshot();
    Labels external = s.externalLabels();
    ExternalLabelSelection sel = ExternalLabelSelection.of(matchers(request.getMatchersList()), external);
    if (!sel.matches()) {
      return EmptySeriesSet.INSTANCE;
    }
    if (sel.remaining().isEmpty()) {
      throw new StatusRuntimeException(Status.INVALID_ARGUMENT.withDescription("no matchers specified (excluding external labels)"));
    }
    // Never ask for more than Prometheus has (or --min-time allows).
    long minTime = Math.max(request.getMinTime(), s.minTimeMillis());
    long maxTime = request.getMaxTime();
    if (minTime > maxTime) {
      return EmptySeriesSet.INSTANCE;
    }
    Set<String> without = Set.copyOf(request.getWithoutReplicaLabelsList());
    if (request.getSkipChunks()) {
      return labelsOnly(sel.remaining(), minTime, maxTime, new SeriesLabeler(external, without), new ShardMatcher(request.getShardInfo()), request.getLimit());
    }

    // Started first so that it runs while the remote read streams; see PrefixReorderBuffer.
    Set<String> renamed = new HashSet<>(external.names());
    renamed.addAll(without);
    CompletableFuture<Boolean> clash = CompletableFuture.supplyAsync(
        () -> storedLabelsClash(sel.remaining(), minTime, maxTime, renamed), probeExecutor);
    StreamedHttpResponse response;
    try {
      response = client.remoteRead(RemoteReadRequests.snappyEncoded(RemoteReadRequests.streamedChunks(sel.remaining(), minTime, maxTime)));
    } catch (PrometheusApiException e) {
      clash.cancel(true);
      throw new StatusRuntimeException(e.grpcStatus());
    }
    String contentType = response.header("Content-Type");
    if (!contentType.startsWith("application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse")) {
      clash.cancel(true);
      response.close();
      throw new StatusRuntimeException(Status.INTERNAL.withDescription(
          "remote read from " + client.baseUrl() + " answered with content type \"" + contentType
              + "\"; the sidecar needs streamed XOR chunks (Prometheus 2.13 or later)"));
    }
    // The Series thread blocks in socket reads while Prometheus streams; a cancelled call or a
    // passed deadline closes the connection, which ends such a read at once.
    Context context = Context.current();
    Context.CancellationListener abort = c -> response.close();
    context.addListener(abort, Runnable::run);
    ChunkedFrameReader frames = new ChunkedFrameReader(response.body(), ChunkedFrameReader.DEFAULT_MAX_FRAME_BYTES);
    BooleanSupplier needsFullSort = () -> {
      boolean full = await(clash);
      metrics.recordOrdering(full);
      return full;
    };
    return new RemoteReadSeriesSet(frames, client.baseUrl(), new StoreSeriesEncoder(external, without), new ShardMatcher(request.getShardInfo()), needsFullSort, request.getLimit(),
        () -> context.removeListener(abort));
  }

  /**
   * Whether any matching series has a stored label named like an external or a dropped label. Only
   * then can adding external labels reorder series beyond what {@link PrefixReorderBuffer} handles.
   * Prometheus' label-name API reports stored names only and is cheap next to the remote read itself.
   * When it cannot answer, the safe assumption is that order may change.
   */
  private boolean storedLabelsClash(List<Matcher> matchers, long minTime, long maxTime, Set<String> renamed) {
    try {
      for (String name : client.labelNames(matchers, minTime, maxTime)) {
        if (renamed.contains(name)) {
          return true;
        }
      }
      return false;
    } catch (PrometheusApiException e) {
      LOG.atDebug().addKeyValue("err", e.getMessage()).log("label-name check failed; sorting the whole response");
      return true;
    }
  }

  private static boolean await(CompletableFuture<Boolean> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StatusRuntimeException(Status.CANCELLED.withDescription("interrupted").withCause(e));
    } catch (ExecutionException e) {
      return true;
    }
  }

  /** skip_chunks: labels from the series API; small enough to sort whole, as Thanos does. */
  private SeriesSet labelsOnly(List<Matcher> matchers, long minTime, long maxTime, SeriesLabeler labeler, ShardMatcher shards, long limit) {
    List<Labels> stored = call(() -> client.series(matchers, minTime, maxTime));
    List<Labels> out = new ArrayList<>(stored.size());
    for (Labels l : stored) {
      Labels served = labeler.fromStored(l);
      if (shards.matches(served)) {
        out.add(served);
      }
    }
    out.sort(Labels::compare);
    List<Series> series = new ArrayList<>(out.size());
    Labels previous = null;
    for (Labels l : out) {
      if (l.equals(previous)) {
        continue; // two stored series that differ only in a dropped label
      }
      if (limit > 0 && series.size() >= limit) {
        break;
      }
      series.add(Series.newBuilder().addAllLabels(toProto(l)).build());
      previous = l;
    }
    return new ListedSeriesSet(series);
  }

  @Override
  public LabelNamesResponse labelNames(LabelNamesRequest request) {
    Labels external = knownSnapshot().externalLabels();
    ExternalLabelSelection sel = ExternalLabelSelection.of(matchers(request.getMatchersList()), external);
    if (!sel.matches()) {
      return LabelNamesResponse.getDefaultInstance();
    }
    List<String> stored = call(() -> client.labelNames(sel.remaining(), request.getStart(), request.getEnd()));
    Set<String> without = Set.copyOf(request.getWithoutReplicaLabelsList());
    TreeSet<String> names = new TreeSet<>(io.thanosj.labels.StringOrder.UTF8);
    if (!stored.isEmpty()) {
      names.addAll(stored);
      names.addAll(external.names());
    }
    names.removeAll(without);
    List<String> out = new ArrayList<>(names);
    if (request.getLimit() > 0 && out.size() > request.getLimit()) {
      out = out.subList(0, (int) request.getLimit());
    }
    return LabelNamesResponse.newBuilder().addAllNames(out).build();
  }

  @Override
  public LabelValuesResponse labelValues(LabelValuesRequest request) {
    String name = request.getLabel();
    if (name.isEmpty()) {
      throw new StatusRuntimeException(Status.INVALID_ARGUMENT.withDescription("label name parameter cannot be empty"));
    }
    if (request.getWithoutReplicaLabelsList().contains(name)) {
      return LabelValuesResponse.getDefaultInstance();
    }
    Labels external = knownSnapshot().externalLabels();
    ExternalLabelSelection sel = ExternalLabelSelection.of(matchers(request.getMatchersList()), external);
    if (!sel.matches()) {
      return LabelValuesResponse.getDefaultInstance();
    }
    String externalValue = external.get(name);
    if (!externalValue.isEmpty()) {
      // The external value is the only value this sidecar has, if any series matches at all.
      if (sel.remaining().isEmpty()) {
        return LabelValuesResponse.newBuilder().addValues(externalValue).build();
      }
      List<Labels> any = call(() -> client.series(sel.remaining(), request.getStart(), request.getEnd()));
      return any.isEmpty() ? LabelValuesResponse.getDefaultInstance() : LabelValuesResponse.newBuilder().addValues(externalValue).build();
    }
    List<String> values = new ArrayList<>(call(() -> client.labelValues(name, sel.remaining(), request.getStart(), request.getEnd())));
    values.sort(io.thanosj.labels.StringOrder.UTF8);
    if (request.getLimit() > 0 && values.size() > request.getLimit()) {
      values = values.subList(0, (int) request.getLimit());
    }
    return LabelValuesResponse.newBuilder().addAllValues(values).build();
  }

  private PrometheusMetadata.Snapshot readySnapshot() {
    if (!metadata.isUp()) {
      throw new StatusRuntimeException(Status.UNAVAILABLE.withDescription("Not ready: " + metadata.lastError()));
    }
    return knownSnapshot();
  }

  /** The last known view: Series and label calls are still attempted while the heartbeat is failing. */
  private PrometheusMetadata.Snapshot knownSnapshot() {
    return metadata.snapshot().orElseThrow(() -> new StatusRuntimeException(
        Status.UNAVAILABLE.withDescription("Not ready: Prometheus' external labels are not known yet: " + metadata.lastError())));
  }

  private static List<Matcher> matchers(List<LabelMatcher> wire) {
    List<Matcher> out = new ArrayList<>(wire.size());
    for (LabelMatcher m : wire) {
      Matcher.Type type = switch (m.getType()) {
        case EQ -> Matcher.Type.EQ;
        case NEQ -> Matcher.Type.NEQ;
        case RE -> Matcher.Type.RE;
        case NRE -> Matcher.Type.NRE;
        default -> throw new StatusRuntimeException(Status.INVALID_ARGUMENT.withDescription("unknown matcher type " + m.getTypeValue()));
      };
      try {
        out.add(Matcher.of(type, m.getName(), m.getValue()));
      } catch (InvalidMatcherException e) {
        throw new StatusRuntimeException(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
      }
    }
    return out;
  }

  private static ZLabelSet labelSet(Labels labels) {
    return ZLabelSet.newBuilder().addAllLabels(toProto(labels)).build();
  }

  private static List<Label> toProto(Labels labels) {
    List<Label> out = new ArrayList<>(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      out.add(Label.newBuilder().setName(labels.name(i)).setValue(labels.value(i)).build());
    }
    return out;
  }

  private static <T> T call(java.util.function.Supplier<T> c) {
    try {
      return c.get();
    } catch (PrometheusApiException e) {
      throw new StatusRuntimeException(e.grpcStatus());
    }
  }
}
