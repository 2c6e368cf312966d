package io.thanosj.tsdb.querier;

import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import io.thanosj.labels.StringOrder;
import io.thanosj.tsdb.chunks.ChunkReader;
import io.thanosj.tsdb.index.IndexReader;
import io.thanosj.tsdb.index.SeriesEntry;
import io.thanosj.tsdb.postings.Postings;
import io.thanosj.tsdb.tombstones.Tombstones;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Selects series of one block by label matchers within {@code [mint, maxt]} (ms, inclusive).
 * Series come out sorted by labels; each gives its encoded chunks (for StoreAPI) and a sample
 * iterator (for the PromQL engine) with the time range and tombstones applied. Series without a
 * chunk in the range are skipped, as Prometheus does.
 */
public final class BlockQuerier {

  private final IndexReader index;
  private final ChunkReader chunks;
  private final Tombstones tombstones;
  private final long mint;
  private final long maxt;

  public BlockQuerier(IndexReader index, ChunkReader chunks, Tombstones tombstones, long mint, long maxt) {
    this.index = index;
    this.chunks = chunks;
    this.tombstones = tombstones;
    this.mint = mint;
    this.maxt = maxt;
  }

  public long mint() {
    return mint;
  }

  public long maxt() {
    return maxt;
  }

  /** Series matching all {@code matchers}; an empty list selects nothing, as in Prometheus' API. */
  public BlockSeriesSet select(List<Matcher> matchers) {
    Postings p = matchers.isEmpty() ? Postings.EMPTY : PostingsForMatchers.select(index, matchers);
    return new BlockSeriesSet(index, chunks, tombstones, p, mint, maxt);
  }

  /** Label names of series matching {@code matchers} (all series when empty), sorted. */
  public List<String> labelNames(List<Matcher> matchers) {
    if (matchers.isEmpty()) {
      return index.labelNames();
    }
    TreeSet<String> names = new TreeSet<>(StringOrder.UTF8);
    Postings p = PostingsForMatchers.select(index, matchers);
    SeriesEntry e = new SeriesEntry();
    while (p.next()) {
      index.series(p.at(), e);
      for (int i = 0; i < e.labelCount(); i++) {
        names.add(index.symbols().lookup(e.nameRef(i)));
      }
    }
    return new ArrayList<>(names);
  }

  /** Values of label {@code name} among series matching {@code matchers} (all when empty), sorted. */
  public List<String> labelValues(String name, List<Matcher> matchers) {
    if (matchers.isEmpty()) {
      return index.labelValues(name);
    }
    TreeSet<String> values = new TreeSet<>(StringOrder.UTF8);
    Postings p = PostingsForMatchers.select(index, matchers);
    SeriesEntry e = new SeriesEntry();
    while (p.next()) {
      index.series(p.at(), e);
      Labels l = e.labels(index.symbols());
      String v = l.get(name);
      if (!v.isEmpty()) {
        values.add(v);
      }
    }
    return new ArrayList<>(values);
  }
}
