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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The README's main command, {@code bin/thanosj up}, as a user runs it: two real Prometheus 2.42
 * replicas with our sidecars, our store gateway over a FILESYSTEM bucket and our querier. The tests
 * run in order over one stack: deduplicated data first, then blocks served by the store gateway, then
 * a replica killed, and last {@code bin/thanosj down}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackWithRealPrometheusTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static Path state;
  private static Properties ports;
  private static String query;
  private static long upAtMs;

  @BeforeAll
  static void up() throws Exception {
    state = E2eEnvironment.projectRoot().resolve("e2e-tests/target/e2e/LocalStack/state");
    run(Duration.ofMinutes(1), "down", "--purge"); // a stack left by an earlier, killed run
    upAtMs = System.currentTimeMillis();
    Result up = run(Duration.ofMinutes(6), "up");
    assertThat(up.exitCode()).as("bin/thanosj up:\n%s", up.output()).isZero();
    assertThat(up.output()).contains("query UI and HTTP API", "prometheus replica 0", "prometheus replica 1");
    ports = new Properties();
    try (var in = Files.newBufferedReader(state.resolve("stack.env"))) {
      ports.load(in);
    }
    query = "http://127.0.0.1:" + ports.getProperty("QUERY_HTTP");
  }

  @AfterAll
  static void stopWhatIsLeft() throws Exception {
    if (state != null) {
      run(Duration.ofMinutes(1), "down");
    }
  }

  @Test
  @Order(1)
  void queriesReturnDeduplicatedDataFromBothReplicasWithinAMinute() {
    JsonNode deduplicated = Poll.untilValue(Duration.ofSeconds(60), "up{job=\"prometheus\"} through the querier", () -> {
      JsonNode r = instant("up{job=\"prometheus\"}", Map.of());
      return r.size() == 2 ? r : null;
    });
    for (JsonNode series : deduplicated) {
      assertThat(series.get("metric").has("replica")).isFalse();
      assertThat(series.get("metric").get("region").asText()).isEqualTo("local");
      assertThat(series.get("value").get(1).asText()).isEqualTo("1");
    }
    JsonNode raw = instant("up{job=\"prometheus\"}", Map.of("dedup", "false"));
    Set<String> replicas = new HashSet<>();
    for (JsonNode series : raw) {
      replicas.add(series.get("metric").get("replica").asText());
    }
    assertThat(raw).hasSize(4);
    assertThat(replicas).containsExactlyInAnyOrder("0", "1");
    assertThat(System.currentTimeMillis() - upAtMs).isLessThan(TimeUnit.MINUTES.toMillis(7));
  }

  @Test
  @Order(2)
  void dataOlderThanTheFirstShippedBlockIsServedByTheStoreGateway() throws Exception {
    Path bucket = state.resolve("bucket");
    JsonNode meta = Poll.untilValue(Duration.ofMinutes(6), "a block shipped to " + bucket, () -> firstBlockMeta(bucket));
    long blockMin = meta.get("minTime").asLong();
    long blockMax = meta.get("maxTime").asLong();
    assertThat(meta.get("thanos").get("source").asText()).isEqualTo("sidecar");

    String store = "127.0.0.1:" + ports.getProperty("STORE_GRPC");
    Poll.until(Duration.ofMinutes(2), "the store gateway to announce the shipped block", () -> {
      for (JsonNode s : json(Http.get(query + "/api/v1/stores")).get("data").path("store")) {
        if (s.get("name").asText().equals(store) && s.get("minTime").asLong() <= blockMin) {
          return true;
        }
      }
      return false;
    });
    // Only the store gateway answers this query (storeMatch[] selects it by address), at a time inside
    // the block, so the samples can only come from the bucket.
    long at = blockMax - 1;
    JsonNode fromStore = instant("count_over_time(up{job=\"prometheus\"}[1m])",
        Map.of("time", seconds(at), "storeMatch[]", "{__address__=\"" + store + "\"}"));
    assertThat(fromStore).as("series served by the store gateway alone").hasSize(2);
    for (JsonNode series : fromStore) {
      assertThat(series.get("value").get(1).asDouble()).isGreaterThan(0);
    }
  }

  @Test
  @Order(3)
  void killingOnePrometheusLeavesRateGapFree() throws Exception {
    String survivor = "127.0.0.1:" + ports.getProperty("PROM1_PORT");
    // Summed per replica: the counter has one series per sample type. With deduplication the replica
    // label is gone before the sum, so there is one series; without it, one per replica.
    String expr = "sum by (instance, replica) (rate(prometheus_tsdb_head_samples_appended_total{instance=\""
        + survivor + "\"}[30s]))";
    long pid = Long.parseLong(Files.readString(state.resolve("pids/prometheus-0.pid")).trim());
    long killedAt = System.currentTimeMillis();
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    Thread.sleep(45_000);

    long start = killedAt - 30_000;
    long end = killedAt + 40_000;
    int expectedPoints = (int) ((end - start) / 5_000) + 1;
    JsonNode deduplicated = range(expr, start, end, Map.of());
    assertThat(deduplicated).hasSize(1);
    assertThat(deduplicated.get(0).get("values"))
        .as("one point every 5s across the kill, through the querier with deduplication")
        .hasSize(expectedPoints);
    // Replica 0's own copy of the series ends at the kill: the points above came from replica 1.
    JsonNode raw = range(expr, start, end, Map.of("dedup", "false"));
    for (JsonNode series : raw) {
      int points = series.get("values").size();
      if (series.get("metric").get("replica").asText().equals("0")) {
        assertThat(points).isLessThan(expectedPoints);
      } else {
        assertThat(points).isEqualTo(expectedPoints);
      }
    }
  }

  @Test
  @Order(4)
  void downStopsEveryProcess() throws Exception {
    Set<Long> pids = new HashSet<>();
    try (Stream<Path> files = Files.list(state.resolve("pids"))) {
      for (Path f : files.toList()) {
        pids.add(Long.parseLong(Files.readString(f).trim()));
      }
    }
    assertThat(pids).hasSizeGreaterThanOrEqualTo(5);
    Result down = run(Duration.ofMinutes(1), "down");
    assertThat(down.exitCode()).as("bin/thanosj down:\n%s", down.output()).isZero();
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d alive", pid).isFalse();
    }
    List<String> leftovers = new ArrayList<>();
    String marker = state.toString();
    ProcessHandle.allProcesses().forEach(p -> p.info().commandLine().ifPresent(cmd -> {
      if (cmd.contains(marker) && p.isAlive()) {
        leftovers.add(p.pid() + " " + cmd);
      }
    }));
    assertThat(leftovers).as("processes still using the state directory").isEmpty();
    Result status = run(Duration.ofSeconds(30), "status");
    assertThat(status.output()).doesNotContain(" ready ");
  }

  private static JsonNode firstBlockMeta(Path bucket) {
    if (!Files.isDirectory(bucket)) {
      return null;
    }
    try (Stream<Path> blocks = Files.list(bucket)) {
      JsonNode first = null;
      for (Path block : blocks.toList()) {
        Path meta = block.resolve("meta.json");
        if (Files.isRegularFile(meta)) {
          JsonNode m = MAPPER.readTree(meta.toFile());
          if (first == null || m.get("minTime").asLong() < first.get("minTime").asLong()) {
            first = m;
          }
        }
      }
      return first;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode instant(String expr, Map<String, String> params) {
    StringBuilder url = new StringBuilder(query + "/api/v1/query?query=" + encode(expr));
    params.forEach((k, v) -> url.append('&').append(encode(k)).append('=').append(encode(v)));
    JsonNode body = json(Http.get(url.toString()));
    assertThat(body.get("status").asText()).as(body.toString()).isEqualTo("success");
    return body.get("data").get("result");
  }

  private static JsonNode range(String expr, long startMs, long endMs, Map<String, String> params) {
    StringBuilder url = new StringBuilder(query + "/api/v1/query_range?query=" + encode(expr)
        + "&start=" + seconds(startMs) + "&end=" + seconds(endMs) + "&step=5");
    params.forEach((k, v) -> url.append('&').append(encode(k)).append('=').append(encode(v)));
    JsonNode body = json(Http.get(url.toString()));
    assertThat(body.get("status").asText()).as(body.toString()).isEqualTo("success");
    return body.get("data").get("result");
  }

  private static String seconds(long ms) {
    return String.format("%d.%03d", ms / 1000, ms % 1000);
  }

  private static JsonNode json(Http.Response r) {
    try {
      return MAPPER.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(r.body(), e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private record Result(int exitCode, String output) {}

  /** Runs {@code bin/thanosj ARGS} with this test's state directory, as a user would. */
  private static Result run(Duration timeout, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(E2eEnvironment.projectRoot().resolve("bin/thanosj").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("THANOSJ_STATE", state.toString());
    Path log = Files.createDirectories(state.getParent()).resolve("thanosj-" + args[0] + ".out");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      return new Result(-1, "timed out after " + timeout + "\n" + Files.readString(log));
    }
    return new Result(p.exitValue(), Files.readString(log));
  }
}
