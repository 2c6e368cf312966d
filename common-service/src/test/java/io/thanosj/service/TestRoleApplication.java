package io.thanosj.service;

import io.thanosj.labels.Labels;
import io.thanosj.service.flags.Flag;
import io.thanosj.service.probe.ReadinessCheck;
import io.thanosj.storeapi.ListSeriesSet;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.StoreApi;
import io.thanosj.storeapi.StoreProtos;
import io.thanosj.storeapi.proto.LabelNamesRequest;
import io.thanosj.storeapi.proto.LabelNamesResponse;
import io.thanosj.storeapi.proto.LabelValuesRequest;
import io.thanosj.storeapi.proto.LabelValuesResponse;
import io.thanosj.storeapi.proto.Series;
import io.thanosj.storeapi.proto.SeriesRequest;
import io.thanosj.storeapi.proto.info.InfoResponse;
import io.thanosj.storeapi.proto.info.StoreInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** A minimal role for service-plumbing tests: a StoreApi with a few series and a readiness gate. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestRoleApplication {

  public record TestRoleFlags(
      @Flag(name = "test.series", defaultValue = "100", help = "How many series the test store serves.") int series) {}

  /** Lets tests flip readiness. */
  public static final AtomicBoolean READY_GATE = new AtomicBoolean(true);

  /** When set, Series streams wait on it before their first series (graceful-shutdown test). */
  public static volatile CountDownLatch seriesGate;

  /** Counts Series calls that reached the store. */
  public static final java.util.concurrent.atomic.AtomicInteger SERIES_CALLS = new java.util.concurrent.atomic.AtomicInteger();

  public static void main(String[] args) {
    ThanosRole.run("test", TestRoleApplication.class, TestRoleFlags.class, args);
  }

  @Bean
  ReadinessCheck testGate() {
    return () -> READY_GATE.get() ? Optional.empty() : Optional.of("test gate closed");
  }

  @Bean
  StoreApi testStore(TestRoleFlags flags) {
    List<Series> series = new ArrayList<>();
    for (int i = 0; i < flags.series(); i++) {
      series.add(Series.newBuilder()
          .addAllLabels(StoreProtos.toProto(Labels.of("__name__", "up", "i", String.format("%05d", i)))).build());
    }
    return new StoreApi() {
      @Override
      public InfoResponse info() {
        return InfoResponse.newBuilder().setComponentType("store")
            .setStore(StoreInfo.newBuilder().setMinTime(0).setMaxTime(1000)).build();
      }

      @Override
      public SeriesSet series(SeriesRequest request) {
        StoreProtos.matchers(request.getMatchersList());
        SERIES_CALLS.incrementAndGet();
        CountDownLatch gate = seriesGate;
        if (gate != null) {
          try {
            gate.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return ListSeriesSet.of(series);
      }

      @Override
      public LabelNamesResponse labelNames(LabelNamesRequest request) {
        return LabelNamesResponse.newBuilder().addNames("__name__").addNames("i").build();
      }

      @Override
      public LabelValuesResponse labelValues(LabelValuesRequest request) {
        return LabelValuesResponse.newBuilder().addValues("up").build();
      }
    };
  }
}
