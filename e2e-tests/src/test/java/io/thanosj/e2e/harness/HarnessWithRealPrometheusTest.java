package io.thanosj.e2e.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The harness itself, against the real Prometheus binary: start, ready, logs, stop, kill, restart. */
class HarnessWithRealPrometheusTest {

  @RegisterExtension static final E2eEnvironment env = new E2eEnvironment();

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static PrometheusProcess prom;

  @BeforeAll
  static void up() {
    PrometheusProcess.Builder b = env.prometheus("prom");
    prom = b.config("""
        global:
          scrape_interval: 1s
          external_labels:
            harness: "yes"
        scrape_configs:
          - job_name: self
            static_configs:
              - targets: ['%s']
        """.formatted(b.address())).start();
  }

  @Test
  void prometheusRunsWithTheGivenConfigAndLogsToItsFile() throws Exception {
    assertThat(prom.isReady()).isTrue();
    Http.Response config = Http.get(prom.url() + "/api/v1/status/config");
    assertThat(config.status()).isEqualTo(200);
    assertThat(config.body()).contains("harness: \\\"yes\\\"");
    String log = Files.readString(prom.process().logFile());
    assertThat(log).contains("Server is ready to receive web requests");
    assertThat(prom.process().logFile()).startsWith(env.logDir());
  }

  @Test
  void stoppedPrometheusIsUnreadyAndComesBackOnTheSamePortWithItsData() throws Exception {
    Poll.until(Duration.ofSeconds(20), "a scraped sample", () ->
        Http.get(prom.url() + "/api/v1/query?query=up").body().contains("\"value\""));
    double killedAt = System.currentTimeMillis() / 1000.0;
    prom.kill();
    assertThat(prom.process().isAlive()).isFalse();
    assertThat(prom.isReady()).isFalse();
    assertThatThrownBy(prom.process()::assertAlive).hasMessageContaining("is not running");

    prom.start();
    prom.awaitReady(Duration.ofSeconds(60));
    // The WAL survived the SIGKILL: the series scraped before is still there.
    JsonNode values = MAPPER.readTree(Http.get(prom.url() + "/api/v1/query?query=up%7Bjob%3D%22self%22%7D%5B1h%5D").body())
        .at("/data/result/0/values");
    assertThat(values.isArray()).isTrue();
    assertThat(values.get(0).get(0).asDouble()).isLessThan(killedAt);
  }

  @Test
  void portsAreNeverHandedOutTwice() {
    int a = Ports.free();
    int b = Ports.free();
    assertThat(a).isNotEqualTo(b).isNotEqualTo(prom.process().pid());
  }

  @Test
  void aMissingRoleJarIsReportedWithTheBuildCommand() {
    assertThatThrownBy(() -> RoleProcess.jar(Role.COMPACT))
        .hasMessageContaining("compactor-service")
        .hasMessageContaining("./mvnw -pl e2e-tests -am verify");
  }
}
