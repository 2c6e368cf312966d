package io.thanosj.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thanosj.e2e.harness.E2eEnvironment;
import io.thanosj.e2e.harness.Http;
import io.thanosj.e2e.harness.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The README's one command, end to end: {@code bin/thanosj up} with its default settings (two real
 * Prometheus 2.42 replicas with 2m blocks, a sidecar each, the store gateway over a FILESYSTEM bucket,
 * a deduplicating querier), then queries through the querier as a user would, then
 * {@code bin/thanosj down}. The tests share one stack and run in order; the whole class takes about
 * five minutes, most of it waiting for Prometheus to cut its first block.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = E2eEnvironment.projectRoot();
  private static final Path WORK = ROOT.resolve("e2e-tests/target/e2e/LocalStackTest");
  private static final Path STATE = WORK.resolve("state");
  private static final Path LOGS = ROOT.resolve("e2e-tests/target/e2e-logs/LocalStackTest");

  private static Map<String, String> ports;
  private static String query;
  private static long upReturnedMs;

  @BeforeAll
  static void up() throws IOException {
    runStack("down", "--purge"); // a stack left over by a killed earlier run
    deleteTree(WORK);
    Files.createDirectories(LOGS);
    Command up = runStack("up");
    assertThat(up.exitCode()).as("bin/thanosj up exit code; its output:\n%s", up.output()).isZero();
    upReturnedMs = System.currentTimeMillis();
    ports = readStackEnv();
    query = "http://127.0.0.1:" + ports.get("QUERY_HTTP");
    assertThat(up.output()).contains(query + "/", "http://127.0.0.1:" + ports.get("PROM0_PORT") + "/",
        "http://127.0.0.1:" + ports.get("PROM1_PORT") + "/");
  }

  @AfterAll
  static void downAnyway() {
    runStack("down"); // also after a failure; the last test checks that down works
  }

  @Test
  @Order(1)
  void statusListsEveryComponentAsReady() {
    Command status = runStack("status");
    assertThat(status.exitCode()).isZero();
    for (String c : List.of("prometheus-0", "prometheus-1", "sidecar-0", "sidecar-1", "store", "query")) {
      assertThat(status.output()).containsPattern("(?m)^" + c + " +\\d+ +ready ");
    }
  }

  @Test
  @Order(2)
  void queryingUpReturnsBothReplicasDeduplicatedWithinAMinute() {
    // Six targets (two Prometheus, two sidecars, store, querier), each scraped by both replicas.
    Set<String> targets = new TreeSet<>();
    for (String key : List.of("PROM0_PORT", "PROM1_PORT", "SIDECAR0_HTTP", "SIDECAR1_HTTP", "STORE_HTTP", "QUERY_HTTP")) {
      targets.add("127.0.0.1:" + ports.get(key));
    }
    Duration left = Duration.ofMillis(Math.max(1000, 60_000 - (System.currentTimeMillis() - upReturnedMs)));
    Poll.until(left, "every target in 'up' from both replicas", () -> {
      JsonNode raw = instant("up", "dedup=false");
      return instances(raw, "0").equals(targets) && instances(raw, "1").equals(targets);
    });

    JsonNode deduplicated = instant("up", "dedup=true");
    Set<String> seen = new TreeSet<>();
    Set<String> jobs = new TreeSet<>();
    for (JsonNode s : deduplicated) {
      JsonNode metric = s.get("metric");
      assertThat(metric.has("replica")).as("replica label in %s", metric).isFalse();
      assertThat(metric.path("region").asText()).isEqualTo("local");
      assertThat(seen.add(metric.get("instance").asText())).as("one series per target: %s", metric).isTrue();
      jobs.add(metric.get("job").asText());
    }
    assertThat(seen).isEqualTo(targets);
    assertThat(jobs).containsExactly("prometheus", "thanosj");
  }

  @Test
  @Order(3)
  void killingOnePrometheusReplicaLeavesRateQueriesGapFree() throws Exception {
    // The counter of the surviving replica's own Prometheus, scraped by both replicas until the kill.
    // (type="histogram" counts native histograms, of which there are none.)
    String expr = "rate(prometheus_tsdb_head_samples_appended_total{type!=\"histogram\",instance=\"127.0.0.1:"
        + ports.get("PROM0_PORT") + "\"}[30s])";
    // A rate needs two samples in its window, so right after start-up there is none yet, in either
    // replica. Checked steps must begin after both replicas have one, else the first steps are empty
    // for reasons that have nothing to do with the kill (an earlier version of this test read exactly
    // that as a gap).
    Poll.until(Duration.ofSeconds(60), "both replicas to have a rate of " + expr, () -> {
      JsonNode now = result("/api/v1/query?query=" + enc(expr), "dedup=false");
      return seriesOfReplica(now, "0") != null && seriesOfReplica(now, "1") != null;
    });
    long bothHaveRateMs = System.currentTimeMillis();
    Thread.sleep(30_000);

    long pid = Long.parseLong(Files.readString(STATE.resolve("pids/prometheus-1.pid")).strip());
    long killedAtMs = System.currentTimeMillis();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly)).contains(true);
    Poll.until(Duration.ofSeconds(10), "prometheus-1 to die", () -> ProcessHandle.of(pid).isEmpty());
    // Every step from when both replicas had data until 30 s after the kill is required.
    int step = 5;
    long start = (bothHaveRateMs + 999) / 1000;
    long end = start + ((killedAtMs + 30_000) / 1000 - start + step - 1) / step * step; // a whole number of steps
    int expectedPoints = (int) ((end - start) / step) + 1;
    // Queried once replica 0 has scraped past the end of the range (5 s scrape interval, and some slack).
    Thread.sleep(Math.max(0, end * 1000 + 15_000 - System.currentTimeMillis()));

    // Replica 1's data lived only in the killed Prometheus: its sidecar can no longer read it, and the
    // querier answers from replica 0 alone, with a warning about the failed source (partial response).
    JsonNode raw = getJson(query + "/api/v1/query_range?query=" + enc(expr) + "&start=" + start + "&end=" + end
        + "&step=" + step + "&dedup=false");
    assertThat(raw.path("status").asText()).as(raw.toString()).isEqualTo("success");
    assertThat(seriesOfReplica(raw.path("data").path("result"), "1")).as("replica 1's series in %s", raw).isNull();
    assertThat(seriesOfReplica(raw.path("data").path("result"), "0")).as("replica 0's series in %s", raw).isNotNull();
    assertThat(raw.path("warnings").size()).as("warnings in %s", raw).isPositive();

    // The surviving Prometheus, asked directly, answers every step: whatever is missing below is ours.
    JsonNode truth = getJson("http://127.0.0.1:" + ports.get("PROM0_PORT") + "/api/v1/query_range?query=" + enc(expr)
        + "&start=" + start + "&end=" + end + "&step=" + step).path("data").path("result");
    assertThat(truth).as("prometheus-0's own answer").hasSize(1);
    assertThat(truth.get(0).get("values")).as("prometheus-0's own answer %s", truth).hasSize(expectedPoints);

    JsonNode deduplicated = range(expr, start, end, step, "dedup=true");
    assertThat(deduplicated).as("deduplicated series of %s", expr).hasSize(1);
    JsonNode s = deduplicated.get(0);
    assertThat(s.get("metric").has("replica")).isFalse();
    List<Long> timestamps = new ArrayList<>();
    for (JsonNode v : s.get("values")) {
      timestamps.add(v.get(0).asLong());
      assertThat(Double.parseDouble(v.get(1).asText())).as("rate at %s", v.get(0)).isPositive();
    }
    assertThat(timestamps).as("one point per step over the kill; prometheus-0 says %s", truth).hasSize(expectedPoints);
    assertThat(timestamps.get(0)).isEqualTo(start);
    assertThat(timestamps.get(expectedPoints - 1)).isEqualTo(end);
  }

  @Test
  @Order(4)
  void dataOfTheFirstShippedBlockIsServedByTheStoreGateway() throws Exception {
    // Prometheus cuts its first 2m block once its head spans 3m; the sidecar ships it within 10s.
    JsonNode meta = Poll.untilValue(Duration.ofMinutes(5), "a block in the bucket", LocalStackTest::firstShippedBlock);
    long blockMin = meta.get("minTime").asLong();
    long blockMax = meta.get("maxTime").asLong();
    assertThat(meta.at("/thanos/labels/region").asText()).isEqualTo("local");

    // The store gateway announces the block's time range once it has synced the bucket.
    String storeAddress = "127.0.0.1:" + ports.get("STORE_GRPC");
    Poll.until(Duration.ofSeconds(90), "the store gateway to announce the block", () -> {
      for (JsonNode store : getJson(query + "/api/v1/stores").path("data").path("store")) {
        if (store.get("name").asText().equals(storeAddress) && store.get("lastError").isNull()
            && store.get("minTime").asLong() <= blockMin && store.get("maxTime").asLong() >= blockMax - 1) {
          return true;
        }
      }
      return false;
    });

    // Only the store gateway answers (storeMatch[] by address), so every sample comes from the bucket.
    long start = (blockMin + 999) / 1000;
    long end = (blockMax - 1) / 1000;
    String storeOnly = "storeMatch[]=" + enc("{__address__=\"" + storeAddress + "\"}");
    JsonNode fromStore = range("up", start, end, 15, "dedup=true", storeOnly);
    JsonNode fromAll = range("up", start, end, 15, "dedup=true");
    assertThat(fromStore.size()).as("series served by the store gateway").isPositive();
    assertThat(values(fromStore)).isEqualTo(values(fromAll));

    // And the store gateway holds only what was shipped: 30s after the newest shipped block ends,
    // only the sidecars (Prometheus' head) have samples.
    Poll.until(Duration.ofSeconds(90), "a moment after the newest shipped block with data only in the head", () -> {
      long newestMax = newestShippedBlockMax();
      long t = newestMax / 1000 + 30;
      if (System.currentTimeMillis() / 1000 < t + 5) {
        return false;
      }
      JsonNode storeAt = instantAt("count_over_time(up[10s])", t, storeOnly);
      JsonNode allAt = instantAt("count_over_time(up[10s])", t);
      if (newestShippedBlockMax() != newestMax) {
        return false; // a new block was shipped meanwhile; look again
      }
      assertThat(storeAt.size()).as("store series at %s, after the newest block (ends %s ms)", t, newestMax).isZero();
      assertThat(allAt.size()).as("series at %s from the sidecars", t).isPositive();
      return true;
    });
  }

  @Test
  @Order(5)
  void downStopsEveryProcess() throws IOException {
    List<Long> pids = new ArrayList<>();
    try (Stream<Path> files = Files.list(STATE.resolve("pids"))) {
      for (Path f : files.toList()) {
        pids.add(Long.parseLong(Files.readString(f).strip()));
      }
    }
    assertThat(pids).hasSize(6); // prometheus-1's pid file stays after the kill above, until down

    Command down = runStack("down");
    assertThat(down.exitCode()).as(down.output()).isZero();
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("process %s after down", pid).isEmpty();
    }
    Command pgrep = run(List.of("pgrep", "-f", STATE.toString()), "pgrep");
    assertThat(pgrep.output().strip()).as("processes naming %s", STATE).isEmpty();
    assertThat(pgrep.exitCode()).isEqualTo(1); // pgrep: no process matched
    try (Stream<Path> files = Files.list(STATE.resolve("pids"))) {
      assertThat(files.toList()).isEmpty();
    }
    assertThat(runStack("status").exitCode()).isEqualTo(3);
  }

  // ---- the stack's commands ----

  private record Command(int exitCode, String output) {}

  private static Command runStack(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ROOT.resolve("bin/thanosj").toString());
    cmd.addAll(List.of(args));
    cmd.add("--state-dir");
    cmd.add(STATE.toString());
    return run(cmd, "thanosj-" + String.join("-", args).replace("--", ""));
  }

  private static Command run(List<String> cmd, String logName) {
    try {
      Files.createDirectories(LOGS);
      Path log = LOGS.resolve(logName + ".log");
      Process p = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      // up may build the role jars first; the reactor normally has built them already.
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError(cmd + " did not finish within 10 minutes; see " + log);
      }
      return new Command(p.exitValue(), Files.readString(log));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> readStackEnv() throws IOException {
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(STATE.resolve("stack.env"))) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return env;
  }

  // ---- the bucket ----

  private static JsonNode firstShippedBlock() {
    JsonNode first = null;
    for (JsonNode meta : shippedBlocks()) {
      if (first == null || meta.get("minTime").asLong() < first.get("minTime").asLong()) {
        first = meta;
      }
    }
    return first;
  }

  private static long newestShippedBlockMax() {
    long max = Long.MIN_VALUE;
    for (JsonNode meta : shippedBlocks()) {
      max = Math.max(max, meta.get("maxTime").asLong());
    }
    return max;
  }

  /** The meta.json of every complete block in the bucket (the shipper uploads meta.json last). */
  private static List<JsonNode> shippedBlocks() {
    List<JsonNode> metas = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(STATE.resolve("bucket"))) {
      for (Path dir : dirs.toList()) {
        Path meta = dir.resolve("meta.json");
        if (Files.isRegularFile(meta)) {
          metas.add(JSON.readTree(meta.toFile()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return metas;
  }

  // ---- the querier's HTTP API ----

  private static JsonNode instant(String expr, String... params) {
    return result("/api/v1/query?query=" + enc(expr), params);
  }

  private static JsonNode instantAt(String expr, long time, String... params) {
    return result("/api/v1/query?query=" + enc(expr) + "&time=" + time, params);
  }

  private static JsonNode range(String expr, long start, long end, int step, String... params) {
    return result("/api/v1/query_range?query=" + enc(expr) + "&start=" + start + "&end=" + end + "&step=" + step, params);
  }

  private static JsonNode result(String pathAndQuery, String... params) {
    String url = query + pathAndQuery + (params.length == 0 ? "" : "&" + String.join("&", params));
    JsonNode body = getJson(url);
    assertThat(body.path("status").asText()).as("%s answered %s", url, body).isEqualTo("success");
    return body.path("data").path("result");
  }

  private static Set<String> instances(JsonNode result, String replica) {
    Set<String> out = new TreeSet<>();
    for (JsonNode s : result) {
      if (s.get("metric").path("replica").asText().equals(replica) && s.get("value").get(1).asText().equals("1")) {
        out.add(s.get("metric").get("instance").asText());
      }
    }
    return out;
  }

  private static JsonNode seriesOfReplica(JsonNode result, String replica) {
    for (JsonNode s : result) {
      if (s.get("metric").path("replica").asText().equals(replica)) {
        return s;
      }
    }
    return null;
  }

  /** instance → [[t, v], ...] of a matrix, to compare two answers regardless of series order. */
  private static Map<String, String> values(JsonNode matrix) {
    Map<String, String> out = new HashMap<>();
    for (JsonNode s : matrix) {
      out.put(s.get("metric").toString(), s.get("values").toString());
    }
    return out;
  }

  private static JsonNode getJson(String url) {
    Http.Response r = Http.get(url);
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError(url + " answered " + r.status() + " with no JSON: " + r.body(), e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(p);
      }
    }
  }
}
