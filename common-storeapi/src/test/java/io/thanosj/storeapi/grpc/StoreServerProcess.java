package io.thanosj.storeapi.grpc;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.thanosj.labels.Labels;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.StoreApi;
import io.thanosj.storeapi.acceptance.Dataset;
import io.thanosj.storeapi.acceptance.InMemoryStore;
import io.thanosj.storeapi.acceptance.SeriesData;
import io.thanosj.storeapi.proto.LabelNamesRequest;
import io.thanosj.storeapi.proto.LabelNamesResponse;
import io.thanosj.storeapi.proto.LabelValuesRequest;
import io.thanosj.storeapi.proto.LabelValuesResponse;
import io.thanosj.storeapi.proto.Series;
import io.thanosj.storeapi.proto.SeriesRequest;
import io.thanosj.storeapi.proto.info.InfoResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A separate JVM serving a StoreApi over gRPC for {@code StoreApiAcrossProcessesTest}: 10,000
 * series on a free port. It reports on stdout: {@code LISTENING <port>} once serving, and for each
 * Series stream {@code SERIES_CLOSED sent=<n> complete=<true|false>} when its SeriesSet is closed,
 * which is how the test sees that a client's cancellation reached the server. It exits when stdin
 * closes, so it cannot outlive the test.
 */
public final class StoreServerProcess {

  public static final int SERIES = 10_000;
  public static final int JOBS = 10;
  public static final int SHARDS = 7;
  public static final Labels EXTERNAL = Labels.of("region", "eu-west", "replica", "a");

  /** Series i: {__name__="load", instance="host-%05d", job="job-(i%10)", shard="(i%7)"}, 8 samples. */
  public static Dataset dataset() {
    long start = 1_700_006_400_000L;
    List<SeriesData> series = new ArrayList<>(SERIES);
    for (int i = 0; i < SERIES; i++) {
      long[] ts = new long[8];
      double[] vs = new double[8];
      for (int j = 0; j < ts.length; j++) {
        ts[j] = start + j * 15_000L;
        vs[j] = i + j / 8.0;
      }
      series.add(new SeriesData(
          Labels.of("__name__", "load", "instance", String.format("host-%05d", i), "job", "job-" + (i % JOBS),
              "shard", Integer.toString(i % SHARDS)),
          ts, vs));
    }
    return new Dataset(start, series);
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    StoreApi store = reporting(new InMemoryStore(dataset(), EXTERNAL));
    NettyServerBuilder b = GoCompatibleTransport.configure(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), GoCompatibleTransport.MAX_MESSAGE_SIZE);
    StoreApiServices.of(store, Executors.newFixedThreadPool(4)).forEach(b::addService);
    Server server = b.build().start();
    System.out.println("LISTENING " + server.getPort());
    System.out.flush();
    while (System.in.read() >= 0) {
      // wait for the parent to close our stdin
    }
    server.shutdownNow().awaitTermination();
    System.exit(0);
  }

  private static StoreApi reporting(StoreApi store) {
    return new StoreApi() {
      @Override
      public InfoResponse info() {
        return store.info();
      }

      @Override
      public SeriesSet series(SeriesRequest request) {
        SeriesSet set = store.series(request);
        return new SeriesSet() {
          private int sent;
          private boolean complete;
          private boolean closed;

          @Override
          public boolean next() {
            boolean more = set.next();
            if (more) {
              sent++;
            } else {
              complete = true;
            }
            return more;
          }

          @Override
          public Series at() {
            return set.at();
          }

          @Override
          public List<String> warnings() {
            return set.warnings();
          }

          @Override
          public void close() {
            if (!closed) {
              closed = true;
              set.close();
              System.out.println("SERIES_CLOSED sent=" + sent + " complete=" + complete);
              System.out.flush();
            }
          }
        };
      }

      @Override
      public LabelNamesResponse labelNames(LabelNamesRequest request) {
        return store.labelNames(request);
      }

      @Override
      public LabelValuesResponse labelValues(LabelValuesRequest request) {
        return store.labelValues(request);
      }
    };
  }
}
