package io.thanosj.storeapi;

import io.thanosj.storeapi.proto.StoreType;

/**
 * The kinds of StoreAPI endpoint Thanos knows, with the string the Info service puts in
 * {@code ComponentType} and the enum the legacy {@code Store.Info} RPC used (Thanos pkg/component).
 */
public enum ComponentType {
  QUERY("query", StoreType.QUERY),
  RULE("rule", StoreType.RULE),
  SIDECAR("sidecar", StoreType.SIDECAR),
  STORE("store", StoreType.STORE),
  RECEIVE("receive", StoreType.RECEIVE),
  DEBUG("debug", StoreType.DEBUG);

  /** What a Thanos querier shows for a component type it does not know. */
  public static final String UNKNOWN_WIRE_NAME = "unknown-store-api";

  private final String wireName;
  private final StoreType storeType;

  ComponentType(String wireName, StoreType storeType) {
    this.wireName = wireName;
    this.storeType = storeType;
  }

  /** The value of {@code thanos.info.InfoResponse.ComponentType}. */
  public String wireName() {
    return wireName;
  }

  /** The value of the legacy {@code thanos.InfoResponse.storeType}. */
  public StoreType storeType() {
    return storeType;
  }

  /** The component for a wire name, or null when Thanos would call it unknown. */
  public static ComponentType fromWireName(String name) {
    for (ComponentType c : values()) {
      if (c.wireName.equals(name)) {
        return c;
      }
    }
    return null;
  }

  /** The component for a legacy store type, or null for UNKNOWN and unrecognised values. */
  public static ComponentType fromStoreType(StoreType type) {
    for (ComponentType c : values()) {
      if (c.storeType == type) {
        return c;
      }
    }
    return null;
  }
}
