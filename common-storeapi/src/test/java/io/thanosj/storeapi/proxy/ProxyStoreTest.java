package io.thanosj.storeapi.proxy;

import static io.thanosj.storeapi.proxy.FixedStore.chunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.thanosj.labels.Labels;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.StoreProtos;
import io.thanosj.storeapi.proto.AggrChunk;
import io.thanosj.storeapi.proto.LabelMatcher;
import io.thanosj.storeapi.proto.LabelNamesRequest;
import io.thanosj.storeapi.proto.PartialResponseStrategy;
import io.thanosj.storeapi.proto.Series;
import io.thanosj.storeapi.proto.SeriesRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class ProxyStoreTest {

  private final List<ProxyEndpoint> endpoints = new ArrayList<>();
  private final ProxyStore proxy = new ProxyStore(() -> endpoints, Executors.newCachedThreadPool());

  private FixedStore endpoint(String name, long min, long max, Labels... labelSets) {
    FixedStore s = new FixedStore();
    endpoints.add(new ProxyEndpoint(name, s, List.of(labelSets), min, max, true, ""));
    return s;
  }

  private static SeriesRequest request(long min, long max, PartialResponseStrategy strategy, LabelMatcher... matchers) {
    return SeriesRequest.newBuilder().setMinTime(min).setMaxTime(max).setPartialResponseStrategy(strategy)
        .addAllMatchers(List.of(matchers)).build();
  }

  private static SeriesRequest request(LabelMatcher... matchers) {
    return request(0, 1000, PartialResponseStrategy.WARN, matchers);
  }

  private static LabelMatcher eq(String name, String value) {
    return LabelMatcher.newBuilder().setType(LabelMatcher.Type.EQ).setName(name).setValue(value).build();
  }

  private record Got(List<Labels> labels, List<List<AggrChunk>> chunks, List<String> warnings) {}

  private Got collect(SeriesRequest req) {
    List<Labels> labels = new ArrayList<>();
    List<List<AggrChunk>> chunks = new ArrayList<>();
    try (SeriesSet set = proxy.series(req)) {
      while (set.next()) {
        Series s = set.at();
        labels.add(StoreProtos.labels(s.getLabelsList()));
        chunks.add(s.getChunksList());
      }
      return new Got(labels, chunks, List.copyOf(set.warnings()));
    }
  }

  @Test
  void mergesSortedStreamsOfSeveralEndpointsIntoOneSortedStream() {
    endpoint("a", 0, 1000).add(Labels.of("n", "1")).add(Labels.of("n", "3")).add(Labels.of("n", "5"));
    endpoint("b", 0, 1000).add(Labels.of("n", "2")).add(Labels.of("n", "4"));
    endpoint("c", 0, 1000).add(Labels.of("n", "0")).add(Labels.of("n", "6"));
    assertThat(collect(request(eq("__name__", "x"))).labels()).extracting(l -> l.get("n"))
        .containsExactly("0", "1", "2", "3", "4", "5", "6");
  }

  @Test
  void identicalSeriesFromSeveralEndpointsBecomeOneWithoutDuplicateChunks() {
    Labels l = Labels.of("__name__", "up");
    endpoint("a", 0, 1000).add(l, chunk(0, 99, "a1"), chunk(100, 199, "same"));
    endpoint("b", 0, 1000).add(l, chunk(100, 199, "same"), chunk(200, 299, "b3"));
    Got got = collect(request(eq("__name__", "up")));
    assertThat(got.labels()).containsExactly(l);
    assertThat(got.chunks().get(0)).extracting(AggrChunk::getMinTime).containsExactly(0L, 100L, 200L);
  }

  @Test
  void adjacentFramesOfOneLabelSetFromOneEndpointAreJoined() {
    Labels l = Labels.of("__name__", "up");
    endpoint("a", 0, 1000).add(l, chunk(200, 299, "later")).add(l, chunk(0, 99, "earlier"));
    Got got = collect(request(eq("__name__", "up")));
    assertThat(got.labels()).containsExactly(l);
    assertThat(got.chunks().get(0)).extracting(AggrChunk::getMinTime).containsExactly(0L, 200L);
  }

  @Test
  void endpointsAreSelectedByTimeRangeAndExternalLabels() {
    FixedStore old = endpoint("old", 0, 99, Labels.of("cluster", "eu"));
    FixedStore eu = endpoint("eu", 100, 1000, Labels.of("cluster", "eu"));
    FixedStore us = endpoint("us", 100, 1000, Labels.of("cluster", "us"));
    FixedStore any = endpoint("unlabelled", 100, 1000);
    collect(request(150, 200, PartialResponseStrategy.WARN, eq("cluster", "eu"), eq("__name__", "up")));
    assertThat(old.seriesCalls).hasValue(0);
    assertThat(eu.seriesCalls).hasValue(1);
    assertThat(us.seriesCalls).hasValue(0);
    assertThat(any.seriesCalls).hasValue(1);
    // A matcher on a label the endpoint does not have as external label does not exclude it.
    collect(request(150, 200, PartialResponseStrategy.WARN, eq("job", "x")));
    assertThat(us.seriesCalls).hasValue(1);
  }

  @Test
  void underWarnAFailingEndpointBecomesAWarningNamingIt() {
    endpoint("good:10901", 0, 1000).add(Labels.of("n", "1"));
    endpoint("bad:10901", 0, 1000).failure = Status.UNAVAILABLE.withDescription("connection refused");
    Got got = collect(request(eq("__name__", "x")));
    assertThat(got.labels()).containsExactly(Labels.of("n", "1"));
    assertThat(got.warnings()).singleElement().asString().contains("bad:10901").contains("connection refused");
  }

  @Test
  void underWarnAStreamFailingMidwayKeepsWhatOthersSent() {
    endpoint("good", 0, 1000).add(Labels.of("n", "1")).add(Labels.of("n", "3"));
    FixedStore bad = endpoint("bad", 0, 1000).add(Labels.of("n", "2")).add(Labels.of("n", "4"));
    bad.failure = Status.INTERNAL.withDescription("boom");
    bad.failAfter = 1;
    Got got = collect(request(eq("__name__", "x")));
    assertThat(got.labels()).extracting(l -> l.get("n")).containsExactly("1", "2", "3");
    assertThat(got.warnings()).singleElement().asString().contains("receive series from bad").contains("boom");
  }

  @Test
  void underAbortAFailingEndpointFailsTheRequestNamingIt() {
    endpoint("good", 0, 1000).add(Labels.of("n", "1"));
    endpoint("bad:10901", 0, 1000).failure = Status.UNAVAILABLE.withDescription("connection refused");
    assertThatThrownBy(() -> collect(request(0, 1000, PartialResponseStrategy.ABORT, eq("__name__", "x"))))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
          assertThat(e.getStatus().getDescription()).contains("bad:10901").contains("connection refused");
        });
  }

  @Test
  void storeWarningsPassUnderWarnAndFailUnderAbort() {
    FixedStore s = endpoint("s", 0, 1000).add(Labels.of("n", "1"));
    s.warnings.add("some block was unreadable");
    assertThat(collect(request(eq("__name__", "x"))).warnings()).containsExactly("some block was unreadable");
    assertThatThrownBy(() -> collect(request(0, 1000, PartialResponseStrategy.ABORT, eq("__name__", "x"))))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getDescription()).isEqualTo("some block was unreadable"));
  }

  @Test
  void aDownEndpointThatCouldMatchIsReportedAndNotCalled() {
    endpoint("up", 0, 1000).add(Labels.of("n", "1"));
    FixedStore down = new FixedStore();
    endpoints.add(new ProxyEndpoint("down:10901", down, List.of(Labels.of("replica", "b")), 0, 1000, true, "rpc error: unavailable"));
    Got got = collect(request(eq("__name__", "x")));
    assertThat(got.labels()).hasSize(1);
    assertThat(got.warnings()).singleElement().asString().contains("down:10901").contains("unavailable");
    assertThat(down.seriesCalls).hasValue(0);
    // One that could not have matched anyway is not mentioned.
    assertThat(collect(request(eq("replica", "a"))).warnings()).isEmpty();
    assertThatThrownBy(() -> collect(request(0, 1000, PartialResponseStrategy.ABORT, eq("__name__", "x"))))
        .hasMessageContaining("down:10901");
  }

  @Test
  void theLimitCapsTheMergedSeries() {
    endpoint("a", 0, 1000).add(Labels.of("n", "1")).add(Labels.of("n", "3"));
    endpoint("b", 0, 1000).add(Labels.of("n", "2")).add(Labels.of("n", "4"));
    assertThat(collect(request(eq("__name__", "x")).toBuilder().setLimit(3).build()).labels()).hasSize(3);
  }

  @Test
  void replicaLabelsAreStrippedForEndpointsThatCannotDoItThemselves() {
    FixedStore legacy = new FixedStore()
        .add(Labels.of("a", "1", "replica", "x"))
        .add(Labels.of("a", "1", "replica", "y"))
        .add(Labels.of("a", "1", "b", "2", "replica", "x"));
    endpoints.add(new ProxyEndpoint("legacy", legacy, List.of(), 0, 1000, false, ""));
    Got got = collect(request(eq("__name__", "x")).toBuilder().addWithoutReplicaLabels("replica").build());
    assertThat(got.labels()).containsExactly(Labels.of("a", "1"), Labels.of("a", "1", "b", "2"));
    assertThat(legacy.lastRequest.getWithoutReplicaLabelsCount()).isZero();
  }

  @Test
  void labelNamesAreTheSortedUnionAndFailuresFollowTheStrategy() {
    endpoint("a", 0, 1000).names.addAll(List.of("job", "__name__"));
    endpoint("b", 0, 1000).names.addAll(List.of("zone", "job"));
    LabelNamesRequest req = LabelNamesRequest.newBuilder().setStart(0).setEnd(1000).build();
    assertThat(proxy.labelNames(req).getNamesList()).containsExactly("__name__", "job", "zone");
    endpoint("c:1", 0, 1000).failure = Status.UNAVAILABLE.withDescription("down");
    assertThat(proxy.labelNames(req).getWarningsList()).singleElement().asString().contains("c:1");
    assertThatThrownBy(() -> proxy.labelNames(req.toBuilder().setPartialResponseStrategy(PartialResponseStrategy.ABORT).build()))
        .hasMessageContaining("c:1");
  }

  @Test
  void infoIsTheUnionOfHealthyEndpoints() {
    endpoint("a", 100, 200, Labels.of("replica", "a"));
    endpoint("b", 50, 150, Labels.of("replica", "b"));
    endpoints.add(new ProxyEndpoint("c", new FixedStore(), List.of(Labels.of("replica", "c")), 0, 999, true, "down"));
    var info = proxy.info();
    assertThat(info.getComponentType()).isEqualTo("query");
    assertThat(StoreProtos.labelSets(info.getLabelSetsList())).containsExactly(Labels.of("replica", "a"), Labels.of("replica", "b"));
    assertThat(info.getStore().getMinTime()).isEqualTo(50);
    assertThat(info.getStore().getMaxTime()).isEqualTo(200);
  }
}
