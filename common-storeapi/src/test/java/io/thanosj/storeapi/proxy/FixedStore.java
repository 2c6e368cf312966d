package io.thanosj.storeapi.proxy;

import io.grpc.Status;
import io.thanosj.labels.Labels;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A store answering a fixed, sorted list of series (or failing), counting the calls it gets. */
final class FixedStore implements StoreApi {

  final List<Series> series = new ArrayList<>();
  final List<String> warnings = new ArrayList<>();
  final List<String> names = new ArrayList<>();
  final AtomicInteger seriesCalls = new AtomicInteger();
  SeriesRequest lastRequest;
  Status failure;
  int failAfter = -1;

  FixedStore add(Labels labels, AggrChunk... chunks) {
    series.add(Series.newBuilder().addAllLabels(StoreProtos.toProto(labels)).addAllChunks(List.of(chunks)).build());
    return this;
  }

  static AggrChunk chunk(long min, long max, String data) {
    return AggrChunk.newBuilder().setMinTime(min).setMaxTime(max)
        .setRaw(Chunk.newBuilder().setType(Chunk.Encoding.XOR).setData(com.google.protobuf.ByteString.copyFromUtf8(data)))
        .build();
  }

  @Override
  public InfoResponse info() {
    return InfoResponse.getDefaultInstance();
  }

  @Override
  public SeriesSet series(SeriesRequest request) {
    seriesCalls.incrementAndGet();
    lastRequest = request;
    if (failure != null && failAfter < 0) {
      throw failure.asRuntimeException();
    }
    ListSeriesSet list = new ListSeriesSet(series, warnings);
    return new SeriesSet() {
      int n;

      @Override
      public boolean next() {
        if (failure != null && n++ >= failAfter) {
          throw failure.asRuntimeException();
        }
        return list.next();
      }

      @Override
      public Series at() {
        return list.at();
      }

      @Override
      public List<String> warnings() {
        return list.warnings();
      }

      @Override
      public void close() {
        list.close();
      }
    };
  }

  @Override
  public LabelNamesResponse labelNames(LabelNamesRequest request) {
    if (failure != null) {
      throw failure.asRuntimeException();
    }
    return LabelNamesResponse.newBuilder().addAllNames(names).addAllWarnings(warnings).build();
  }

  @Override
  public LabelValuesResponse labelValues(LabelValuesRequest request) {
    if (failure != null) {
      throw failure.asRuntimeException();
    }
    return LabelValuesResponse.newBuilder().addAllValues(names).build();
  }
}
