/**
 * What every ThanosJ role shares. A role module needs three things:
 *
 * <pre>{@code
 * // 1. Its flags, in one record, with Thanos' names, defaults and help text.
 * public record SidecarFlags(
 *     @Flag(name = "prometheus.url", defaultValue = "http://localhost:9090",
 *         help = "URL at which to reach Prometheus's API.") URI prometheusUrl,
 *     @Flag(name = "tsdb.path", defaultValue = "./data", help = "Data directory of TSDB.") Path tsdbPath,
 *     ObjstoreConfigFlags objstore) {}          // a shared flag group, declared once in common-service
 *
 * // 2. A main that hands over to ThanosRole.
 * @SpringBootApplication
 * public class SidecarApplication {
 *   public static void main(String[] args) {
 *     ThanosRole.run("sidecar", SidecarApplication.class, SidecarFlags.class, args);
 *   }
 * }
 *
 * // 3. Beans: the flag records are injectable (SidecarFlags, CommonFlags); a StoreApi bean is
 * //    served as thanos.Store + thanos.info.Info on --grpc-address; ReadinessCheck beans drive
 * //    /-/ready and the gRPC health status.
 * @Bean StoreApi store(SidecarFlags flags) { ... }
 * @Bean ReadinessCheck prometheusUp(...) { ... }
 * }</pre>
 *
 * <p>Tests start a role in-process on free ports with {@code ThanosRole.start("sidecar",
 * SidecarApplication.class, SidecarFlags.class, "--http-address=127.0.0.1:0",
 * "--grpc-address=127.0.0.1:0", ...)} and read the bound ports from the returned {@link
 * io.thanosj.service.RunningRole}.
 */
package io.thanosj.service;
