package io.thanosj.storeapi.grpc;

import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.util.concurrent.TimeUnit;

/**
 * grpc-java transport settings that Go Thanos peers need. grpc-java's defaults break against them:
 * a 4 MiB inbound message limit (Thanos allows MaxInt32 both ways; one Series frame with many
 * chunks passes 4 MiB easily) and a server keepalive policy that answers the Go client's 10 s pings
 * with GOAWAY {@code too_many_pings} (grpc-java permits one ping per 5 minutes by default).
 */
public final class GoCompatibleTransport {

  /** Thanos' servers and querier accept messages up to MaxInt32. */
  public static final int MAX_MESSAGE_SIZE = Integer.MAX_VALUE;

  /** Thanos' gRPC clients ping every 10 s and give up on an answer after 5 s. */
  public static final long KEEPALIVE_TIME_SECONDS = 10;

  public static final long KEEPALIVE_TIMEOUT_SECONDS = 5;

  private GoCompatibleTransport() {}

  /** Server settings: large messages, tolerate the Go client's 10 s pings, also between calls. */
  public static NettyServerBuilder configure(NettyServerBuilder server, int maxInboundMessageSize) {
    return server
        .maxInboundMessageSize(maxInboundMessageSize)
        .maxInboundMetadataSize(1 << 20)
        .permitKeepAliveTime(KEEPALIVE_TIME_SECONDS, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true);
  }

  /**
   * Client settings for a plaintext StoreAPI endpoint: Go's keepalive cadence (10 s, at least what
   * Go servers permit) only while calls are active, and large inbound messages.
   */
  public static NettyChannelBuilder configure(NettyChannelBuilder channel, int maxInboundMessageSize) {
    return channel
        .usePlaintext()
        .maxInboundMessageSize(maxInboundMessageSize)
        .keepAliveTime(KEEPALIVE_TIME_SECONDS, TimeUnit.SECONDS)
        .keepAliveTimeout(KEEPALIVE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .keepAliveWithoutCalls(false);
  }
}
