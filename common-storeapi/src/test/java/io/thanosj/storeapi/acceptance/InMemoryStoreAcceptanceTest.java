package io.thanosj.storeapi.acceptance;

import io.thanosj.labels.Labels;
import io.thanosj.storeapi.StoreApi;

/** The acceptance suite against the reference in-memory store. */
class InMemoryStoreAcceptanceTest extends StoreApiAcceptance {

  @Override
  protected StoreApi open(Dataset data, Labels externalLabels) {
    return new InMemoryStore(data, externalLabels);
  }
}
