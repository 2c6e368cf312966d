package io.thanosj.storeapi.acceptance;

import io.grpc.Status;
import io.thanosj.chunk.XorChunk;
import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import io.thanosj.labels.StringOrder;
import io.thanosj.storeapi.ListSeriesSet;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.StoreApi;
import io.thanosj.storeapi.StoreProtos;
import io.thanosj.storeapi.proto.AggrChunk;
import io.thanosj.storeapi.proto.Chunk;
import io.thanosj.storeapi.proto.LabelNamesRequest;
import io.thanosj.storeapi.proto.LabelNamesResponse;
import io.thanosj.storeapi.proto.LabelValuesRequest;
import io.thanosj.storeapi.proto.LabelValuesResponse;
import io.thanosj.storeapi.proto.Series;
import io.thanosj.storeapi.proto.SeriesRequest;
import io.thanosj.storeapi.proto.info.InfoResponse;
import io.thanosj.storeapi.proto.info.StoreInfo;
import io.thanosj.storeapi.proto.info.TSDBInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A StoreApi over a {@link Dataset} held in memory, with a real store's semantics: external labels
 * added to every series (and winning a name clash), matchers on them answered from their values,
 * {@code without_replica_labels} removed before sorting, series filtered by time, XOR chunks of at
 * most 120 samples. It is the reference the acceptance suite is checked against, and a handy
 * upstream for tests of the querier's fan-out.
 */
public final class InMemoryStore implements StoreApi {

  /** Prometheus cuts a chunk at 120 samples. */
  public static final int SAMPLES_PER_CHUNK = 120;

  private final Dataset data;
  private final Labels external;
  private final String componentType;
  private final List<Encoded> series = new ArrayList<>();

  private record Encoded(SeriesData data, Labels labels, List<AggrChunk> chunks) {}

  public InMemoryStore(Dataset data, Labels external) {
    this(data, external, "store");
  }

  public InMemoryStore(Dataset data, Labels external, String componentType) {
    this.data = data;
    this.external = external;
    this.componentType = componentType;
    for (SeriesData s : data.series()) {
      Labels.Builder b = s.labels().toBuilder();
      external.forEach(b::set); // external labels win a clash, as in Thanos' sidecar and store gateway
      series.add(new Encoded(s, b.build(), chunks(s)));
    }
  }

  private static List<AggrChunk> chunks(SeriesData s) {
    List<AggrChunk> out = new ArrayList<>();
    for (int from = 0; from < s.size(); from += SAMPLES_PER_CHUNK) {
      int to = Math.min(from + SAMPLES_PER_CHUNK, s.size());
      byte[] bytes = XorChunk.encode(s.timestamps(), s.values(), from, to);
      out.add(AggrChunk.newBuilder()
          .setMinTime(s.timestamps()[from])
          .setMaxTime(s.timestamps()[to - 1])
          .setRaw(Chunk.newBuilder().setType(Chunk.Encoding.XOR).setData(com.google.protobuf.ByteString.copyFrom(bytes)))
          .build());
    }
    return out;
  }

  @Override
  public InfoResponse info() {
    long min = data.series().isEmpty() ? Long.MAX_VALUE : data.minTime();
    long max = data.series().isEmpty() ? Long.MIN_VALUE : data.maxTime();
    return InfoResponse.newBuilder()
        .setComponentType(componentType)
        .addLabelSets(StoreProtos.toLabelSet(external))
        .setStore(StoreInfo.newBuilder()
            .setMinTime(min)
            .setMaxTime(max)
            .setSupportsWithoutReplicaLabels(true)
            .addTsdbInfos(TSDBInfo.newBuilder().setLabels(StoreProtos.toLabelSet(external)).setMinTime(min).setMaxTime(max)))
        .build();
  }

  @Override
  public SeriesSet series(SeriesRequest req) {
    List<Matcher> matchers = StoreProtos.matchers(req.getMatchersList());
    Set<String> without = new HashSet<>(req.getWithoutReplicaLabelsList());
    List<Series> out = new ArrayList<>();
    List<Labels> outLabels = new ArrayList<>();
    for (Encoded e : select(matchers, req.getMinTime(), req.getMaxTime())) {
      Labels labels = e.labels.without(without);
      Series.Builder b = Series.newBuilder().addAllLabels(StoreProtos.toProto(labels));
      if (!req.getSkipChunks()) {
        for (AggrChunk c : e.chunks) {
          if (c.getMaxTime() >= req.getMinTime() && c.getMinTime() <= req.getMaxTime()) {
            b.addChunks(c);
          }
        }
      }
      out.add(b.build());
      outLabels.add(labels);
    }
    sortByLabels(out, outLabels);
    if (req.getLimit() > 0 && out.size() > req.getLimit()) {
      out = out.subList(0, (int) req.getLimit());
    }
    return ListSeriesSet.of(out);
  }

  private static void sortByLabels(List<Series> series, List<Labels> labels) {
    Integer[] order = new Integer[series.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Labels.compare(labels.get(a), labels.get(b)));
    List<Series> sorted = new ArrayList<>(series.size());
    for (Integer i : order) {
      sorted.add(series.get(i));
    }
    series.clear();
    series.addAll(sorted);
  }

  @Override
  public LabelNamesResponse labelNames(LabelNamesRequest req) {
    List<Matcher> matchers = StoreProtos.matchers(req.getMatchersList());
    Set<String> without = new HashSet<>(req.getWithoutReplicaLabelsList());
    TreeSet<String> names = new TreeSet<>(StringOrder.UTF8);
    for (Encoded e : select(matchers, start(req.getStart(), req.getEnd()), end(req.getStart(), req.getEnd()))) {
      for (int i = 0; i < e.labels.size(); i++) {
        if (!without.contains(e.labels.name(i))) {
          names.add(e.labels.name(i));
        }
      }
    }
    return LabelNamesResponse.newBuilder().addAllNames(limit(names, req.getLimit())).build();
  }

  @Override
  public LabelValuesResponse labelValues(LabelValuesRequest req) {
    if (req.getLabel().isEmpty()) {
      throw Status.INVALID_ARGUMENT.withDescription("label name parameter cannot be empty").asRuntimeException();
    }
    List<Matcher> matchers = StoreProtos.matchers(req.getMatchersList());
    TreeSet<String> values = new TreeSet<>(StringOrder.UTF8);
    if (!req.getWithoutReplicaLabelsList().contains(req.getLabel())) {
      for (Encoded e : select(matchers, start(req.getStart(), req.getEnd()), end(req.getStart(), req.getEnd()))) {
        String v = e.labels.get(req.getLabel());
        if (!v.isEmpty()) {
          values.add(v);
        }
      }
    }
    return LabelValuesResponse.newBuilder().addAllValues(limit(values, req.getLimit())).build();
  }

  /** Series whose labels (external ones included) match and that have a sample in [mint, maxt]. */
  private List<Encoded> select(List<Matcher> matchers, long mint, long maxt) {
    List<Encoded> out = new ArrayList<>();
    for (Encoded e : series) {
      if (matchesAll(matchers, e.labels) && hasSampleIn(e.data, mint, maxt)) {
        out.add(e);
      }
    }
    return out;
  }

  private static boolean matchesAll(List<Matcher> matchers, Labels labels) {
    for (Matcher m : matchers) {
      if (!m.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasSampleIn(SeriesData s, long mint, long maxt) {
    for (long t : s.timestamps()) {
      if (t >= mint && t <= maxt) {
        return true;
      }
    }
    return false;
  }

  // Label requests without a time range (both zero) cover all time, like Prometheus' API defaults.
  private static long start(long start, long end) {
    return start == 0 && end == 0 ? Long.MIN_VALUE : start;
  }

  private static long end(long start, long end) {
    return start == 0 && end == 0 ? Long.MAX_VALUE : end;
  }

  private static List<String> limit(Collection<String> values, long limit) {
    List<String> out = new ArrayList<>(values);
    return limit > 0 && out.size() > limit ? out.subList(0, (int) limit) : out;
  }
}
