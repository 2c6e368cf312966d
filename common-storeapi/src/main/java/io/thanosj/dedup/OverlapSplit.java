package io.thanosj.dedup;

import io.thanosj.storeapi.proto.AggrChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the chunks of one merged series into chains without time overlap (Thanos' NewOverlapSplit).
 * After the proxy joined replicas that differ only in their replica label, a series holds every
 * replica's chunks; overlapping chunks can only come from different replicas (or overlapping blocks),
 * so each chain is treated as one pseudo-replica and the chains are deduplicated sample by sample.
 */
public final class OverlapSplit {

  private OverlapSplit() {}

  /**
   * Greedily places each chunk (sorted by min time) into the first chain whose last chunk ends
   * before it starts, opening a new chain when none does.
   */
  public static List<List<AggrChunk>> split(List<AggrChunk> chunks) {
    List<List<AggrChunk>> chains = new ArrayList<>();
    if (chunks.isEmpty()) {
      chains.add(List.of());
      return chains;
    }
    outer:
    for (AggrChunk c : chunks) {
      for (List<AggrChunk> chain : chains) {
        if (chain.get(chain.size() - 1).getMaxTime() < c.getMinTime()) {
          chain.add(c);
          continue outer;
        }
      }
      List<AggrChunk> chain = new ArrayList<>();
      chain.add(c);
      chains.add(chain);
    }
    return chains;
  }
}
