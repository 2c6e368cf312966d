package io.thanosj.storeapi.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.thanosj.labels.Labels;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.StoreProtos;
import io.thanosj.storeapi.proto.LabelMatcher;
import io.thanosj.storeapi.proto.LabelNamesRequest;
import io.thanosj.storeapi.proto.LabelValuesRequest;
import io.thanosj.storeapi.proto.Series;
import io.thanosj.storeapi.proto.SeriesBatch;
import io.thanosj.storeapi.proto.SeriesRequest;
import io.thanosj.storeapi.proto.SeriesResponse;
import io.thanosj.storeapi.proto.StoreGrpc;
import io.thanosj.storeapi.proto.StoreType;
import io.thanosj.storeapi.proto.info.InfoResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server adapter and the client against each other over grpc-java's in-process transport. */
class StoreApiGrpcRoundTripTest {

  private static final SeriesRequest ALL =
      SeriesRequest.newBuilder()
          .setMinTime(0)
          .setMaxTime(Long.MAX_VALUE)
          .addMatchers(LabelMatcher.newBuilder().setType(LabelMatcher.Type.EQ).setName("__name__").setValue("up"))
          .build();

  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable r : resources) {
      r.close();
    }
    executor.shutdownNow();
  }

  private GrpcStoreClient serve(ScriptedStore store, GrpcStoreClient.Options options) throws IOException {
    String name = InProcessServerBuilder.generateName();
    InProcessServerBuilder b = InProcessServerBuilder.forName(name).directExecutor();
    StoreApiServices.of(store, executor).forEach(b::addService);
    Server server = b.build().start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    resources.add(() -> {
      channel.shutdownNow();
      server.shutdownNow();
    });
    return new GrpcStoreClient(channel, "inproc:" + name, options);
  }

  private static List<Labels> readAll(SeriesSet set) {
    List<Labels> out = new ArrayList<>();
    try (set) {
      while (set.next()) {
        out.add(StoreProtos.labels(set.at().getLabelsList()));
      }
    }
    return out;
  }

  @Test
  void streamsEverySeriesInOrderOneFramePerSeries() throws Exception {
    ScriptedStore store = new ScriptedStore(1000, Map.of());
    GrpcStoreClient client = serve(store, GrpcStoreClient.Options.DEFAULT);

    List<Labels> got = readAll(client.series(ALL));

    assertThat(got).hasSize(1000);
    assertThat(got.get(0)).isEqualTo(Labels.of("__name__", "up", "i", "000000"));
    assertThat(got).isSorted();
    assertThat(store.lastRequest).isEqualTo(ALL);
  }

  @Test
  void honoursResponseBatchSizeAndFlushesTheBatchBeforeAWarning() throws Exception {
    ScriptedStore store = new ScriptedStore(150, Map.of(99, "partial data from block X"));
    GrpcStoreClient client = serve(store, GrpcStoreClient.Options.DEFAULT);
    SeriesRequest batched = ALL.toBuilder().setResponseBatchSize(64).build();

    // The raw frames, as a Thanos v0.41+ querier would see them.
    ManagedChannel raw = (ManagedChannel) channelOf(client);
    List<String> frames = new ArrayList<>();
    Iterator<SeriesResponse> it = StoreGrpc.newBlockingStub(raw).series(batched);
    while (it.hasNext()) {
      SeriesResponse r = it.next();
      frames.add(r.getResultCase() == SeriesResponse.ResultCase.BATCH
          ? "batch:" + r.getBatch().getSeriesCount()
          : r.getResultCase() + ":" + r.getWarning());
    }
    assertThat(frames).containsExactly("batch:64", "batch:36", "WARNING:partial data from block X", "batch:50");

    SeriesSet set = client.series(batched);
    assertThat(readAll(set)).hasSize(150).isSorted();
    assertThat(set.warnings()).containsExactly("partial data from block X");
  }

  @Test
  void serverPullsNoFurtherThanTheClientConsumes() throws Exception {
    ScriptedStore store = new ScriptedStore(10_000, Map.of());
    GrpcStoreClient client = serve(store, new GrpcStoreClient.Options(Duration.ZERO, Integer.MAX_VALUE, 8));

    try (SeriesSet set = client.series(ALL)) {
      for (int i = 0; i < 5; i++) {
        assertThat(set.next()).isTrue();
      }
      // Give the server every chance to run ahead; flow control must stop it.
      Thread.sleep(300);
      // 8 prefetched + 5 consumed (each consumption asks for one more) + one frame in flight.
      assertThat(store.pulled.get()).isBetween(5, 5 + 8 + 1);
      int n = 5;
      while (set.next()) {
        n++;
      }
      assertThat(n).isEqualTo(10_000);
    }
  }

  @Test
  void closingTheSetCancelsTheServerStream() throws Exception {
    ScriptedStore store = new ScriptedStore(10_000, Map.of());
    GrpcStoreClient client = serve(store, GrpcStoreClient.Options.DEFAULT);

    SeriesSet set = client.series(ALL);
    for (int i = 0; i < 10; i++) {
      assertThat(set.next()).isTrue();
    }
    set.close();

    assertThat(store.closed.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(store.closedBeforeEnd).isTrue();
    assertThat(store.pulled.get()).isLessThan(100);
    assertThat(set.next()).isFalse();
  }

  @Test
  void cancellingTheCallersContextCancelsTheServerStream() throws Exception {
    ScriptedStore store = new ScriptedStore(10_000, Map.of());
    GrpcStoreClient client = serve(store, GrpcStoreClient.Options.DEFAULT);

    Context.CancellableContext caller = Context.current().withCancellation();
    SeriesSet set = caller.call(() -> client.series(ALL));
    assertThat(set.next()).isTrue();
    caller.cancel(null);

    assertThat(store.closed.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(store.closedBeforeEnd).isTrue();
    assertThatThrownBy(() -> readAll(set))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.CANCELLED));
  }

  @Test
  void aDeadlineEndsTheStreamWithDeadlineExceededNamingTheEndpoint() throws Exception {
    ScriptedStore store = new ScriptedStore(10, Map.of());
    store.blockNext = new CountDownLatch(1);
    GrpcStoreClient client = serve(store, GrpcStoreClient.Options.DEFAULT.withTimeout(Duration.ofMillis(200)));

    try (SeriesSet set = client.series(ALL)) {
      assertThatThrownBy(set::next)
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
                assertThat(e.getStatus().getDescription()).startsWith("store inproc:");
              });
    } finally {
      store.blockNext.countDown();
    }
    assertThat(store.closed.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void storeErrorsKeepTheirStatusOrBecomeInvalidArgumentOrInternal() throws Exception {
    ScriptedStore store = new ScriptedStore(10, Map.of());
    GrpcStoreClient client = serve(store, GrpcStoreClient.Options.DEFAULT);
    LabelValuesRequest req = LabelValuesRequest.newBuilder().setLabel("i").build();

    store.failure = () -> Status.RESOURCE_EXHAUSTED.withDescription("exceeded series limit").asRuntimeException();
    assertThatThrownBy(() -> client.labelValues(req)).satisfies(e -> assertStatus(e, Status.Code.RESOURCE_EXHAUSTED, "exceeded series limit"));
    assertThatThrownBy(() -> readAll(client.series(ALL))).satisfies(e -> assertStatus(e, Status.Code.RESOURCE_EXHAUSTED, "exceeded series limit"));

    store.failure = () -> new IllegalArgumentException("mint after maxt");
    assertThatThrownBy(() -> client.labelValues(req)).satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "mint after maxt"));

    store.failure = () -> new IllegalStateException("index corrupt at offset 42");
    assertThatThrownBy(() -> client.labelValues(req)).satisfies(e -> assertStatus(e, Status.Code.INTERNAL, "index corrupt at offset 42"));
  }

  @Test
  void anInvalidRegexIsInvalidArgumentNamingTheMatcher() throws Exception {
    GrpcStoreClient client = serve(new ScriptedStore(10, Map.of()), GrpcStoreClient.Options.DEFAULT);
    LabelMatcher bad = LabelMatcher.newBuilder().setType(LabelMatcher.Type.RE).setName("job").setValue("a(b").build();

    assertThatThrownBy(() -> readAll(client.series(ALL.toBuilder().addMatchers(bad).build())))
        .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "job=~\"a(b\""));
    assertThatThrownBy(() -> client.labelNames(LabelNamesRequest.newBuilder().addMatchers(bad).build()))
        .satisfies(e -> assertStatus(e, Status.Code.INVALID_ARGUMENT, "job=~\"a(b\""));
  }

  @Test
  void malformedRequestBytesAreInvalidArgument() throws Exception {
    GrpcStoreClient client = serve(new ScriptedStore(10, Map.of()), GrpcStoreClient.Options.DEFAULT);
    ManagedChannel channel = (ManagedChannel) channelOf(client);
    byte[] truncatedVarint = {0x08, (byte) 0xff}; // field 1 as a varint whose last byte is missing
    byte[] truncatedMessage = {0x0a, 0x05, 0x01}; // a length-delimited field 1 announcing 5 bytes, holding 1
    byte[] badUtf8 = {0x1a, 0x04, 0x12, 0x02, (byte) 0xc3, 0x28}; // matchers[0].name is not UTF-8

    Map<String, List<byte[]>> cases = Map.of(
        "thanos.Store/Series", List.of(truncatedVarint, truncatedMessage, badUtf8),
        "thanos.Store/LabelNames", List.of(truncatedVarint, truncatedMessage),
        // InfoRequest has no fields, so unknown fields are legal; only broken framing is not.
        "thanos.info.Info/Info", List.of(truncatedMessage));
    cases.forEach((method, bodies) -> {
      for (byte[] body : bodies) {
        StatusRuntimeException e = callRaw(channel, method, body);
        assertThat(e.getStatus().getCode()).as(method).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).startsWith("malformed " + method + " request");
      }
    });
  }

  @Test
  void infoServiceAndLegacyStoreInfoAnswerFromTheSameInfo() throws Exception {
    ScriptedStore store = new ScriptedStore(10, Map.of());
    GrpcStoreClient client = serve(store, GrpcStoreClient.Options.DEFAULT);

    assertThat(client.info()).isEqualTo(store.info());

    var legacy = StoreGrpc.newBlockingStub(channelOf(client)).info(io.thanosj.storeapi.proto.InfoRequest.getDefaultInstance());
    assertThat(legacy.getStoreType()).isEqualTo(StoreType.SIDECAR);
    assertThat(legacy.getMinTime()).isEqualTo(10);
    assertThat(legacy.getMaxTime()).isEqualTo(Long.MAX_VALUE);
    assertThat(StoreProtos.labels(legacy.getLabelsList())).isEqualTo(Labels.of("replica", "a"));
    assertThat(StoreProtos.labelSets(legacy.getLabelSetsList())).containsExactly(Labels.of("replica", "a"));
  }

  @Test
  void clientFallsBackToLegacyStoreInfoWhenInfoServiceIsUnimplemented() throws Exception {
    ScriptedStore store = new ScriptedStore(10, Map.of());
    String name = InProcessServerBuilder.generateName();
    // A Thanos v0.36-style store: only thanos.Store, no thanos.info.Info.
    Server server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(new StoreGrpcService(store, executor)).build().start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    resources.add(() -> {
      channel.shutdownNow();
      server.shutdownNow();
    });

    InfoResponse info = new GrpcStoreClient(channel, name, GrpcStoreClient.Options.DEFAULT).info();

    assertThat(info.getComponentType()).isEqualTo("sidecar");
    assertThat(info.getStore().getMinTime()).isEqualTo(10);
    assertThat(info.hasRules() && info.hasTargets() && info.hasMetricMetadata() && info.hasExemplars()).isTrue();
    assertThat(info.hasQuery()).isFalse();
    assertThat(StoreProtos.labelSets(info.getLabelSetsList())).containsExactly(Labels.of("replica", "a"));
  }

  @Test
  void clientAcceptsSeriesAndBatchFramesSkipsHintsAndCollectsWarnings() throws Exception {
    String name = InProcessServerBuilder.generateName();
    // Frames a Thanos store gateway may send, in one stream.
    StoreGrpc.StoreImplBase thanosLike = new StoreGrpc.StoreImplBase() {
      @Override
      public void series(SeriesRequest request, StreamObserver<SeriesResponse> out) {
        out.onNext(SeriesResponse.newBuilder().setSeries(ScriptedStore.series(0)).build());
        out.onNext(SeriesResponse.newBuilder().setHints(com.google.protobuf.Any.newBuilder()
            .setTypeUrl("type.googleapis.com/hintspb.SeriesResponseHints")).build());
        out.onNext(SeriesResponse.newBuilder().setBatch(SeriesBatch.newBuilder()
            .addSeries(ScriptedStore.series(1)).addSeries(ScriptedStore.series(2))).build());
        out.onNext(SeriesResponse.newBuilder().setBatch(SeriesBatch.getDefaultInstance()).build());
        out.onNext(SeriesResponse.newBuilder().setWarning("w1").build());
        out.onNext(SeriesResponse.newBuilder().setSeries(ScriptedStore.series(3)).build());
        out.onCompleted();
      }
    };
    Server server = InProcessServerBuilder.forName(name).directExecutor().addService(thanosLike).build().start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    resources.add(() -> {
      channel.shutdownNow();
      server.shutdownNow();
    });

    SeriesSet set = new GrpcStoreClient(channel, name, GrpcStoreClient.Options.DEFAULT).series(ALL);
    List<Labels> got = readAll(set);

    assertThat(got).extracting(l -> l.get("i")).containsExactly("000000", "000001", "000002", "000003");
    assertThat(set.warnings()).containsExactly("w1");
  }

  private static void assertStatus(Throwable e, Status.Code code, String descriptionPart) {
    assertThat(e).isInstanceOf(StatusRuntimeException.class);
    Status s = ((StatusRuntimeException) e).getStatus();
    assertThat(s.getCode()).isEqualTo(code);
    assertThat(s.getDescription()).contains(descriptionPart);
  }

  private static io.grpc.Channel channelOf(GrpcStoreClient client) {
    try {
      var f = GrpcStoreClient.class.getDeclaredField("channel");
      f.setAccessible(true);
      return (io.grpc.Channel) f.get(client);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static StatusRuntimeException callRaw(ManagedChannel channel, String fullMethod, byte[] body) {
    MethodDescriptor.Marshaller<byte[]> bytes = new MethodDescriptor.Marshaller<>() {
      @Override
      public InputStream stream(byte[] value) {
        return new ByteArrayInputStream(value);
      }

      @Override
      public byte[] parse(InputStream stream) {
        try {
          return stream.readAllBytes();
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      }
    };
    MethodDescriptor.MethodType type = fullMethod.endsWith("Series") ? MethodDescriptor.MethodType.SERVER_STREAMING : MethodDescriptor.MethodType.UNARY;
    MethodDescriptor<byte[], byte[]> m = MethodDescriptor.<byte[], byte[]>newBuilder(bytes, bytes)
        .setFullMethodName(fullMethod).setType(type).build();
    try {
      Iterator<byte[]> it = ClientCalls.blockingServerStreamingCall(channel, m, CallOptions.DEFAULT, body);
      while (it.hasNext()) {
        it.next();
      }
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError(fullMethod + " accepted malformed bytes " + java.util.HexFormat.of().formatHex(body));
  }
}
