package io.thanosj.query;

import io.thanosj.dedup.DedupFunction;
import io.thanosj.promql.engine.Engine;
import io.thanosj.promql.engine.EngineOptions;
import io.thanosj.query.api.ApiSettings;
import io.thanosj.query.api.QueryGate;
import io.thanosj.query.endpoint.AddressSpec;
import io.thanosj.query.endpoint.Discovery;
import io.thanosj.query.endpoint.EndpointSet;
import io.thanosj.query.endpoint.FileSd;
import io.thanosj.query.endpoint.JndiResolver;
import io.thanosj.service.flags.CommonFlags;
import io.thanosj.service.flags.FlagException;
import io.thanosj.service.metrics.BuildInfo;
import io.thanosj.storeapi.StoreApi;
import io.thanosj.storeapi.grpc.GrpcStoreClient;
import io.thanosj.storeapi.proxy.ProxyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Turns the querier's flags into its parts: the endpoint set, the fan-out, the engine and the API settings. */
@Configuration(proxyBeanMethods = false)
class QueryConfiguration {

  @Bean(destroyMethod = "close")
  EndpointSet endpointSet(QueryFlags flags) {
    for (String a : flags.endpointAddresses()) {
      try {
        AddressSpec.parse(a);
      } catch (IllegalArgumentException e) {
        throw new FlagException("--endpoint: " + e.getMessage());
      }
    }
    DedupFunction.parse(flags.deduplicationFunc());
    if (!flags.queryPromqlEngine().equals("prometheus")) {
      throw new FlagException("--query.promql-engine: only \"prometheus\" is available in ThanosJ, got " + flags.queryPromqlEngine());
    }
    FileSd fileSd = flags.storeSdFiles().isEmpty() ? null : new FileSd(flags.storeSdFiles(), flags.storeSdInterval());
    Discovery discovery = new Discovery(flags.endpointAddresses(), fileSd, new JndiResolver(), flags.storeSdDnsInterval(), System::nanoTime);
    GrpcStoreClient.Options options = GrpcStoreClient.Options.DEFAULT;
    EndpointSet set = new EndpointSet(discovery::addresses, address -> GrpcStoreClient.connect(address, options),
        flags.endpointInfoTimeout(), flags.storeUnhealthyTimeout(), Clock.systemUTC());
    set.start(flags.endpointUpdateInterval());
    return set;
  }

  @Bean(destroyMethod = "shutdownNow")
  ExecutorService proxyExecutor() {
    return Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "proxy-labels");
      t.setDaemon(true);
      return t;
    });
  }

  /** The fan-out as this querier's own StoreAPI, served on --grpc-address so queriers stack. */
  @Bean
  StoreApi proxyStore(EndpointSet endpointSet, ExecutorService proxyExecutor) {
    return new ProxyStore(endpointSet::endpoints, proxyExecutor);
  }

  @Bean
  Engine engine(QueryFlags flags) {
    EngineOptions o = EngineOptions.defaults()
        .withTimeout(flags.queryTimeout())
        .withMaxSamples(flags.queryMaxSamples())
        .withDefaultSubqueryStepMs(flags.queryDefaultEvaluationInterval().toMillis());
    Duration lookback = flags.queryLookbackDelta();
    if (lookback != null && !lookback.isZero()) {
      o = o.withLookbackDeltaMs(lookback.toMillis());
    }
    return new Engine(o);
  }

  @Bean
  QueryGate queryGate(QueryFlags flags) {
    return new QueryGate(flags.queryMaxConcurrent());
  }

  @Bean
  ApiSettings apiSettings(QueryFlags flags, CommonFlags common) {
    return new ApiSettings(flags.replicaLabels(), DedupFunction.parse(flags.deduplicationFunc()), flags.queryPartialResponse(),
        flags.queryAutoDownsampling(), flags.queryTimeout(), FlagValues.of(common, flags), BuildInfo.load());
  }
}
