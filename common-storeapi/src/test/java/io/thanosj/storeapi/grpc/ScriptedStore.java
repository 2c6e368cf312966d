package io.thanosj.storeapi.grpc;

import io.thanosj.labels.Labels;
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
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A store for transport tests: serves {@code count} label-only series, may insert warnings after
 * given positions, counts how far the server pulled and records whether the set was closed early.
 */
final class ScriptedStore implements StoreApi {

  final int count;
  final Map<Integer, String> warningsAfter;
  final AtomicInteger pulled = new AtomicInteger();
  final CountDownLatch closed = new CountDownLatch(1);
  volatile boolean closedBeforeEnd;
  volatile SeriesRequest lastRequest;
  volatile Supplier<RuntimeException> failure;
  volatile CountDownLatch blockNext;

  ScriptedStore(int count, Map<Integer, String> warningsAfter) {
    this.count = count;
    this.warningsAfter = warningsAfter;
  }

  static Series series(int i) {
    return Series.newBuilder()
        .addAllLabels(StoreProtos.toProto(Labels.of("__name__", "up", "i", String.format("%06d", i))))
        .build();
  }

  @Override
  public InfoResponse info() {
    return InfoResponse.newBuilder()
        .setComponentType("sidecar")
        .addLabelSets(StoreProtos.toLabelSet(Labels.of("replica", "a")))
        .setStore(StoreInfo.newBuilder().setMinTime(10).setMaxTime(Long.MAX_VALUE).setSupportsWithoutReplicaLabels(true))
        .build();
  }

  @Override
  public SeriesSet series(SeriesRequest request) {
    lastRequest = request;
    StoreProtos.matchers(request.getMatchersList()); // validates like a real store
    if (failure != null) {
      throw failure.get();
    }
    return new SeriesSet() {
      private int i = -1;
      private final List<String> warnings = new ArrayList<>();
      private boolean ended;

      @Override
      public boolean next() {
        CountDownLatch block = blockNext;
        if (block != null) {
          try {
            block.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        String w = warningsAfter.get(i);
        if (w != null) {
          warnings.add(w);
        }
        if (i + 1 >= count) {
          ended = true;
          return false;
        }
        i++;
        pulled.incrementAndGet();
        return true;
      }

      @Override
      public Series at() {
        return series(i);
      }

      @Override
      public List<String> warnings() {
        return warnings;
      }

      @Override
      public void close() {
        if (!ended) {
          closedBeforeEnd = true;
        }
        closed.countDown();
      }
    };
  }

  @Override
  public LabelNamesResponse labelNames(LabelNamesRequest request) {
    StoreProtos.matchers(request.getMatchersList());
    return LabelNamesResponse.newBuilder().addNames("__name__").addNames("i").build();
  }

  @Override
  public LabelValuesResponse labelValues(LabelValuesRequest request) {
    if (failure != null) {
      throw failure.get();
    }
    return LabelValuesResponse.newBuilder().addValues("up").build();
  }
}
