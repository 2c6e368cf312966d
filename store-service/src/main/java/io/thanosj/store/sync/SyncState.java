package io.thanosj.store.sync;

/** Why a block is or is not in the synced view: the {@code state} label of {@code thanos_blocks_meta_synced}. */
public enum SyncState {
  LOADED("loaded"),
  NO_META_JSON("no-meta-json"),
  CORRUPTED_META_JSON("corrupted-meta-json"),
  FAILED("failed"),
  TIME_EXCLUDED("time-excluded"),
  LABEL_EXCLUDED("label-excluded"),
  TOO_FRESH("too-fresh"),
  MARKED_FOR_DELETION("marked-for-deletion");

  private final String label;

  SyncState(String label) {
    this.label = label;
  }

  /** The metric label value, as Thanos spells it. */
  public String label() {
    return label;
  }
}
