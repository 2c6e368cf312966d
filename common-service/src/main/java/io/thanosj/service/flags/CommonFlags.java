package io.thanosj.service.flags;

import java.time.Duration;

/** The flags every ThanosJ role accepts, with Thanos' names, defaults and meaning. */
public record CommonFlags(
    @Flag(name = "http-address", defaultValue = "0.0.0.0:10902",
        help = "Listen host:port for HTTP endpoints (/metrics, /-/healthy, /-/ready and the role's APIs).")
    HostPort httpAddress,
    @Flag(name = "http-grace-period", defaultValue = "2m",
        help = "Time to wait after an interrupt for in-flight HTTP requests to finish.")
    Duration httpGracePeriod,
    @Flag(name = "grpc-address", defaultValue = "0.0.0.0:10901",
        help = "Listen host:port for gRPC endpoints (StoreAPI, Info). Make sure this address is routable from other components.")
    HostPort grpcAddress,
    @Flag(name = "grpc-grace-period", defaultValue = "2m",
        help = "Time to wait after an interrupt for in-flight gRPC calls and streams to finish.")
    Duration grpcGracePeriod,
    @Flag(name = "grpc-server-max-connection-age", defaultValue = "60m",
        help = "The gRPC server closes connections older than this (with GOAWAY), so clients re-resolve and rebalance.")
    Duration grpcServerMaxConnectionAge,
    @Flag(name = "log.level", defaultValue = "info", help = "Log filtering level: debug, info, warn or error.")
    LogLevel logLevel,
    @Flag(name = "log.format", defaultValue = "logfmt", help = "Log format to use: logfmt or json.")
    LogFormat logFormat) {}
