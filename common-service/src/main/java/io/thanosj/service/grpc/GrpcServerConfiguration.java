package io.thanosj.service.grpc;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micrometer.core.instrument.MeterRegistry;
import io.thanosj.service.flags.CommonFlags;
import io.thanosj.service.metrics.GrpcServerMetrics;
import io.thanosj.storeapi.StoreApi;
import io.thanosj.storeapi.grpc.GoCompatibleTransport;
import io.thanosj.storeapi.grpc.InfoGrpcService;
import io.thanosj.storeapi.grpc.MalformedRequestGuard;
import io.thanosj.storeapi.grpc.StoreGrpcService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.devh.boot.grpc.server.interceptor.GrpcGlobalServerInterceptor;
import net.devh.boot.grpc.server.serverfactory.GrpcServerConfigurer;
import net.devh.boot.grpc.server.service.GrpcService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gRPC server every role runs on {@code --grpc-address} (net.devh's starter owns the server and
 * its graceful shutdown; {@code --grpc-grace-period} becomes its grace period): Go-compatible
 * transport settings, Thanos' metrics, health and reflection services, and — when the role
 * provides a {@link StoreApi} bean — {@code thanos.Store} and {@code thanos.info.Info} over it.
 */
@Configuration(proxyBeanMethods = false)
public class GrpcServerConfiguration {

  /** Upper bound on concurrently pulled Series streams; more wait in the queue. */
  static final int SERIES_THREADS = 128;

  @Bean
  GrpcServerConfigurer goCompatibleGrpcServer(CommonFlags flags) {
    return builder -> {
      if (builder instanceof NettyServerBuilder netty) {
        GoCompatibleTransport.configure(netty, GoCompatibleTransport.MAX_MESSAGE_SIZE);
        if (!flags.grpcServerMaxConnectionAge().isZero()) {
          netty.maxConnectionAge(flags.grpcServerMaxConnectionAge().toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    };
  }

  @Bean
  @GrpcGlobalServerInterceptor
  GrpcServerMetrics grpcServerMetrics(MeterRegistry registry) {
    return new GrpcServerMetrics(registry);
  }

  @Bean
  GrpcServerPort grpcServerPort() {
    return new GrpcServerPort();
  }

  /** Runs Series pull loops, which may block on store I/O, off gRPC's transport threads. */
  @Bean(destroyMethod = "shutdownNow")
  ExecutorService seriesExecutor() {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads = r -> {
      Thread t = new Thread(r, "series-stream-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    ThreadPoolExecutor pool = new ThreadPoolExecutor(
        SERIES_THREADS, SERIES_THREADS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Reflection v1 next to the starter's v1alpha: grpcurl and current tooling ask for v1 first, and
   * Go Thanos serves both.
   */
  @Bean
  @GrpcService
  BindableService grpcReflectionV1() {
    return ProtoReflectionServiceV1.newInstance();
  }

  @Bean
  @GrpcService
  @ConditionalOnBean(StoreApi.class)
  BindableService thanosStoreService(StoreApi store, ExecutorService seriesExecutor) {
    ServerServiceDefinition guarded = MalformedRequestGuard.wrap(new StoreGrpcService(store, seriesExecutor).bindService());
    return () -> guarded;
  }

  @Bean
  @GrpcService
  @ConditionalOnBean(StoreApi.class)
  BindableService thanosInfoService(StoreApi store) {
    ServerServiceDefinition guarded = MalformedRequestGuard.wrap(new InfoGrpcService(store).bindService());
    return () -> guarded;
  }
}
