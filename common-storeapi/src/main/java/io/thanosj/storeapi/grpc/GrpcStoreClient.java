package io.thanosj.storeapi.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.StoreApi;
import io.thanosj.storeapi.proto.LabelNamesRequest;
import io.thanosj.storeapi.proto.LabelNamesResponse;
import io.thanosj.storeapi.proto.LabelValuesRequest;
import io.thanosj.storeapi.proto.LabelValuesResponse;
import io.thanosj.storeapi.proto.SeriesRequest;
import io.thanosj.storeapi.proto.StoreGrpc;
import io.thanosj.storeapi.proto.info.InfoGrpc;
import io.thanosj.storeapi.proto.info.InfoRequest;
import io.thanosj.storeapi.proto.info.InfoResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A remote StoreAPI endpoint (Thanos or ThanosJ) as a {@link StoreApi}.
 *
 * <p>Every call runs in the caller's {@link io.grpc.Context}: its deadline bounds the call (together
 * with {@link Options#timeout()}, the earlier wins) and its cancellation cancels the call, so a
 * query that is abandoned stops the remote work too. Errors are the remote status with the
 * endpoint named in the description.
 */
public final class GrpcStoreClient implements StoreApi, AutoCloseable {

  /**
   * @param timeout per-call deadline; zero means only the caller's Context deadline applies
   * @param maxInboundMessageSize largest response frame accepted (Thanos: MaxInt32)
   * @param prefetch Series frames requested ahead of the consumer
   */
  public record Options(Duration timeout, int maxInboundMessageSize, int prefetch) {
    public static final Options DEFAULT = new Options(Duration.ZERO, GoCompatibleTransport.MAX_MESSAGE_SIZE, 8);

    public Options {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("timeout must not be negative: " + timeout);
      }
      if (maxInboundMessageSize <= 0 || prefetch <= 0) {
        throw new IllegalArgumentException("maxInboundMessageSize and prefetch must be positive");
      }
    }

    public Options withTimeout(Duration t) {
      return new Options(t, maxInboundMessageSize, prefetch);
    }
  }

  private final Channel channel;
  private final ManagedChannel ownedChannel;
  private final String endpoint;
  private final Options options;

  /** A client over a channel the caller owns (and closes). */
  public GrpcStoreClient(Channel channel, String endpoint, Options options) {
    this(channel, null, endpoint, options);
  }

  private GrpcStoreClient(Channel channel, ManagedChannel owned, String endpoint, Options options) {
    this.channel = channel;
    this.ownedChannel = owned;
    this.endpoint = endpoint;
    this.options = options;
  }

  /** A client with its own plaintext channel to {@code target} (host:port or a gRPC target URI). */
  public static GrpcStoreClient connect(String target, Options options) {
    ManagedChannel ch =
        GoCompatibleTransport.configure(NettyChannelBuilder.forTarget(target), options.maxInboundMessageSize()).build();
    return new GrpcStoreClient(ch, ch, target, options);
  }

  public String endpoint() {
    return endpoint;
  }

  private CallOptions callOptions() {
    return CallOptions.DEFAULT.withMaxInboundMessageSize(options.maxInboundMessageSize()).withDeadline(deadline());
  }

  /** The per-call deadline, or null for none; grpc-java also applies the caller's Context deadline. */
  private Deadline deadline() {
    return options.timeout().isZero() ? null : Deadline.after(options.timeout().toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Calls {@code thanos.info.Info}; a store that does not implement it (Thanos up to v0.36 sidecars
   * and stores) is asked through the legacy {@code thanos.Store/Info} instead.
   */
  @Override
  public InfoResponse info() {
    return remote(
        () -> {
          try {
            return InfoGrpc.newBlockingStub(channel)
                .withMaxInboundMessageSize(options.maxInboundMessageSize())
                .withDeadline(deadline())
                .info(InfoRequest.getDefaultInstance());
          } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
              throw e;
            }
            return LegacyStoreInfo.fromLegacy(
                StoreGrpc.newBlockingStub(channel)
                    .withMaxInboundMessageSize(options.maxInboundMessageSize())
                    .withDeadline(deadline())
                    .info(io.thanosj.storeapi.proto.InfoRequest.getDefaultInstance()));
          }
        });
  }

  @Override
  public SeriesSet series(SeriesRequest request) {
    RemoteSeriesSet set = new RemoteSeriesSet(channel.newCall(StoreGrpc.getSeriesMethod(), callOptions()), endpoint);
    set.start(request, options.prefetch());
    return set;
  }

  @Override
  public LabelNamesResponse labelNames(LabelNamesRequest request) {
    return remote(() -> store().labelNames(request));
  }

  @Override
  public LabelValuesResponse labelValues(LabelValuesRequest request) {
    return remote(() -> store().labelValues(request));
  }

  private StoreGrpc.StoreBlockingStub store() {
    return StoreGrpc.newBlockingStub(channel)
        .withMaxInboundMessageSize(options.maxInboundMessageSize())
        .withDeadline(deadline());
  }

  private <T> T remote(Supplier<T> call) {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      throw GrpcStatuses.fromEndpoint(endpoint, e.getStatus());
    }
  }

  /** Shuts down the channel if this client created it; calls in flight are cancelled. */
  @Override
  public void close() {
    if (ownedChannel != null) {
      ownedChannel.shutdownNow();
      try {
        ownedChannel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
