package io.thanosj.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.grpc.GrpcStoreClient;
import io.thanosj.storeapi.proto.LabelMatcher;
import io.thanosj.storeapi.proto.SeriesRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SIGTERM semantics (context close): stop accepting, let the in-flight Series stream finish. */
class ThanosRoleGracefulShutdownTest {

  @Test
  void closingStopsAcceptingButFinishesInFlightStreams() throws Exception {
    RunningRole role = ThanosRole.start("test", TestRoleApplication.class, TestRoleApplication.TestRoleFlags.class,
        "--http-address=127.0.0.1:0", "--grpc-address=127.0.0.1:0", "--grpc-grace-period=20s", "--http-grace-period=1s");
    String target = "127.0.0.1:" + role.grpcPort();
    TestRoleApplication.seriesGate = new CountDownLatch(1);
    int callsBefore = TestRoleApplication.SERIES_CALLS.get();
    try (GrpcStoreClient client = GrpcStoreClient.connect(target, GrpcStoreClient.Options.DEFAULT)) {
      SeriesSet set = client.series(SeriesRequest.newBuilder()
          .addMatchers(LabelMatcher.newBuilder().setName("__name__").setValue("up")).build());
      CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
        int n = 0;
        while (set.next()) {
          n++;
        }
        return n;
      });
      waitFor(() -> TestRoleApplication.SERIES_CALLS.get() > callsBefore);

      CompletableFuture<Void> closing = CompletableFuture.runAsync(role::close);
      // New connections are refused while the in-flight stream is still held by the store.
      waitFor(() -> {
        try (GrpcStoreClient late = GrpcStoreClient.connect(target, GrpcStoreClient.Options.DEFAULT.withTimeout(Duration.ofSeconds(1)))) {
          late.info();
          return false;
        } catch (StatusRuntimeException e) {
          return e.getStatus().getCode() == Status.Code.UNAVAILABLE || e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED;
        }
      });
      assertThat(closing).isNotDone();
      assertThat(read).isNotDone();

      TestRoleApplication.seriesGate.countDown();
      assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(100);
      closing.get(20, TimeUnit.SECONDS);
      assertThat(role.context().isActive()).isFalse();
    } finally {
      TestRoleApplication.seriesGate.countDown();
      TestRoleApplication.seriesGate = null;
    }
    assertThatThrownBy(() -> role.grpcPort()).isInstanceOf(IllegalStateException.class);
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 15s");
      }
      Thread.sleep(50);
    }
  }
}
