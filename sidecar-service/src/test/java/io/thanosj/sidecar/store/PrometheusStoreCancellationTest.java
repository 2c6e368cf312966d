package io.thanosj.sidecar.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thanosj.sidecar.promclient.PrometheusClient;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.proto.LabelMatcher;
import io.thanosj.storeapi.proto.SeriesRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Series call whose remote read hangs (a local HTTP server that sends the response head and then
 * nothing) ends as soon as its gRPC context is cancelled or its deadline passes: the store closes
 * the connection, which ends the read blocked in it.
 */
@Timeout(30)
class PrometheusStoreCancellationTest {

  private static final CountDownLatch RELEASE = new CountDownLatch(1);
  private static final ExecutorService THREADS = Executors.newCachedThreadPool();
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor();
  private static HttpServer server;
  private static PrometheusStore store;

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(THREADS);
    server.createContext("/api/v1/status/config", x -> answer(x, "{\"status\":\"success\",\"data\":{\"yaml\":\"global:\\n  external_labels:\\n    replica: a\\n\"}}"));
    server.createContext("/metrics", x -> answer(x, "prometheus_tsdb_lowest_timestamp_seconds 0\n"));
    server.createContext("/api/v1/labels", x -> answer(x, "{\"status\":\"success\",\"data\":[\"__name__\"]}"));
    server.createContext("/api/v1/read", x -> {
      x.getRequestBody().readAllBytes();
      x.getResponseHeaders().set("Content-Type", "application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse");
      x.sendResponseHeaders(200, 0); // chunked
      x.getResponseBody().flush();
      try {
        RELEASE.await(30, TimeUnit.SECONDS); // the hang: no frame ever comes
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      x.close();
    });
    server.start();
    PrometheusClient client = new PrometheusClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(5));
    PrometheusMetadata metadata = new PrometheusMetadata(client, Long.MIN_VALUE);
    assertThat(metadata.refresh()).isTrue();
    store = new PrometheusStore(client, metadata, THREADS, new SeriesOrderingMetrics(new SimpleMeterRegistry()));
  }

  @AfterAll
  static void stop() {
    RELEASE.countDown();
    server.stop(0);
    THREADS.shutdownNow();
    TIMER.shutdownNow();
  }

  @Test
  void cancellingTheCallEndsAReadThatIsWaitingForPrometheus() throws Exception {
    Context.CancellableContext call = Context.current().withCancellation();
    SeriesSet set = call.call(() -> store.series(request()));
    TIMER.schedule(() -> call.cancel(null), 300, TimeUnit.MILLISECONDS);
    long t0 = System.nanoTime();
    assertThatThrownBy(set::next).isInstanceOf(StatusRuntimeException.class).hasMessageContaining("remote read from");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(10));
  }

  @Test
  void aPassedDeadlineEndsAReadThatIsWaitingForPrometheus() throws Exception {
    Context.CancellableContext call = Context.current().withDeadlineAfter(300, TimeUnit.MILLISECONDS, TIMER);
    SeriesSet set = call.call(() -> store.series(request()));
    long t0 = System.nanoTime();
    assertThatThrownBy(set::next).isInstanceOf(StatusRuntimeException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    call.cancel(null);
  }

  private static SeriesRequest request() {
    return SeriesRequest.newBuilder().setMinTime(0).setMaxTime(3_600_000)
        .addMatchers(LabelMatcher.newBuilder().setType(LabelMatcher.Type.EQ).setName("__name__").setValue("up"))
        .build();
  }

  private static void answer(HttpExchange x, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(200, b.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(b);
    }
  }
}
