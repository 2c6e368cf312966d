package io.thanosj.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thanosj.service.RunningRole;
import io.thanosj.service.ThanosRole;
import io.thanosj.sidecar.testing.HttpGet;
import io.thanosj.sidecar.testing.RealPrometheus;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.grpc.GrpcStoreClient;
import io.thanosj.storeapi.proto.Label;
import io.thanosj.storeapi.proto.LabelMatcher;
import io.thanosj.storeapi.proto.LabelNamesRequest;
import io.thanosj.storeapi.proto.SeriesRequest;
import io.thanosj.storeapi.proto.info.InfoResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole sidecar role in this JVM, over gRPC and HTTP, in front of a real Prometheus. */
class SidecarRoleWithRealPrometheusTest {

  static final long T0 = 1_700_000_000_000L;

  @TempDir static Path dir;
  static RealPrometheus prometheus;
  static RunningRole sidecar;
  static GrpcStoreClient client;

  @BeforeAll
  static void start() throws Exception {
    StringBuilder om = new StringBuilder("# TYPE m gauge\n");
    for (String job : List.of("a", "b")) {
      for (int i = 0; i < 240; i++) {
        om.append("m{job=\"").append(job).append("\"} ").append(i).append(' ').append(T0 / 1000 + i * 15L).append('\n');
      }
    }
    RealPrometheus.createBlocks(om.append("# EOF\n").toString(), dir.resolve("data"));
    prometheus = RealPrometheus.start(dir, "global:\n  external_labels:\n    cluster: eu\n    replica: r1\n", dir.resolve("data"));
    sidecar = ThanosRole.start("sidecar", SidecarApplication.class, SidecarFlags.class,
        "--http-address=127.0.0.1:0", "--grpc-address=127.0.0.1:0",
        "--prometheus.url=" + prometheus.url(), "--prometheus.get_config_interval=1s",
        "--tsdb.path=" + dir.resolve("data"));
    client = GrpcStoreClient.connect("127.0.0.1:" + sidecar.grpcPort(), GrpcStoreClient.Options.DEFAULT);
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (status("/-/ready") != 200) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("sidecar not ready");
      }
      Thread.sleep(100);
    }
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (sidecar != null) {
      sidecar.close();
    }
    if (prometheus != null) {
      prometheus.close();
    }
  }

  static int status(String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sidecar.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void infoOverGrpcAdvertisesTheExternalLabels() {
    InfoResponse info = client.info();
    assertThat(info.getComponentType()).isEqualTo("sidecar");
    assertThat(info.getLabelSets(0).getLabelsList()).extracting(l -> l.getName() + "=" + l.getValue()).containsExactly("cluster=eu", "replica=r1");
    assertThat(info.getStore().getMinTime()).isEqualTo(T0);
  }

  @Test
  void seriesOverGrpcCarryExternalLabelsAndChunks() {
    List<String> got = new ArrayList<>();
    try (SeriesSet set = client.series(SeriesRequest.newBuilder().setMinTime(T0).setMaxTime(T0 + 3_600_000)
        .addMatchers(LabelMatcher.newBuilder().setName("__name__").setValue("m")).build())) {
      while (set.next()) {
        StringBuilder sb = new StringBuilder();
        for (Label l : set.at().getLabelsList()) {
          sb.append(l.getName()).append('=').append(l.getValue()).append(',');
        }
        assertThat(set.at().getChunksCount()).isPositive();
        got.add(sb.toString());
      }
    }
    assertThat(got).containsExactly("__name__=m,cluster=eu,job=a,replica=r1,", "__name__=m,cluster=eu,job=b,replica=r1,");
  }

  @Test
  void labelNamesOverGrpc() {
    assertThat(client.labelNames(LabelNamesRequest.newBuilder().setStart(T0).setEnd(T0 + 3_600_000).build()).getNamesList())
        .containsExactly("__name__", "cluster", "job", "replica");
  }

  @Test
  void metricsShowPrometheusUp() {
    String metrics = HttpGet.body("http://127.0.0.1:" + sidecar.httpPort() + "/metrics");
    assertThat(metrics).contains("thanos_sidecar_prometheus_up 1.0");
    assertThat(metrics).contains("thanos_status{check=\"ready\",component=\"sidecar\"} 1.0");
  }

  @Test
  void unsupportedFlagValuesStopStartUpWithAClearMessage() {
    assertThatThrownBy(() -> ThanosRole.start("sidecar", SidecarApplication.class, SidecarFlags.class,
        "--http-address=127.0.0.1:0", "--grpc-address=127.0.0.1:0", "--reloader.method=signal", "--prometheus.url=http://127.0.0.1:1"))
        .hasStackTraceContaining("--reloader.method=signal is not supported by ThanosJ; use http");
  }
}
