package io.thanosj.store.sync;

import io.thanosj.tsdb.block.BlockMeta;
import io.thanosj.tsdb.block.Ulid;
import java.util.List;
import java.util.Map;

/**
 * One view of the bucket: the blocks to serve and how many blocks ended up in each state.
 *
 * @param metas the blocks that passed every filter
 * @param counts blocks per state (LOADED counts {@code metas})
 * @param errors failures that make the view partial (bucket listing or a meta.json that could not
 *     be read for a reason other than absence or bad JSON); a partial view may add blocks but must
 *     not be used to drop any
 */
public record SyncedBlocks(Map<Ulid, BlockMeta> metas, Map<SyncState, Integer> counts, List<String> errors) {

  public boolean complete() {
    return errors.isEmpty();
  }
}
