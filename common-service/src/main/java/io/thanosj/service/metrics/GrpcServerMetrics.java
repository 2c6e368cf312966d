package io.thanosj.service.metrics;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The gRPC server metrics Thanos exposes through go-grpc-prometheus, with the same names and labels
 * so that existing dashboards work: {@code grpc_server_started_total},
 * {@code grpc_server_handled_total{grpc_code}}, {@code grpc_server_msg_received_total},
 * {@code grpc_server_msg_sent_total} and the {@code grpc_server_handling_seconds} histogram, all
 * labelled {@code grpc_service}, {@code grpc_method}, {@code grpc_type}. Codes use Go's names
 * ({@code OK}, {@code Canceled}, {@code InvalidArgument}, ...).
 */
public final class GrpcServerMetrics implements ServerInterceptor {

  /** Thanos' buckets for grpc_server_handling_seconds (pkg/extgrpc). */
  private static final double[] BUCKETS = {0.001, 0.01, 0.1, 0.3, 0.6, 1, 3, 6, 9, 20, 30, 60, 90, 120, 240, 360, 720};

  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, MethodMeters> byMethod = new ConcurrentHashMap<>();

  public GrpcServerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    MethodMeters meters = byMethod.computeIfAbsent(call.getMethodDescriptor().getFullMethodName(), k -> new MethodMeters(call.getMethodDescriptor()));
    meters.started.increment();
    long startNanos = System.nanoTime();
    AtomicBoolean handled = new AtomicBoolean();
    Runnable recordCanceled = () -> {
      if (handled.compareAndSet(false, true)) {
        meters.handled(Status.Code.CANCELLED).increment();
        meters.handling.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
      }
    };
    ServerCall<Q, R> counted =
        new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          @Override
          public void sendMessage(R message) {
            super.sendMessage(message);
            meters.sent.increment();
          }

          @Override
          public void close(Status status, Metadata trailers) {
            if (handled.compareAndSet(false, true)) {
              meters.handled(status.getCode()).increment();
              meters.handling.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
            }
            super.close(status, trailers);
          }
        };
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(counted, headers)) {
      @Override
      public void onMessage(Q message) {
        meters.received.increment();
        super.onMessage(message);
      }

      @Override
      public void onCancel() {
        recordCanceled.run();
        super.onCancel();
      }
    };
  }

  private final class MethodMeters {
    final String service;
    final String method;
    final String type;
    final Counter started;
    final Counter received;
    final Counter sent;
    final Timer handling;
    final AtomicReferenceArray<Counter> handledByCode = new AtomicReferenceArray<>(Status.Code.values().length);

    MethodMeters(MethodDescriptor<?, ?> md) {
      service = md.getServiceName();
      method = md.getBareMethodName();
      type = switch (md.getType()) {
        case UNARY -> "unary";
        case CLIENT_STREAMING -> "client_stream";
        case SERVER_STREAMING -> "server_stream";
        case BIDI_STREAMING -> "bidi_stream";
        case UNKNOWN -> "unknown";
      };
      started = counter("grpc.server.started", "Total number of RPCs started on the server.");
      received = counter("grpc.server.msg.received", "Total number of RPC stream messages received on the server.");
      sent = counter("grpc.server.msg.sent", "Total number of gRPC stream messages sent by the server.");
      Duration[] slos = new Duration[BUCKETS.length];
      for (int i = 0; i < BUCKETS.length; i++) {
        slos[i] = Duration.ofNanos((long) (BUCKETS[i] * 1e9));
      }
      handling = Timer.builder("grpc.server.handling")
          .description("Histogram of response latency (seconds) of gRPC that had been application-level handled by the server.")
          .tags("grpc_service", service, "grpc_method", method, "grpc_type", type)
          .serviceLevelObjectives(slos)
          .register(registry);
    }

    private Counter counter(String name, String help) {
      return Counter.builder(name).description(help)
          .tags("grpc_service", service, "grpc_method", method, "grpc_type", type)
          .register(registry);
    }

    Counter handled(Status.Code code) {
      Counter c = handledByCode.get(code.ordinal());
      if (c == null) {
        c = Counter.builder("grpc.server.handled")
            .description("Total number of RPCs completed on the server, regardless of success or failure.")
            .tags("grpc_service", service, "grpc_method", method, "grpc_type", type, "grpc_code", goName(code))
            .register(registry);
        handledByCode.set(code.ordinal(), c);
      }
      return c;
    }
  }

  /** Go's codes.Code.String(), which go-grpc-prometheus puts in grpc_code. */
  static String goName(Status.Code code) {
    return switch (code) {
      case OK -> "OK";
      case CANCELLED -> "Canceled";
      case UNKNOWN -> "Unknown";
      case INVALID_ARGUMENT -> "InvalidArgument";
      case DEADLINE_EXCEEDED -> "DeadlineExceeded";
      case NOT_FOUND -> "NotFound";
      case ALREADY_EXISTS -> "AlreadyExists";
      case PERMISSION_DENIED -> "PermissionDenied";
      case RESOURCE_EXHAUSTED -> "ResourceExhausted";
      case FAILED_PRECONDITION -> "FailedPrecondition";
      case ABORTED -> "Aborted";
      case OUT_OF_RANGE -> "OutOfRange";
      case UNIMPLEMENTED -> "Unimplemented";
      case INTERNAL -> "Internal";
      case UNAVAILABLE -> "Unavailable";
      case DATA_LOSS -> "DataLoss";
      case UNAUTHENTICATED -> "Unauthenticated";
    };
  }
}
