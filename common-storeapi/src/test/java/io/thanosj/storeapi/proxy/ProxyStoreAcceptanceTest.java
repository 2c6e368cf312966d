package io.thanosj.storeapi.proxy;

import io.thanosj.labels.Labels;
import io.thanosj.storeapi.StoreApi;
import io.thanosj.storeapi.acceptance.Dataset;
import io.thanosj.storeapi.acceptance.InMemoryStore;
import io.thanosj.storeapi.acceptance.StoreApiAcceptance;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;

/**
 * The StoreAPI acceptance suite against the proxy: over one store, over two replicas holding the same
 * data (their identical series and chunks must merge into exactly one answer), and over a store too
 * old to remove replica labels itself (the proxy must strip them and re-sort).
 */
class ProxyStoreAcceptanceTest {

  private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "proxy-test");
    t.setDaemon(true);
    return t;
  });

  static ProxyStore proxyOver(StoreApi... stores) {
    List<ProxyEndpoint> endpoints = new java.util.ArrayList<>();
    for (int i = 0; i < stores.length; i++) {
      endpoints.add(ProxyEndpoint.fromInfo("store-" + i, stores[i], stores[i].info()));
    }
    return new ProxyStore(() -> endpoints, POOL);
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class OverOneStore extends StoreApiAcceptance {
    @Override
    protected StoreApi open(Dataset data, Labels externalLabels) {
      return proxyOver(new InMemoryStore(data, externalLabels));
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class OverTwoIdenticalReplicas extends StoreApiAcceptance {
    @Override
    protected StoreApi open(Dataset data, Labels externalLabels) {
      return proxyOver(new InMemoryStore(data, externalLabels), new InMemoryStore(data, externalLabels));
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class OverAStoreWithoutReplicaLabelSupport extends StoreApiAcceptance {
    @Override
    protected StoreApi open(Dataset data, Labels externalLabels) {
      return proxyOver(new LegacyStore(new InMemoryStore(data, externalLabels)));
    }
  }
}
