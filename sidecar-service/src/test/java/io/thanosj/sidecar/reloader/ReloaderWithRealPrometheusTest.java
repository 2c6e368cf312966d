package io.thanosj.sidecar.reloader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thanosj.labels.Labels;
import io.thanosj.sidecar.promclient.PrometheusClient;
import io.thanosj.sidecar.testing.RealPrometheus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reloader driving a real Prometheus: config edits and rule files take effect within seconds. */
class ReloaderWithRealPrometheusTest {

  @TempDir static Path dir;
  static Path input;
  static Path output;
  static Path rules;
  static RealPrometheus prometheus;
  static PrometheusClient client;
  static Reloader reloader;
  static SimpleMeterRegistry registry = new SimpleMeterRegistry();

  static String config(String cluster) {
    return """
        global:
          external_labels:
            cluster: %s
            replica: $(REPLICA)
        rule_files:
          - %s/*.yml
        """.formatted(cluster, rules);
  }

  @BeforeAll
  static void start() throws IOException {
    input = dir.resolve("prometheus.yml.tmpl");
    output = dir.resolve("prometheus.yml");
    rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(input, config("eu"));
    // The reloader starts first and renders the file Prometheus then starts from.
    client = new PrometheusClient(java.net.URI.create("http://127.0.0.1:1"), Duration.ofSeconds(5));
    reloader = new Reloader(
        new Reloader.Options(input, output, List.of(rules), Duration.ofSeconds(30), Duration.ofMillis(200)),
        () -> client.reload(), Map.of("REPLICA", "r0"), registry);
    reloader.start();
    assertThat(Files.readString(output)).contains("replica: r0").doesNotContain("$(");
    prometheus = RealPrometheus.startWithConfigFile(dir, output, dir.resolve("data"));
    client = new PrometheusClient(prometheus.url(), Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() {
    reloader.close();
    if (prometheus != null) {
      prometheus.close();
    }
  }

  static void awaitTrue(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10s: " + what);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void editingTheConfigChangesPrometheusRunningConfigWithinSeconds() throws Exception {
    Files.writeString(input, config("us"));
    long t0 = System.nanoTime();
    awaitTrue("cluster=us in Prometheus' running config",
        () -> client.externalLabels().equals(Labels.of("cluster", "us", "replica", "r0")));
    System.out.printf("config edit visible in Prometheus after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    assertThat(registry.counter("thanos_sidecar_reloader_reloads").count()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aNewRuleFileIsLoaded() throws Exception {
    Files.writeString(rules.resolve("r.yml"), """
        groups:
          - name: g
            rules:
              - record: job:up:sum
                expr: sum(up)
        """);
    awaitTrue("rule group g loaded", () -> io.thanosj.sidecar.testing.HttpGet.body(prometheus.url() + "/api/v1/rules").contains("job:up:sum"));
  }

  @Test
  void gzippedConfigIsDecompressed() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
      gz.write("a: $(X)\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(new String(ConfigRendering.render(b.toByteArray(), Map.of("X", "1"), "f"), StandardCharsets.UTF_8)).isEqualTo("a: 1\n");
  }

  @Test
  void anUnsetVariableIsAnErrorNamingIt() throws IOException {
    Path in = Files.writeString(dir.resolve("bad.tmpl"), "x: $(NOPE)\n");
    Reloader bad = new Reloader(new Reloader.Options(in, dir.resolve("bad.yml"), List.of(), Duration.ofMinutes(3), Duration.ofSeconds(5)),
        () -> {}, Map.of(), new SimpleMeterRegistry());
    assertThatThrownBy(bad::start).isInstanceOf(IOException.class)
        .hasMessageContaining("unset environment variable \"NOPE\"").hasMessageContaining(in.toString());
    assertThat(dir.resolve("bad.yml")).doesNotExist();
  }

  @Test
  void aFailedReloadIsRetriedUntilItSucceeds() throws IOException {
    int[] calls = {0};
    Path in = Files.writeString(dir.resolve("retry.tmpl"), "x: 1\n");
    Reloader r = new Reloader(new Reloader.Options(in, dir.resolve("retry.yml"), List.of(), Duration.ofSeconds(10), Duration.ofMillis(10)),
        () -> {
          if (++calls[0] < 3) {
            throw new IllegalStateException("Prometheus not up yet");
          }
        }, Map.of(), new SimpleMeterRegistry());
    r.apply();
    assertThat(calls[0]).isEqualTo(3);
    r.apply(); // unchanged content: no further reload
    assertThat(calls[0]).isEqualTo(3);
  }
}
