package io.thanosj.store.benchmark;

import io.thanosj.labels.Labels;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.grpc.GrpcStoreClient;
import io.thanosj.storeapi.proto.LabelMatcher;
import io.thanosj.storeapi.proto.SeriesRequest;
import io.thanosj.tsdb.block.BlockWriter;
import io.thanosj.tsdb.block.ThanosMeta;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * On demand, not in CI (the class name is not a surefire test pattern): a FILESYSTEM bucket of
 * {@code blocks} x {@code seriesPerBlock} series written with our block writer, the store gateway
 * jar started as its own JVM with a stated -Xmx, then series queries over gRPC. Prints the heap in
 * use (after the JVM's own GCs, from /metrics), sync time and bytes range-read per query, and at the
 * end the heap after a forced full GC ({@code jcmd GC.run}). With {@code -Dbench.lazy=true} the
 * store runs with {@code --store.enable-index-header-lazy-reader} and an idle timeout of {@code
 * bench.idle} (default 10s), and the end waits for the headers to be released first.
 *
 * <pre>./mvnw -B -q -pl store-service -am package -DskipTests
 * ./mvnw -B -q -pl store-service -am verify -Dtest=StoreGatewayMemoryBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbench.blocks=4 -Dbench.series=250000 -Dbench.xmx=256m [-Dbench.lazy=true -Dbench.idle=10s]</pre>
 */
class StoreGatewayMemoryBenchmark {

  private static final long T0 = 1_700_006_400_000L;
  private static final long WINDOW = 2 * 3600_000L;

  @Test
  void run() throws Exception {
    int blocks = Integer.getInteger("bench.blocks", 4);
    int perBlock = Integer.getInteger("bench.series", 250_000);
    String xmx = System.getProperty("bench.xmx", "256m");
    boolean lazy = Boolean.getBoolean("bench.lazy");
    Duration idle = Duration.parse("PT" + System.getProperty("bench.idle", "10s").toUpperCase(java.util.Locale.ROOT));
    Path root = Files.createTempDirectory("store-bench");
    Path bucket = Files.createDirectories(root.resolve("bucket"));
    long t = System.nanoTime();
    for (int b = 0; b < blocks; b++) {
      writeBlock(bucket, T0 + b * WINDOW, perBlock);
    }
    System.out.printf("bench: wrote %d blocks x %d series in %.1fs%n", blocks, perBlock, (System.nanoTime() - t) / 1e9);
    Path config = root.resolve("bucket.yml");
    Files.writeString(config, "type: FILESYSTEM\nconfig:\n  directory: " + bucket + "\n");
    Path jar;
    try (var s = Files.newDirectoryStream(Path.of("target"), "store-service-*-exec.jar")) {
      jar = s.iterator().next().toAbsolutePath();
    }
    int http = 19_700 + (int) (ProcessHandle.current().pid() % 200);
    int grpc = http + 1;
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + xmx, "-XX:+UseSerialGC",
        "-jar", jar.toString(), "--objstore.config-file=" + config, "--data-dir=" + root.resolve("data"),
        "--http-address=127.0.0.1:" + http, "--grpc-address=127.0.0.1:" + grpc, "--sync-block-duration=1h"));
    if (lazy) {
      cmd.add("--store.enable-index-header-lazy-reader");
      cmd.add("--store.index-header-lazy-reader-idle-timeout=" + idle.toMillis() + "ms");
    }
    Process p = new ProcessBuilder(cmd)
        .redirectErrorStream(true).redirectOutput(root.resolve("store.log").toFile()).start();
    try {
      long started = System.nanoTime();
      while (get(http, "/-/ready") != 200) {
        if (!p.isAlive()) {
          throw new AssertionError("store exited; see " + root.resolve("store.log"));
        }
        Thread.sleep(500);
      }
      System.out.printf("bench: ready (all blocks synced, lazy=%b) %.1fs after start; %s; after full GC %s; index-header files %.1f MiB%n", lazy,
          (System.nanoTime() - started) / 1e9, heap(http), heapAfterGc(p, http), headerBytes(root.resolve("data")) / 1048576.0);
      try (GrpcStoreClient c = GrpcStoreClient.connect("127.0.0.1:" + grpc, GrpcStoreClient.Options.DEFAULT)) {
        for (String[] q : List.of(new String[] {"job", "job-7"}, new String[] {"instance", "host-123"}, new String[] {"__name__", "metric_3"})) {
          for (int round = 0; round < 2; round++) {
            double before = fetched(http);
            long q0 = System.nanoTime();
            int series = 0;
            long chunks = 0;
            SeriesRequest req = SeriesRequest.newBuilder().setMinTime(T0).setMaxTime(T0 + blocks * WINDOW)
                .addMatchers(LabelMatcher.newBuilder().setType(LabelMatcher.Type.EQ).setName(q[0]).setValue(q[1])).build();
            try (SeriesSet set = c.series(req)) {
              while (set.next()) {
                series++;
                chunks += set.at().getChunksCount();
              }
            }
            System.out.printf("bench: %s=%s round %d: %d series, %d chunks in %.2fs, %.1f MiB range-read; %s%n", q[0], q[1], round, series,
                chunks, (System.nanoTime() - q0) / 1e9, (fetched(http) - before) / 1048576.0, heap(http));
          }
        }
      }
      System.out.printf("bench: after the queries, full GC: %s; %s%n", heapAfterGc(p, http), lazyCounts(http));
      if (lazy) {
        Thread.sleep(idle.toMillis() * 12 / 10 + 1000);
        System.out.printf("bench: idle %s later, full GC: %s; %s%n", idle, heapAfterGc(p, http), lazyCounts(http));
        // The first lazy loads ran cold (interpreted); this one shows the load cost once the JIT has seen the code.
        try (GrpcStoreClient c = GrpcStoreClient.connect("127.0.0.1:" + grpc, GrpcStoreClient.Options.DEFAULT)) {
          long q0 = System.nanoTime();
          SeriesRequest req = SeriesRequest.newBuilder().setMinTime(T0).setMaxTime(T0 + blocks * WINDOW)
              .addMatchers(LabelMatcher.newBuilder().setType(LabelMatcher.Type.EQ).setName("instance").setValue("host-123")).build();
          int series = 0;
          try (SeriesSet set = c.series(req)) {
            while (set.next()) {
              series++;
            }
          }
          System.out.printf("bench: instance=host-123 after idling: %d series in %.2fs; %s%n", series, (System.nanoTime() - q0) / 1e9, lazyCounts(http));
        }
      }
    } finally {
      p.destroy();
      p.waitFor();
      try (var files = Files.walk(root)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static void writeBlock(Path bucket, long start, int n) {
    List<String> names = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      names.add(String.format("%08d", i));
    }
    long[] ts = new long[8];
    double[] vs = new double[8];
    try (BlockWriter w = new BlockWriter(bucket, BlockWriter.Options.DEFAULT.withThanos(ThanosMeta.of(Map.of("cluster", "bench"), 0, "test")))) {
      // Sorted by labels: __name__, idx, instance, job with idx zero-padded.
      List<Labels> sets = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        sets.add(Labels.of("__name__", "metric_" + (i % 10), "idx", names.get(i), "instance", "host-" + (i % 1000), "job", "job-" + (i % 50)));
      }
      sets.sort(Labels::compare);
      for (Labels l : sets) {
        for (int j = 0; j < ts.length; j++) {
          ts[j] = start + j * 900_000L;
          vs[j] = j;
        }
        w.addSeries(l, ts, vs, ts.length);
      }
      w.finish();
    }
  }

  private static int get(int port, String path) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static String metrics(int port) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static double sum(String metrics, String regex) {
    double s = 0;
    Matcher m = Pattern.compile(regex + " ([0-9.eE+-]+)").matcher(metrics);
    while (m.find()) {
      s += Double.parseDouble(m.group(1));
    }
    return s;
  }

  private static double fetched(int port) throws Exception {
    return sum(metrics(port), "thanos_objstore_bucket_operation_transferred_bytes_sum\\{[^}]*operation=\"get_range\"[^}]*\\}");
  }

  /** Heap in use after a full GC the JDK's jcmd asks the store's JVM for. */
  private static String heapAfterGc(Process p, int port) throws Exception {
    Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(p.pid()), "GC.run")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    gc.waitFor();
    Thread.sleep(200);
    return heap(port) + ", " + fileBackedRss(p);
  }

  /** Resident pages of mapped files (Linux' RssFile): where mapped index headers show, outside the heap. */
  private static String fileBackedRss(Process p) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
      if (line.startsWith("RssFile:")) {
        return "RssFile " + line.substring(8).trim();
      }
    }
    return "RssFile unknown";
  }

  private static String lazyCounts(int port) throws Exception {
    String m = metrics(port);
    return String.format("index headers lazily loaded %.0f (%.3f s in all), unloaded %.0f", sum(m, "thanos_bucket_store_indexheader_lazy_load_total"),
        sum(m, "thanos_bucket_store_indexheader_lazy_load_duration_seconds_sum"), sum(m, "thanos_bucket_store_indexheader_lazy_unload_total"));
  }

  private static long headerBytes(Path dataDir) throws Exception {
    long total = 0;
    try (var files = Files.walk(dataDir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (f.getFileName().toString().equals("index-header")) {
          total += Files.size(f);
        }
      }
    }
    return total;
  }

  private static String heap(int port) throws Exception {
    String m = metrics(port);
    return String.format("heap used %.0f MiB (committed %.0f MiB)", sum(m, "jvm_memory_used_bytes\\{area=\"heap\"[^}]*\\}") / 1048576.0,
        sum(m, "jvm_memory_committed_bytes\\{area=\"heap\"[^}]*\\}") / 1048576.0);
  }
}
