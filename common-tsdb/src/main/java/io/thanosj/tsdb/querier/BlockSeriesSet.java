package io.thanosj.tsdb.querier;

import io.thanosj.tsdb.chunks.ChunkReader;
import io.thanosj.tsdb.index.ChunkMetas;
import io.thanosj.tsdb.index.IndexReader;
import io.thanosj.tsdb.index.SeriesEntry;
import io.thanosj.tsdb.postings.Postings;
import io.thanosj.tsdb.tombstones.Intervals;
import io.thanosj.tsdb.tombstones.Tombstones;

/**
 * Pull iterator over the selected series of a block, in label order. {@link #at()} is valid after
 * {@link #next()} returned true and stays valid after further calls (each series is its own object).
 */
public final class BlockSeriesSet {

  private final IndexReader index;
  private final ChunkReader chunks;
  private final Tombstones tombstones;
  private final Postings postings;
  private final long mint;
  private final long maxt;
  private final SeriesEntry entry = new SeriesEntry();
  private BlockSeries current;

  BlockSeriesSet(IndexReader index, ChunkReader chunks, Tombstones tombstones, Postings postings, long mint, long maxt) {
    this.index = index;
    this.chunks = chunks;
    this.tombstones = tombstones;
    this.postings = postings;
    this.mint = mint;
    this.maxt = maxt;
  }

  public boolean next() {
    while (postings.next()) {
      long ref = postings.at();
      index.series(ref, entry);
      ChunkMetas metas = entry.chunks();
      metas.retainOverlapping(mint, maxt);
      Intervals deleted = tombstones.get(ref);
      if (!deleted.isEmpty()) {
        dropFullyDeleted(metas, deleted);
      }
      if (metas.size() == 0) {
        continue;
      }
      current = new BlockSeries(ref, entry.labels(index.symbols()), metas.copy(), deleted, chunks, mint, maxt);
      return true;
    }
    current = null;
    return false;
  }

  private static void dropFullyDeleted(ChunkMetas metas, Intervals deleted) {
    ChunkMetas kept = new ChunkMetas();
    for (int i = 0; i < metas.size(); i++) {
      if (!deleted.covers(metas.minTime(i), metas.maxTime(i))) {
        kept.add(metas.minTime(i), metas.maxTime(i), metas.ref(i));
      }
    }
    metas.clear();
    for (int i = 0; i < kept.size(); i++) {
      metas.add(kept.minTime(i), kept.maxTime(i), kept.ref(i));
    }
  }

  public BlockSeries at() {
    if (current == null) {
      throw new IllegalStateException("no current series");
    }
    return current;
  }
}
