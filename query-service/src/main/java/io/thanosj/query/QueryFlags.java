package io.thanosj.query;

import io.thanosj.service.flags.Flag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The querier's own flags, with Thanos' names, defaults and meaning (see {@code thanos query --help}). */
public record QueryFlags(
    @Flag(name = "endpoint", deprecatedAliases = {"store"},
        help = "Addresses of statically configured StoreAPI servers (repeatable, or comma-separated). The address may be prefixed with dns+ (A/AAAA lookup, port required), dnssrv+ (SRV lookup) or dnssrvnoa+ (SRV without A lookup) to discover servers through DNS.")
    List<String> endpoints,
    @Flag(name = "store.sd-files", deprecatedAliases = {"endpoint.sd-files"},
        help = "Path to files that contain addresses of StoreAPI servers in Prometheus file_sd format (JSON or YAML). The path can be a glob pattern (repeatable). Files are re-read when they change.")
    List<String> storeSdFiles,
    @Flag(name = "store.sd-interval", defaultValue = "5m",
        help = "Refresh interval to re-read file SD files even when they did not change. It is used as a resync fallback.")
    Duration storeSdInterval,
    @Flag(name = "store.sd-dns-interval", defaultValue = "30s", help = "Interval between DNS resolutions.")
    Duration storeSdDnsInterval,
    @Flag(name = "store.unhealthy-timeout", defaultValue = "5m",
        help = "Timeout before an unhealthy store is cleaned from the store UI page (and no longer reported in warnings).")
    Duration storeUnhealthyTimeout,
    @Flag(name = "store.response-timeout", defaultValue = "0ms",
        help = "If a Store doesn't send any data in this specified duration then a Store will be ignored and partial data will be returned if it's enabled. 0 disables timeout. (ThanosJ bounds store calls by the query timeout; this flag is accepted for compatibility.)")
    Duration storeResponseTimeout,
    @Flag(name = "endpoint.info-timeout", defaultValue = "5s", hidden = true, help = "Timeout of gRPC Info requests.")
    Duration endpointInfoTimeout,
    @Flag(name = "endpoint.update-interval", defaultValue = "5s", hidden = true,
        help = "ThanosJ extension: how often endpoints are discovered and health-checked (Thanos uses a fixed 5s). Shorten it in tests.")
    Duration endpointUpdateInterval,
    @Flag(name = "query.replica-label",
        help = "Labels to treat as a replica indicator along which data is deduplicated. Still you will be able to query without deduplication using 'dedup=false' parameter. Flag may be specified multiple times as well as a comma separated list of labels.")
    List<String> queryReplicaLabels,
    @Flag(name = "deduplication.func", defaultValue = "penalty",
        help = "Experimental. Deduplication algorithm for merging overlapping series. Possible values are: \"penalty\", \"chain\". If no value is specified, penalty based deduplication algorithm will be used. When set to chain, the default compact deduplication merger is used, which performs 1:1 deduplication for samples.")
    String deduplicationFunc,
    @Flag(name = "query.partial-response", defaultValue = "true",
        help = "Enable partial response for queries if no partial_response param is specified. --no-query.partial-response for disabling.")
    boolean queryPartialResponse,
    @Flag(name = "query.timeout", defaultValue = "2m", help = "Maximum time to process query by query node.")
    Duration queryTimeout,
    @Flag(name = "query.max-concurrent", defaultValue = "20",
        help = "Maximum number of queries processed concurrently by query node. Further queries wait, and the wait counts towards their timeout.")
    int queryMaxConcurrent,
    @Flag(name = "query.max-concurrent-select", defaultValue = "4",
        help = "Maximum number of select requests made concurrently per a query. (ThanosJ's engine selects one selector at a time, so this is always satisfied.)")
    int queryMaxConcurrentSelect,
    @Flag(name = "query.lookback-delta",
        help = "The maximum lookback duration for retrieving metrics during expression evaluations. PromQL always evaluates the query for the certain timestamp (query range timestamps are deduced by step). Since scrape intervals might be different, PromQL looks back for given amount of time to get latest sample. If it exceeds the maximum lookback delta it assumes series is stale and returns none (a gap). This is why lookback delta should be set to at least 2 times of the slowest scrape interval. If unset it will use the promql default of 5m.")
    Duration queryLookbackDelta,
    @Flag(name = "query.auto-downsampling",
        help = "Enable automatic adjustment (step / 5) to what source of data should be used in store gateways if no max_source_resolution param is specified.")
    boolean queryAutoDownsampling,
    @Flag(name = "query.default-evaluation-interval", defaultValue = "1m", help = "Set default evaluation interval for sub queries.")
    Duration queryDefaultEvaluationInterval,
    @Flag(name = "query.max-samples", defaultValue = "50000000", hidden = true,
        help = "ThanosJ extension: the most samples a single query may hold in memory at once (Prometheus' --query.max-samples).")
    long queryMaxSamples,
    @Flag(name = "query.promql-engine", defaultValue = "prometheus",
        help = "Default PromQL engine to use. ThanosJ has one engine, compatible with Prometheus': only \"prometheus\" is accepted.")
    String queryPromqlEngine) {

  /** The replica labels, flags that hold comma-separated lists split. */
  public List<String> replicaLabels() {
    return splitCommas(queryReplicaLabels);
  }

  /** The static endpoint addresses, flags that hold comma-separated lists split. */
  public List<String> endpointAddresses() {
    return splitCommas(endpoints);
  }

  private static List<String> splitCommas(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      for (String part : v.split(",")) {
        if (!part.isBlank() && !out.contains(part.trim())) {
          out.add(part.trim());
        }
      }
    }
    return out;
  }
}
