package io.thanosj.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.thanosj.service.probe.Probe;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.grpc.GrpcStoreClient;
import io.thanosj.storeapi.proto.LabelMatcher;
import io.thanosj.storeapi.proto.LabelNamesRequest;
import io.thanosj.storeapi.proto.SeriesRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A role started through ThanosRole on free ports, probed over real HTTP and gRPC (Netty) connections. */
class ThanosRoleTest {

  private static RunningRole role;
  private static GrpcStoreClient client;
  private static ManagedChannel channel;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    role = ThanosRole.start("test", TestRoleApplication.class, TestRoleApplication.TestRoleFlags.class,
        "--http-address=127.0.0.1:0", "--grpc-address=127.0.0.1:0", "--test.series=250",
        "--grpc-grace-period=5s", "--http-grace-period=5s");
    client = GrpcStoreClient.connect("127.0.0.1:" + role.grpcPort(), GrpcStoreClient.Options.DEFAULT);
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", role.grpcPort()).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    client.close();
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    role.close();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + role.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void probesFollowTheRolesReadinessChecksOverHttpAndGrpcHealth() throws Exception {
    Probe probe = role.bean(Probe.class);
    var health = HealthGrpc.newBlockingStub(channel);
    HealthCheckRequest overall = HealthCheckRequest.newBuilder().setService("").build();
    try {
      TestRoleApplication.READY_GATE.set(false);
      probe.refresh();
      assertThat(get("/-/healthy")).satisfies(r -> {
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("OK");
      });
      assertThat(get("/-/ready")).satisfies(r -> {
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).isEqualTo("NOT OK\n");
      });
      assertThat(health.check(overall).getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
      assertThat(metrics()).contains("thanos_status{check=\"ready\",component=\"test\"} 0");
    } finally {
      TestRoleApplication.READY_GATE.set(true);
      probe.refresh();
    }
    assertThat(get("/-/ready").statusCode()).isEqualTo(200);
    assertThat(health.check(overall).getStatus()).isEqualTo(ServingStatus.SERVING);
    assertThat(metrics()).contains("thanos_status{check=\"ready\",component=\"test\"} 1",
        "thanos_status{check=\"healthy\",component=\"test\"} 1");
  }

  @Test
  void servesTheStoreApiBeanOverGrpc() {
    SeriesRequest req = SeriesRequest.newBuilder().setMaxTime(Long.MAX_VALUE)
        .addMatchers(LabelMatcher.newBuilder().setName("__name__").setValue("up")).build();
    int n = 0;
    try (SeriesSet set = client.series(req)) {
      while (set.next()) {
        n++;
      }
    }
    assertThat(n).isEqualTo(250);
    assertThat(client.info().getComponentType()).isEqualTo("store");
    assertThat(client.labelNames(LabelNamesRequest.getDefaultInstance()).getNamesList()).containsExactly("__name__", "i");
  }

  @Test
  void badRegexOverTheWireIsInvalidArgument() {
    SeriesRequest bad = SeriesRequest.newBuilder()
        .addMatchers(LabelMatcher.newBuilder().setType(LabelMatcher.Type.RE).setName("job").setValue("(")).build();
    assertThatThrownBy(() -> {
      try (SeriesSet set = client.series(bad)) {
        set.next();
      }
    }).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  @Test
  void metricsUseThanosNames() throws Exception {
    client.info();
    try (SeriesSet set = client.series(SeriesRequest.newBuilder()
        .addMatchers(LabelMatcher.newBuilder().setName("i").setValue("00001")).build())) {
      while (set.next()) {
        // drain
      }
    }
    get("/-/healthy");
    HttpResponse<String> r = get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
    assertThat(r.body()).contains(
        "grpc_server_handled_total{grpc_code=\"OK\",grpc_method=\"Info\",grpc_service=\"thanos.info.Info\",grpc_type=\"unary\"}",
        "grpc_server_started_total{grpc_method=\"Series\",grpc_service=\"thanos.Store\",grpc_type=\"server_stream\"}",
        "grpc_server_msg_sent_total{grpc_method=\"Series\",grpc_service=\"thanos.Store\",grpc_type=\"server_stream\"}",
        "grpc_server_handling_seconds_bucket{grpc_method=\"Info\",grpc_service=\"thanos.info.Info\",grpc_type=\"unary\",le=\"0.1\"}",
        "http_requests_total{code=\"200\",handler=\"/-/healthy\",method=\"get\"}",
        "http_request_duration_seconds_bucket{code=\"200\",handler=\"/-/healthy\",method=\"get\",le=\"0.3\"}",
        "thanos_build_info{branch=",
        "# TYPE grpc_server_handled_total counter");
    assertThat(get("/actuator/health").statusCode()).isEqualTo(404);
  }

  private static String metrics() throws Exception {
    return get("/metrics").body();
  }

  @Test
  void grpcReflectionListsTheThanosServices() throws Exception {
    CompletableFuture<List<String>> services = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> req = ServerReflectionGrpc.newStub(channel).serverReflectionInfo(
        new StreamObserver<ServerReflectionResponse>() {
          @Override
          public void onNext(ServerReflectionResponse r) {
            List<String> names = new ArrayList<>();
            for (ServiceResponse s : r.getListServicesResponse().getServiceList()) {
              names.add(s.getName());
            }
            services.complete(names);
          }

          @Override
          public void onError(Throwable t) {
            services.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {}
        });
    req.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    req.onCompleted();
    assertThat(services.get(5, TimeUnit.SECONDS))
        .contains("thanos.Store", "thanos.info.Info", "grpc.health.v1.Health");
  }
}
