package io.thanosj.benchmarks.sidecar;

import io.thanosj.benchmarks.harness.LocalEndpoints;
import io.thanosj.benchmarks.harness.FileTrees;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.thanosj.labels.Labels;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.grpc.GrpcStoreClient;
import io.thanosj.storeapi.proto.LabelMatcher;
import io.thanosj.storeapi.proto.SeriesRequest;
import io.thanosj.storeapi.proto.StoreGrpc;
import io.thanosj.storeapi.proto.prompb.Query;
import io.thanosj.storeapi.proto.prompb.ReadRequest;
import io.thanosj.tsdb.block.BlockWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.xerial.snappy.Snappy;

/**
 * Throughput of our sidecar's Series (gRPC, as the querier receives it) against Prometheus' own
 * streamed remote-read answer for the same matchers and time range, over {@code series} series of
 * 2 h of 15 s data in one block. Each side runs {@code -Dwarmup} times (default 40) to warm up, then
 * {@code -Druns} times (default 9); the medians are printed as Markdown rows. The warm-up is long on
 * purpose: on two cores the sidecar's C2 compiler thread competes with the measured work. Its CPU
 * over the 18 timed calls was 1.7 s after 5 warm-up rounds and still ~1 s after 20, but 0.15-0.28 s
 * after 40 or 60, so the timed calls now measure the steady state a long-running sidecar is in.
 * The start and end of the timed calls go to stderr, for per-thread CPU samplers. The remote-read side only drains the HTTP body (no parsing),
 * so it is the upper bound of what a sidecar on top of it can reach. The sidecar side is timed twice
 * per round: decoded by our gRPC store client as the querier does, and drained (each gRPC message's
 * bytes read and counted, not parsed), which does on the gRPC side what (a) does on the HTTP side.
 *
 * <pre>java [-Dwarmup=40] [-Druns=9] -cp benchmarks/target/benchmarks.jar io.thanosj.benchmarks.sidecar.SidecarSeriesVsRemoteRead [dir] [series] [sidecar-jar]</pre>
 */
public final class SidecarSeriesVsRemoteRead {

  private static final long HOUR = 3_600_000L;
  private static final long SCRAPE = 15_000L;
  private static final int RUNS = Integer.getInteger("runs", 9);
  private static final int WARMUP = Integer.getInteger("warmup", 40);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "benchmarks/target/sidecar-bench").toAbsolutePath();
    int series = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    Path jar = Path.of(args.length > 2 ? args[2] : "sidecar-service/target/sidecar-service-0.1.0-SNAPSHOT-exec.jar");
    long end = System.currentTimeMillis() / (2 * HOUR) * (2 * HOUR) - 2 * HOUR;
    long start = end - 2 * HOUR;

    FileTrees.delete(dir);
    Path tsdb = Files.createDirectories(dir.resolve("prometheus"));
    writeBlock(tsdb, series, start);
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  external_labels:\n    cluster: bench\n    replica: \"0\"\n");

    int promPort = LocalEndpoints.freePort();
    int httpPort = LocalEndpoints.freePort();
    int grpcPort = LocalEndpoints.freePort();
    String promUrl = "http://127.0.0.1:" + promPort;
    Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + config,
        "--storage.tsdb.path=" + tsdb, "--storage.tsdb.retention.time=30d",
        "--storage.tsdb.min-block-duration=2h", "--storage.tsdb.max-block-duration=2h",
        "--web.listen-address=127.0.0.1:" + promPort)
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    Process sidecar = null;
    try {
      LocalEndpoints.awaitOk(promUrl + "/-/ready");
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
      // e.g. -Dsidecar.jvm=-XX:StartFlightRecording=filename=/tmp/sidecar.jfr to profile the sidecar
      String extra = System.getProperty("sidecar.jvm", "").strip();
      if (!extra.isEmpty()) {
        command.addAll(List.of(extra.split("\\s+")));
      }
      command.addAll(List.of("-jar", jar.toString(), "--prometheus.url=" + promUrl, "--tsdb.path=" + tsdb,
          "--http-address=127.0.0.1:" + httpPort, "--grpc-address=127.0.0.1:" + grpcPort));
      sidecar = new ProcessBuilder(command)
          .redirectErrorStream(true).redirectOutput(dir.resolve("sidecar.log").toFile()).start();
      LocalEndpoints.awaitOk("http://127.0.0.1:" + httpPort + "/-/ready");

      byte[] remoteRead = Snappy.compress(ReadRequest.newBuilder()
          .addQueries(Query.newBuilder().setStartTimestampMs(start).setEndTimestampMs(end - 1)
              .addMatchers(io.thanosj.storeapi.proto.prompb.LabelMatcher.newBuilder()
                  .setType(io.thanosj.storeapi.proto.prompb.LabelMatcher.Type.EQ).setName("__name__").setValue("load")))
          .addAcceptedResponseTypes(ReadRequest.ResponseType.STREAMED_XOR_CHUNKS)
          .build().toByteArray());
      SeriesRequest seriesRequest = SeriesRequest.newBuilder().setMinTime(start).setMaxTime(end - 1)
          .addMatchers(LabelMatcher.newBuilder().setType(LabelMatcher.Type.EQ).setName("__name__").setValue("load"))
          // As Thanos' querier asks (store.DefaultResponseBatchSize); 1 = one series per frame.
          .setResponseBatchSize(Integer.getInteger("batch", 64))
          .build();

      long[] promNanos = new long[RUNS];
      long[] sidecarNanos = new long[RUNS];
      long[] drainedNanos = new long[RUNS];
      long bytes = 0;
      long grpcBytes = 0;
      long[] counts = null;
      long sidecarCpuNanos = 0;
      ManagedChannel raw = ManagedChannelBuilder.forTarget("127.0.0.1:" + grpcPort).usePlaintext()
          .maxInboundMessageSize(Integer.MAX_VALUE).build();
      try (GrpcStoreClient client = GrpcStoreClient.connect("127.0.0.1:" + grpcPort, GrpcStoreClient.Options.DEFAULT)) {
        for (int run = -WARMUP; run < RUNS; run++) {
          if (run == 0) {
            // Lets a per-thread CPU sampler of the sidecar cut its samples at the timed runs.
            System.err.println("timed runs start at " + java.time.Instant.now());
          }
          long t0 = System.nanoTime();
          bytes = drainRemoteRead(promUrl, remoteRead);
          long t1 = System.nanoTime();
          long cpu0 = cpuNanos(sidecar);
          counts = drainSeries(client, seriesRequest);
          long t2 = System.nanoTime();
          grpcBytes = drainSeriesBytes(raw, seriesRequest);
          long t3 = System.nanoTime();
          long cpu1 = cpuNanos(sidecar);
          if (run >= 0) {
            sidecarCpuNanos += cpu1 - cpu0;
            promNanos[run] = t1 - t0;
            sidecarNanos[run] = t2 - t1;
            drainedNanos[run] = t3 - t2;
          }
        }
      } finally {
        raw.shutdownNow();
      }
      System.err.println("timed runs end at " + java.time.Instant.now());
      if (counts[0] != series) {
        throw new IllegalStateException("the sidecar returned " + counts[0] + " series, expected " + series);
      }
      double prom = median(promNanos) / 1e6;
      double ours = median(sidecarNanos) / 1e6;
      double drained = median(drainedNanos) / 1e6;
      long samples = (long) series * (2 * HOUR / SCRAPE);
      System.out.printf("| %,d series x 2h (%,d samples, %,d chunks, remote-read body %,d bytes), Series decoded by the store client | %.0f ms | %.0f ms | %.2f |%n",
          series, samples, counts[1], bytes, prom, ours, prom / ours);
      System.out.printf("| same, Series messages drained (%,d bytes) | %.0f ms | %.0f ms | %.2f |%n",
          grpcBytes, prom, drained, prom / drained);
      // CPU time is far less sensitive to other load on the machine than wall time.
      System.out.printf("sidecar CPU per Series call: %.0f ms (user+system, mean of %d calls)%n",
          sidecarCpuNanos / 1e6 / (2 * RUNS), 2 * RUNS);
    } finally {
      if (sidecar != null) {
        sidecar.destroy();
        sidecar.waitFor();
      }
      prometheus.destroy();
      prometheus.waitFor();
    }
  }

  /** One 2 h block of {@code series} gauges with random-walk values (realistic XOR chunk sizes). */
  private static void writeBlock(Path dir, int series, long start) throws IOException {
    int n = (int) (2 * HOUR / SCRAPE);
    long[] ts = new long[n];
    double[] vs = new double[n];
    Labels[] all = new Labels[series];
    for (int i = 0; i < series; i++) {
      all[i] = Labels.of("__name__", "load", "instance", "host-" + i, "job", "job-" + (i % 20));
    }
    Arrays.sort(all, Labels::compare);
    try (BlockWriter w = new BlockWriter(dir, BlockWriter.Options.DEFAULT)) {
      for (int i = 0; i < series; i++) {
        SplittableRandom rnd = new SplittableRandom(i);
        double v = 100;
        for (int k = 0; k < n; k++) {
          ts[k] = start + k * SCRAPE;
          v += rnd.nextInt(21) - 10;
          vs[k] = v;
        }
        w.addSeries(all[i], ts, vs, n);
      }
      w.finish();
    }
  }

  private static long drainRemoteRead(String promUrl, byte[] body) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(promUrl + "/api/v1/read"))
        .header("Content-Encoding", "snappy").header("Content-Type", "application/x-protobuf")
        .header("X-Prometheus-Remote-Read-Version", "0.1.0")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    HttpResponse<InputStream> r = HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("remote read answered " + r.statusCode());
    }
    long total = 0;
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = r.body()) {
      for (int k; (k = in.read(buf)) >= 0; ) {
        total += k;
      }
    }
    return total;
  }

  /** Returns {series, chunks}. */
  private static long[] drainSeries(GrpcStoreClient client, SeriesRequest request) {
    long seriesCount = 0;
    long chunks = 0;
    try (SeriesSet set = client.series(request)) {
      while (set.next()) {
        seriesCount++;
        chunks += set.at().getChunksCount();
      }
      if (!set.warnings().isEmpty()) {
        throw new IllegalStateException("warnings: " + set.warnings());
      }
    }
    return new long[] {seriesCount, chunks};
  }

  /** Reads every Series response message's bytes without parsing them; returns the byte count. */
  private static long drainSeriesBytes(ManagedChannel channel, SeriesRequest request) {
    MethodDescriptor<SeriesRequest, Long> method = StoreGrpc.getSeriesMethod()
        .toBuilder(StoreGrpc.getSeriesMethod().getRequestMarshaller(), DRAINED_SIZE).build();
    long total = 0;
    Iterator<Long> it = ClientCalls.blockingServerStreamingCall(channel, method, io.grpc.CallOptions.DEFAULT, request);
    while (it.hasNext()) {
      total += it.next();
    }
    return total;
  }

  private static final MethodDescriptor.Marshaller<Long> DRAINED_SIZE = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(Long value) {
      throw new UnsupportedOperationException("responses only");
    }

    @Override
    public Long parse(InputStream stream) {
      byte[] buf = new byte[64 * 1024];
      long n = 0;
      try (stream) {
        for (int k; (k = stream.read(buf)) >= 0; ) {
          n += k;
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      return n;
    }
  };

  private static long cpuNanos(Process p) {
    return p.toHandle().info().totalCpuDuration().orElseThrow().toNanos();
  }

  private static double median(long[] values) {
    long[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }
}
