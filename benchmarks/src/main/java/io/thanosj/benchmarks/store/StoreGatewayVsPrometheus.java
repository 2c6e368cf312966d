package io.thanosj.benchmarks.store;

import io.thanosj.benchmarks.harness.MatrixTotals;
import io.thanosj.benchmarks.harness.LocalEndpoints;
import io.thanosj.benchmarks.harness.FileTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thanosj.labels.Labels;
import io.thanosj.tsdb.block.BlockWriter;
import io.thanosj.tsdb.block.ThanosMeta;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Long-range queries through our store gateway and querier (two JVMs, the exec jars, reading a
 * FILESYSTEM bucket) against a real Prometheus 2.42 reading a copy of the same blocks from its own
 * data directory. Both are timed end to end by this client over their Prometheus HTTP APIs.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.thanosj.benchmarks.store.StoreGatewayVsPrometheus [dir] [7d|24h] [only]</pre>
 *
 * Datasets: {@code 7d} = 1,000 counters over 7 days in 1-day blocks (as a compactor leaves them);
 * {@code 24h} = 10,000 counters over 24 hours in 2-hour blocks (as sidecars upload them); 15 s
 * scrapes. A second metric, {@code warmup_total}, lives in the same blocks and is only used to warm
 * both servers up.
 *
 * <p>For each query, all three servers are started {@code -DcoldStarts} times (default 3) and each
 * time warmed up over {@code warmup_total} in rounds until the JIT of our JVMs has settled
 * ({@link #warmUp}). "Cold" is the median, over those starts,
 * of the first run of the measured query: the processes (and their JIT) are warm, but the store
 * gateway's caches hold nothing of the measured series (and Prometheus has not touched their
 * postings or chunks since it started). "Warm" is the median of the next five timed runs
 * ({@code -Druns}) after the last start, which follow five untimed ones ({@code -DuntimedRuns}) and
 * a pause until our JVMs stop compiling.
 * The store gateway runs with its default index cache and an in-memory chunk cache
 * ({@code --store.caching-bucket.config}, 512 MB; {@code -Dstore.chunkCache=false} turns it off).
 * Both read files through the same OS page cache, which this benchmark does not drop (not allowed
 * without root); the store gateway's bytes fetched from the bucket are read from its own metrics.
 *
 * <p>{@code -Dprofiler=/path/to/libasyncProfiler.so} (async-profiler 3, e.g. from Maven Central's
 * {@code tools.profiler:async-profiler}) writes CPU profiles of the store gateway and the querier
 * for each cold run and for the warm runs, in collapsed-stack form, next to the dataset.
 */
public final class StoreGatewayVsPrometheus {

  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;
  private static final long SCRAPE = 15_000L;
  private static final int WARM_RUNS = Integer.getInteger("runs", 5);
  private static final int UNTIMED_RUNS = Integer.getInteger("untimedRuns", 5);
  private static final int COLD_STARTS = Integer.getInteger("coldStarts", 3);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final int MAX_WARMUP_ROUNDS = Integer.getInteger("warmupRounds", 30);
  private static final double QUIET_COMPILE_MS = 50;
  private static final Pattern COMPILATION = Pattern.compile("jvm_compilation_time_ms_total\\{[^}]*\\} (\\S+)");
  private static final Pattern FETCHED = Pattern.compile(
      "thanos_objstore_bucket_operation_transferred_bytes_sum\\{[^}]*operation=\"get_range\"[^}]*\\} (\\S+)");

  private record Dataset(String name, int series, long span, long blockLength, long stepMs) {}

  private record Query(String expr, long stepMs) {}

  private record Timed(double ms, JsonNode result) {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "benchmarks/target/store-bench").toAbsolutePath();
    String which = args.length > 1 ? args[1] : "7d";
    String only = args.length > 2 ? args[2] : "";
    Dataset data = switch (which) {
      case "7d" -> new Dataset("7d", 1_000, 7 * DAY, DAY, 600_000);
      case "24h" -> new Dataset("24h", 10_000, DAY, 2 * HOUR, 60_000);
      default -> throw new IllegalArgumentException("dataset must be 7d or 24h, not " + which);
    };
    Path storeJar = Path.of(System.getProperty("store.jar", "store-service/target/store-service-0.1.0-SNAPSHOT-exec.jar"));
    Path queryJar = Path.of(System.getProperty("query.jar", "query-service/target/query-service-0.1.0-SNAPSHOT-exec.jar"));

    long end = System.currentTimeMillis() / DAY * DAY;
    long start = end - data.span;
    Path root = dir.resolve(data.name);
    Path bucket = root.resolve("bucket");
    Path promData = root.resolve("prometheus");
    Path marker = root.resolve("done-" + end);
    if (!Files.exists(marker)) {
      FileTrees.delete(root);
      Files.createDirectories(bucket);
      long t0 = System.nanoTime();
      writeBlocks(bucket, data, start, end);
      System.err.printf("wrote %s: %,d + %,d series in %.1f s%n", data.name, data.series, data.series / 4,
          (System.nanoTime() - t0) / 1e9);
      FileTrees.copy(bucket, promData);
      Files.createFile(marker);
    }
    Path objstore = root.resolve("objstore.yml");
    Files.writeString(objstore, "type: FILESYSTEM\nconfig:\n  directory: " + bucket + "\n");
    Path promConfig = root.resolve("prometheus.yml");
    Files.writeString(promConfig, "global:\n  scrape_interval: 1h\n");

    long s = data.stepMs;
    List<Query> queries = List.of(
        new Query("sum by (job) (rate(%s[5m]))", s),
        new Query("rate(%s{job=\"job-3\"}[5m])", s),
        new Query("max_over_time(%s{instance=~\"host-1..\"}[1h])", Math.max(s, HOUR)),
        new Query("count(%s)", s));

    System.out.printf("dataset %s: %,d series x %d h, 15 s scrapes, %s blocks; %s%n", data.name, data.series,
        data.span / HOUR, data.blockLength == DAY ? "1-day" : "2-hour", load());
    System.out.println("| query (step) | Prometheus cold | ThanosJ cold | cold ratio | Prometheus warm | ThanosJ warm"
        + " | warm ratio | fetched cold / warm |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (Query q : queries) {
      String expr = q.expr.formatted("http_requests_total");
      if (!expr.contains(only)) {
        continue;
      }
      // Cold: the median over COLD_STARTS fresh starts; warm: the median of WARM_RUNS after the last.
      double[] promCold = new double[COLD_STARTS];
      double[] oursCold = new double[COLD_STARTS];
      for (int c = 0; c < COLD_STARTS; c++) {
        try (Servers servers = Servers.start(root, objstore, promConfig, promData, storeJar, queryJar)) {
          warmUp(servers, queries, start, end, data.blockLength);
          double fetched0 = servers.fetchedBytes();
          Timed promFirst = servers.prometheus(expr, start, end, q.stepMs);
          servers.profile("start");
          long[] cpu0 = servers.cpuMillis();
          Timed oursFirst = servers.thanosj(expr, start, end, q.stepMs);
          long[] cpu1 = servers.cpuMillis();
          servers.profile("stop,collapsed,threads,file=" + root.resolve("profile-cold-" + c + "-%s.txt"));
          // CPU time is far less sensitive to other load on the machine than wall time.
          System.err.printf("  cold run %d: Prometheus %.0f ms, ThanosJ %.0f ms (CPU: store %d ms, query %d ms)%n", c,
              promFirst.ms, oursFirst.ms, cpu1[1] - cpu0[1], cpu1[2] - cpu0[2]);
          double fetched1 = servers.fetchedBytes();
          promCold[c] = promFirst.ms;
          oursCold[c] = oursFirst.ms;
          if (c < COLD_STARTS - 1) {
            continue;
          }
          double[] prom = new double[WARM_RUNS];
          double[] ours = new double[WARM_RUNS];
          Timed last = oursFirst;
          long[] warmCpu = new long[3];
          // Warm = steady state: the cold run's new shapes are compiled before any run is timed.
          for (int i = 0; i < UNTIMED_RUNS; i++) {
            servers.prometheus(expr, start, end, q.stepMs);
            servers.thanosj(expr, start, end, q.stepMs);
          }
          double settled = awaitQuietJit(servers);
          System.err.printf("  %d untimed warm runs, then %.0f ms of JIT compilation while idle%n", UNTIMED_RUNS, settled);
          servers.profile("start");
          for (int i = 0; i < WARM_RUNS; i++) {
            prom[i] = servers.prometheus(expr, start, end, q.stepMs).ms;
            long[] before = servers.cpuMillis();
            last = servers.thanosj(expr, start, end, q.stepMs);
            long[] after = servers.cpuMillis();
            for (int k = 0; k < 3; k++) {
              warmCpu[k] += after[k] - before[k];
            }
            ours[i] = last.ms;
          }
          servers.profile("stop,collapsed,threads,file=" + root.resolve("profile-warm-%s.txt"));
          System.err.printf("  warm CPU per ThanosJ run: store %d ms, query %d ms%n",
              warmCpu[1] / WARM_RUNS, warmCpu[2] / WARM_RUNS);
          double fetchedWarm = (servers.fetchedBytes() - fetched1) / WARM_RUNS;
          String check = compare(promFirst.result, oursFirst.result) + compare(promFirst.result, last.result);
          double pc = median(promCold);
          double oc = median(oursCold);
          double pw = median(prom);
          double ow = median(ours);
          System.out.printf("| `%s` (%ds) | %.0f ms | %.0f ms | %.2f | %.0f ms | %.0f ms | %.2f | %s / %s |%s%n",
              expr, q.stepMs / 1000, pc, oc, oc / pc, pw, ow, ow / pw,
              mib(fetched1 - fetched0), mib(fetchedWarm), check.isEmpty() ? "" : " RESULTS DIFFER: " + check);
          System.err.printf("  cold runs: Prometheus %s, ThanosJ %s; warm: Prometheus %s, ThanosJ %s%n",
              Arrays.toString(promCold), Arrays.toString(oursCold), Arrays.toString(prom), Arrays.toString(ours));
        }
      }
    }
    System.out.println(load());
  }

  /**
   * Warms both sides up over {@code warmup_total} only (see {@link #warmups}), in rounds, until the
   * JIT of our two JVMs has settled: two rounds in a row that each add less than
   * {@link #QUIET_COMPILE_MS} of compilation (both JVMs' {@code jvm_compilation_time_ms_total}),
   * after at least three rounds and at most {@link #MAX_WARMUP_ROUNDS}; then idles until a second passes without compilation. A
   * long-running store gateway has compiled its code long ago; on two cores a JIT still compiling
   * would otherwise be timed as part of a "cold cache" query.
   */
  private static void warmUp(Servers servers, List<Query> measured, long start, long end, long blockLength)
      throws Exception {
    // The measured shapes run over the first quarter of the blocks only. The rest is split in three
    // regions, each visited in up to three windows in turn: one per cache-miss shape, where that
    // shape never finds a series cached (a pure miss, as in a cold run), and one that both shapes
    // visit, where they find some (a partial hit, as in production).
    int blocks = (int) ((end - start) / blockLength);
    int warmBlocks = Math.max(1, blocks / 4);
    int regionBlocks = Math.max(1, (blocks - warmBlocks) / 3);
    Region warm = new Region(start, warmBlocks, blockLength);
    Region jobs = new Region(warm.end(), regionBlocks, blockLength);
    Region prefixes = new Region(jobs.end(), regionBlocks, blockLength);
    Region mixed = new Region(prefixes.end(), regionBlocks, blockLength);
    double before = servers.compileMillis();
    double added;
    int quietRounds = 0;
    int round = 0;
    do {
      for (Warmup w : warmups(measured, round)) {
        long[] window = switch (w.target) {
          case MEASURED -> new long[] {warm.start, warm.end()};
          case JOB_REGION -> jobs.window(round);
          case PREFIX_REGION -> prefixes.window(round);
          case MIXED_REGION -> mixed.window(round);
        };
        servers.prometheus(w.query.expr, window[0], window[1], w.query.stepMs);
        servers.thanosj(w.query.expr, window[0], window[1], w.query.stepMs);
      }
      double after = servers.compileMillis();
      added = after - before;
      before = after;
      quietRounds = added < QUIET_COMPILE_MS ? quietRounds + 1 : 0;
      round++;
    } while (round < MAX_WARMUP_ROUNDS && (round < 3 || quietRounds < 2));
    // Most of what is still compiling is the queue Spring's start-up left behind.
    double idle = awaitQuietJit(servers);
    System.err.printf("  warm-up: %d rounds (JIT compilation in the last one %.0f ms), then %.0f ms more while idle%n",
        round, added, idle);
  }

  /** Consecutive blocks from {@code start}, visited in up to three windows in turn. */
  private record Region(long start, int blocks, long blockLength) {
    long end() {
      return start + blocks * blockLength;
    }

    /** The window of {@code round}: {@code [from, to)}. */
    long[] window(int round) {
      int windows = Math.max(1, Math.min(3, blocks));
      int size = Math.max(1, blocks / windows);
      long from = start + (round % windows) * size * blockLength;
      return new long[] {from, from + size * blockLength};
    }
  }

  /**
   * Gives the compiler threads the idle machine until a second passes without compilation in our
   * JVMs (at most a minute).
   *
   * @return the compilation time added meanwhile, in ms
   */
  private static double awaitQuietJit(Servers servers) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    double last = servers.compileMillis();
    double from = last;
    while (System.nanoTime() < deadline) {
      Thread.sleep(1000);
      double now = servers.compileMillis();
      if (now - last < 5) {
        break;
      }
      last = now;
    }
    return last - from;
  }

  /** Where a warm-up query goes (see {@link #warmUp}). */
  private enum Target { MEASURED, JOB_REGION, PREFIX_REGION, MIXED_REGION }

  private record Warmup(Query query, Target target) {}

  /** Instance prefixes: each selects warm-up series no other selects; 9 first, as it runs off the values' end. */
  private static final int[] PREFIXES = {9, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24};

  /**
   * One warm-up round. The store gateway's cache-miss path, which a measured cold run takes, must
   * run every round and in the measured queries' shapes: the JIT compiles it only once it has run
   * often enough, and code compiled from the profile of other shapes, or of cache hits only, or of
   * partial hits only, is thrown away at the first query that differs. So each round sends the
   * selective measured shapes, for warm-up series no earlier round selected there, each to its own
   * region (pure misses) and both to a shared one (partial hits); the measured
   * shapes themselves run over the first quarter (in the first two rounds and every sixth: they are
   * the costly ones).
   */
  private static List<Warmup> warmups(List<Query> measured, int round) {
    List<Warmup> out = new ArrayList<>();
    // Three windows in turn, so a selection is new in its window for 20 (jobs) or 24 (prefixes) visits.
    int visit = round / 3;
    Query job = new Query("rate(warmup_total{job=\"job-%d\"}[5m])".formatted(visit % 20), measured.get(0).stepMs);
    Query prefix = new Query("max_over_time(warmup_total{instance=~\"host-%d..\"}[1h])"
        .formatted(PREFIXES[visit % PREFIXES.length]), HOUR);
    out.add(new Warmup(job, Target.JOB_REGION));
    out.add(new Warmup(prefix, Target.PREFIX_REGION));
    out.add(new Warmup(job, Target.MIXED_REGION));
    out.add(new Warmup(prefix, Target.MIXED_REGION));
    if (round < 2 || round % 6 == 0) {
      for (Query q : measured) {
        out.add(new Warmup(new Query(q.expr.formatted("warmup_total"), q.stepMs), Target.MEASURED));
      }
    }
    return out;
  }

  /** Prometheus, and our store gateway behind our querier, as child processes. */
  private static final class Servers implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private String promUrl;
    private String queryUrl;
    private String storeUrl;

    static Servers start(Path root, Path objstore, Path promConfig, Path promData, Path storeJar, Path queryJar)
        throws Exception {
      Servers s = new Servers();
      try {
        int promPort = LocalEndpoints.freePort();
        s.promUrl = "http://127.0.0.1:" + promPort;
        s.processes.add(new ProcessBuilder("prometheus", "--config.file=" + promConfig,
            "--storage.tsdb.path=" + promData, "--storage.tsdb.retention.time=3650d",
            "--storage.tsdb.min-block-duration=2h", "--storage.tsdb.max-block-duration=2h",
            "--query.max-samples=500000000", "--web.listen-address=127.0.0.1:" + promPort)
            .redirectErrorStream(true).redirectOutput(root.resolve("prometheus.log").toFile()).start());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int storeHttp = LocalEndpoints.freePort();
        int storeGrpc = LocalEndpoints.freePort();
        s.storeUrl = "http://127.0.0.1:" + storeHttp;
        List<String> storeFlags = new ArrayList<>(List.of("--objstore.config-file=" + objstore,
            "--data-dir=" + root.resolve("store-data"), "--sync-block-duration=1h",
            "--http-address=127.0.0.1:" + storeHttp, "--grpc-address=127.0.0.1:" + storeGrpc));
        if (Boolean.parseBoolean(System.getProperty("store.chunkCache", "true"))) {
          // The in-memory chunk cache, as a Thanos store gateway would run with a caching bucket.
          storeFlags.add("--store.caching-bucket.config=type: IN-MEMORY\nconfig:\n  max_size: 512MB\n");
        }
        s.processes.add(new ProcessBuilder(jvm(java, "store", "1536m", storeJar, storeFlags.toArray(String[]::new)))
            .redirectErrorStream(true).redirectOutput(root.resolve("store.log").toFile()).start());
        int queryHttp = LocalEndpoints.freePort();
        s.queryUrl = "http://127.0.0.1:" + queryHttp;
        s.processes.add(new ProcessBuilder(jvm(java, "query", "2g", queryJar, "--endpoint=127.0.0.1:" + storeGrpc,
            "--query.max-samples=500000000", "--http-address=127.0.0.1:" + queryHttp,
            "--grpc-address=127.0.0.1:" + LocalEndpoints.freePort()))
            .redirectErrorStream(true).redirectOutput(root.resolve("query.log").toFile()).start());
        LocalEndpoints.awaitOk(s.promUrl + "/-/ready");
        LocalEndpoints.awaitOk(s.storeUrl + "/-/ready");
        LocalEndpoints.awaitOk(s.queryUrl + "/-/ready");
        // The querier is ready before it has asked the store for its Info; wait until it knows the store.
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!get(s.queryUrl + "/api/v1/stores").contains("127.0.0.1:" + storeGrpc) || !get(s.queryUrl
            + "/api/v1/label/__name__/values").contains("warmup_total")) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the querier never saw the store gateway");
          }
          Thread.sleep(200);
        }
        return s;
      } catch (Exception e) {
        s.close();
        throw e;
      }
    }

    /**
     * The command for one of our roles: {@code -D<role>.xmx} sets its heap, {@code -D<role>.jvm} adds
     * JVM options (e.g. {@code -XX:StartFlightRecording=filename=/tmp/store.jfr} to profile it).
     */
    private static List<String> jvm(String java, String role, String xmx, Path jar, String... flags) {
      List<String> command = new ArrayList<>(List.of(java, "-Xmx" + System.getProperty(role + ".xmx", xmx)));
      String extra = System.getProperty(role + ".jvm", "").strip();
      if (!extra.isEmpty()) {
        command.addAll(List.of(extra.split("\\s+")));
      }
      command.addAll(List.of("-jar", jar.toString()));
      command.addAll(List.of(flags));
      return command;
    }

    Timed prometheus(String expr, long start, long end, long step) throws Exception {
      return rangeQuery(promUrl, expr, start, end, step);
    }

    Timed thanosj(String expr, long start, long end, long step) throws Exception {
      return rangeQuery(queryUrl, expr, start, end, step);
    }

    /** JIT compilation time so far of the store gateway and the querier together, in ms. */
    double compileMillis() throws Exception {
      double sum = 0;
      for (String url : List.of(storeUrl, queryUrl)) {
        Matcher m = COMPILATION.matcher(get(url + "/metrics"));
        while (m.find()) {
          sum += Double.parseDouble(m.group(1));
        }
      }
      return sum;
    }

    /** CPU time (user + system) so far of Prometheus, the store gateway and the querier, in ms. */
    long[] cpuMillis() {
      long[] out = new long[processes.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = processes.get(i).toHandle().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
      }
      return out;
    }

    /**
     * With {@code -Dprofiler=/path/to/libasyncProfiler.so}, sends an async-profiler command (CPU,
     * all threads, compiler threads included) to the store gateway and the querier; {@code %s} in it
     * becomes the role. Without the property, does nothing.
     */
    void profile(String command) throws Exception {
      String agent = System.getProperty("profiler", "");
      if (agent.isEmpty()) {
        return;
      }
      String[] roles = {"prometheus", "store", "query"};
      for (int i = 1; i < processes.size(); i++) {
        // jcmd hands the agent its options only when they arrive quoted.
        String options = command.startsWith("start") ? command + ",event=itimer,interval=1ms" : command.formatted(roles[i]);
        Process jcmd = new ProcessBuilder("jcmd", String.valueOf(processes.get(i).pid()), "JVMTI.agent_load", agent,
            '"' + options + '"').redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0) {
          throw new IllegalStateException("jcmd " + options + ": " + out);
        }
        // The JVM's uptime, to find the window in its logs (e.g. -XX:+PrintCompilation in -Dstore.jvm).
        System.err.printf("  profiler %s: %s at uptime %d ms%n", command.split(",")[0], roles[i],
            System.currentTimeMillis() - processes.get(i).info().startInstant().orElseThrow().toEpochMilli());
      }
    }

    double fetchedBytes() throws Exception {
      Matcher m = FETCHED.matcher(get(storeUrl + "/metrics"));
      double sum = 0;
      while (m.find()) {
        sum += Double.parseDouble(m.group(1));
      }
      return sum;
    }

    @Override
    public void close() throws InterruptedException {
      for (Process p : processes) {
        p.destroy();
      }
      for (Process p : processes) {
        p.waitFor();
      }
    }
  }

  private static Timed rangeQuery(String base, String expr, long start, long end, long step) throws Exception {
    String url = base + "/api/v1/query_range?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)
        + "&start=" + start / 1000 + "&end=" + end / 1000 + "&step=" + step / 1000;
    long t0 = System.nanoTime();
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    double ms = (System.nanoTime() - t0) / 1e6;
    if (r.statusCode() != 200) {
      throw new IllegalStateException(expr + ": " + base + " answered " + r.statusCode() + ": " + r.body());
    }
    JsonNode body = JSON.readTree(r.body());
    if (body.has("warnings")) {
      throw new IllegalStateException(expr + ": " + base + " warned: " + body.get("warnings"));
    }
    return new Timed(ms, body.get("data").get("result"));
  }

  /**
   * Series count, point count and value sum; labels are not compared because the querier adds the
   * blocks' external label, which Prometheus does not know.
   */
  private static String compare(JsonNode prom, JsonNode ours) {
    if (prom.size() != ours.size()) {
      return "series " + prom.size() + " vs " + ours.size() + "; ";
    }
    String difference = MatrixTotals.of(prom).differenceFrom(MatrixTotals.of(ours), 1e-9);
    return difference.isEmpty() ? "" : difference + "; ";
  }

  private static void writeBlocks(Path bucket, Dataset data, long start, long end) {
    List<Labels> all = new ArrayList<>();
    for (int i = 0; i < data.series; i++) {
      all.add(Labels.of("__name__", "http_requests_total", "code", i % 7 == 0 ? "500" : "200",
          "instance", "host-" + i, "job", "job-" + (i % 20)));
    }
    for (int i = 0; i < data.series / 4; i++) {
      all.add(Labels.of("__name__", "warmup_total", "code", i % 7 == 0 ? "500" : "200",
          "instance", "host-" + i, "job", "job-" + (i % 20)));
    }
    all.sort(Labels::compare);
    int n = (int) (data.blockLength / SCRAPE);
    long[] ts = new long[n];
    double[] vs = new double[n];
    BlockWriter.Options options = BlockWriter.Options.DEFAULT
        .withThanos(ThanosMeta.of(Map.of("cluster", "bench"), 0, "compactor"));
    for (long blockStart = start; blockStart < end; blockStart += data.blockLength) {
      try (BlockWriter w = new BlockWriter(bucket, options)) {
        for (Labels l : all) {
          SplittableRandom rnd = new SplittableRandom(l.hashCode() * 31L + blockStart);
          double rate = 1 + (l.hashCode() & 0xff) / 16.0;
          for (int k = 0; k < n; k++) {
            long t = blockStart + k * SCRAPE + (rnd.nextInt(100) == 0 ? 1 : 0);
            ts[k] = t;
            vs[k] = (t / SCRAPE) % 5000 == 17 ? 0 : Math.floor((t - start) / 1000.0 * rate);
          }
          w.addSeries(l, ts, vs, n);
        }
        w.finish();
      }
    }
  }

  private static String mib(double bytes) {
    return String.format("%.1f MiB", bytes / (1 << 20));
  }

  private static String load() throws IOException {
    return "load average " + Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0];
  }

  private static String get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
