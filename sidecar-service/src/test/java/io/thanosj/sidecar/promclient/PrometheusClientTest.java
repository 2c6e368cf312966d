package io.thanosj.sidecar.promclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrometheusClientTest {

  @Test
  void externalLabelsComeFromTheGlobalSectionOfTheRunningConfig() {
    String yaml = """
        global:
          scrape_interval: 15s
          external_labels:
            cluster: eu-1
            replica: "0"
        scrape_configs: []
        """;
    assertThat(PrometheusClient.externalLabelsFromConfig(yaml, "test")).isEqualTo(Labels.of("cluster", "eu-1", "replica", "0"));
    assertThat(PrometheusClient.externalLabelsFromConfig("global:\n  scrape_interval: 1m\n", "test")).isEqualTo(Labels.EMPTY);
    assertThatThrownBy(() -> PrometheusClient.externalLabelsFromConfig("global: [unclosed", "http://p"))
        .isInstanceOf(PrometheusApiException.class).hasMessageContaining("http://p: cannot parse");
  }

  @Test
  void theLowestTimestampGaugeIsReadInMillisAndNoDataMeansMinInt64() {
    assertThat(PrometheusClient.lowestTimestampFromSample("prometheus_tsdb_lowest_timestamp_seconds 1.7e+09")).isEqualTo(1_700_000_000_000L);
    assertThat(PrometheusClient.lowestTimestampFromSample("prometheus_tsdb_lowest_timestamp_seconds{a=\"b c\"} 1.700000001e+09 123"))
        .isEqualTo(1_700_000_001_000L);
    assertThat(PrometheusClient.lowestTimestampFromSample("prometheus_tsdb_lowest_timestamp_seconds 9.223372036854776e+18")).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void timesAreDecimalSecondsExactToTheMillisecond() {
    assertThat(PrometheusClient.seconds(1_700_000_000_123L)).isEqualTo("1700000000.123");
    assertThat(PrometheusClient.seconds(5_000L)).isEqualTo("5");
    assertThat(PrometheusClient.seconds(-1L)).isEqualTo("-1.999");
  }

  @Test
  void selectorsQuoteValuesWithGoEscapes() {
    String s = Selectors.format(List.of(Matcher.equal("a", "x\"y\\z\n\t\u0001"), Matcher.of(Matcher.Type.NRE, "b", "1|2")));
    assertThat(s).isEqualTo("{a=\"x\\\"y\\\\z\\n\\t\\x01\", b!~\"1|2\"}");
  }

  @Test
  void httpFailuresMapToTheGrpcCodesThanosUses() {
    assertThat(new PrometheusApiException("x", 0).grpcStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(new PrometheusApiException("x", 400).grpcStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(new PrometheusApiException("x", 422).grpcStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(new PrometheusApiException("x", 503).grpcStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void anUnreachablePrometheusIsReportedWithItsUrl() {
    PrometheusClient c = new PrometheusClient(java.net.URI.create("http://127.0.0.1:1/"), java.time.Duration.ofSeconds(2));
    assertThatThrownBy(c::externalLabels)
        .isInstanceOf(PrometheusApiException.class)
        .hasMessageContaining("Prometheus at http://127.0.0.1:1 unreachable")
        .satisfies(e -> assertThat(((PrometheusApiException) e).httpStatus()).isZero());
  }
}
