package io.thanosj.promql.storage.blocks;

import io.thanosj.chunk.SampleIterator;
import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import io.thanosj.promql.engine.ErrorType;
import io.thanosj.promql.engine.PromqlException;
import io.thanosj.promql.storage.Queryable;
import io.thanosj.promql.storage.SelectHints;
import io.thanosj.promql.storage.Series;
import io.thanosj.promql.storage.SeriesSet;
import io.thanosj.tsdb.block.BlockReader;
import io.thanosj.tsdb.querier.BlockSeries;
import io.thanosj.tsdb.querier.BlockSeriesSet;
import io.thanosj.tsdb.querier.UnsupportedChunkEncodingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The engine's Queryable over the TSDB blocks of a local directory (a Prometheus data directory or
 * a directory of blocks). Series present in several blocks are merged into one, their samples in
 * time order; where blocks overlap in time, a timestamp seen twice is returned once.
 */
public final class BlockQueryable implements Queryable, AutoCloseable {

  private final List<BlockReader> blocks;

  public BlockQueryable(List<BlockReader> blocks) {
    List<BlockReader> sorted = new ArrayList<>(blocks);
    sorted.sort(Comparator.comparingLong(b -> b.meta().minTime()));
    this.blocks = List.copyOf(sorted);
  }

  /** Opens every block (a subdirectory with a meta.json) of {@code dir}. */
  public static BlockQueryable open(Path dir) {
    List<BlockReader> readers = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.sorted().toList()) {
        if (Files.isRegularFile(p.resolve("meta.json")) && Files.isRegularFile(p.resolve(BlockReader.INDEX_FILE))) {
          readers.add(BlockReader.open(p));
        }
      }
    } catch (IOException e) {
      readers.forEach(BlockReader::close);
      throw new UncheckedIOException(e);
    }
    return new BlockQueryable(readers);
  }

  public List<BlockReader> blocks() {
    return blocks;
  }

  @Override
  public SeriesSet select(SelectHints hints, List<Matcher> matchers) {
    List<BlockSeriesSet> sets = new ArrayList<>();
    List<BlockReader> selected = new ArrayList<>();
    for (BlockReader b : blocks) {
      // A block's maxTime is exclusive.
      if (b.meta().minTime() <= hints.end() && b.meta().maxTime() > hints.start()) {
        sets.add(b.querier(hints.start(), hints.end()).select(matchers));
        selected.add(b);
      }
    }
    return new MergedSeriesSet(sets, disjoint(selected));
  }

  @Override
  public void close() {
    blocks.forEach(BlockReader::close);
  }

  /** Whether the blocks (sorted by minTime) cover disjoint time ranges, as Prometheus' own blocks do. */
  private static boolean disjoint(List<BlockReader> sorted) {
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).meta().minTime() < sorted.get(i - 1).meta().maxTime()) {
        return false;
      }
    }
    return true;
  }

  /** K-way merge of the blocks' label-sorted series sets. */
  private static final class MergedSeriesSet implements SeriesSet {
    private final List<BlockSeriesSet> sets;
    private final boolean disjointBlocks;
    private final BlockSeries[] heads;
    private Series current;

    MergedSeriesSet(List<BlockSeriesSet> sets, boolean disjointBlocks) {
      this.sets = sets;
      this.disjointBlocks = disjointBlocks;
      this.heads = new BlockSeries[sets.size()];
      for (int i = 0; i < sets.size(); i++) {
        heads[i] = sets.get(i).next() ? sets.get(i).at() : null;
      }
    }

    @Override
    public boolean next() {
      Labels min = null;
      for (BlockSeries h : heads) {
        if (h != null && (min == null || Labels.compare(h.labels(), min) < 0)) {
          min = h.labels();
        }
      }
      if (min == null) {
        current = null;
        return false;
      }
      List<BlockSeries> parts = new ArrayList<>(1);
      for (int i = 0; i < heads.length; i++) {
        if (heads[i] != null && heads[i].labels().equals(min)) {
          parts.add(heads[i]);
          heads[i] = sets.get(i).next() ? sets.get(i).at() : null;
        }
      }
      current = new MergedSeries(min, parts, disjointBlocks);
      return true;
    }

    @Override
    public Series at() {
      return current;
    }

    @Override
    public List<String> warnings() {
      return List.of();
    }

    @Override
    public void close() {
      // block readers stay open; nothing per query to release
    }
  }

  private record MergedSeries(Labels labels, List<BlockSeries> parts, boolean disjointBlocks) implements Series {
    @Override
    public SampleIterator iterator() {
      if (parts.size() == 1) {
        return new HistogramRefusingIterator(parts.get(0).iterator(), labels);
      }
      SampleIterator[] its = new SampleIterator[parts.size()];
      for (int i = 0; i < its.length; i++) {
        its[i] = parts.get(i).iterator();
      }
      // Disjoint blocks in time order need no per-sample comparison: one block after the other.
      return new HistogramRefusingIterator(disjointBlocks ? new ConcatIterator(its) : new MergingIterator(its), labels);
    }
  }

  /** The samples of time-ordered, non-overlapping iterators, one after the other. */
  private static final class ConcatIterator implements SampleIterator {
    private final SampleIterator[] its;
    private int cur;

    ConcatIterator(SampleIterator[] its) {
      this.its = its;
    }

    @Override
    public boolean next() {
      while (cur < its.length) {
        if (its[cur].next()) {
          return true;
        }
        cur++;
      }
      return false;
    }

    @Override
    public boolean seek(long t) {
      while (cur < its.length) {
        if (its[cur].seek(t)) {
          return true;
        }
        cur++;
      }
      return false;
    }

    @Override
    public long atT() {
      return its[cur].atT();
    }

    @Override
    public double atV() {
      return its[cur].atV();
    }
  }

  /** Turns a native histogram chunk into the engine's "not supported yet" error. */
  private static final class HistogramRefusingIterator implements SampleIterator {
    private final SampleIterator it;
    private final Labels labels;

    HistogramRefusingIterator(SampleIterator it, Labels labels) {
      this.it = it;
      this.labels = labels;
    }

    private PromqlException refuse(UnsupportedChunkEncodingException e) {
      return new PromqlException(ErrorType.EXECUTION,
          "native histograms are not supported yet: series " + labels + " has a chunk that is not XOR ("
              + e.getMessage() + ")", e);
    }

    @Override
    public boolean next() {
      try {
        return it.next();
      } catch (UnsupportedChunkEncodingException e) {
        throw refuse(e);
      }
    }

    @Override
    public boolean seek(long t) {
      try {
        return it.seek(t);
      } catch (UnsupportedChunkEncodingException e) {
        throw refuse(e);
      }
    }

    @Override
    public long atT() {
      return it.atT();
    }

    @Override
    public double atV() {
      return it.atV();
    }
  }

  /**
   * Merges the same series' iterators from several blocks by timestamp. Blocks are sorted by start
   * time and normally do not overlap, so this is mostly a concatenation; on overlap the first
   * block's sample wins for a repeated timestamp, as in Prometheus' vertical merge.
   */
  private static final class MergingIterator implements SampleIterator {
    private final SampleIterator[] its;
    private final boolean[] valid;
    private boolean started;
    private int cur = -1;
    private long t;
    private double v;

    MergingIterator(SampleIterator[] its) {
      this.its = its;
      this.valid = new boolean[this.its.length];
    }

    private boolean pick(long after) {
      cur = -1;
      for (int i = 0; i < its.length; i++) {
        // Skip samples at or before the last returned timestamp (duplicates across overlapping blocks).
        while (valid[i] && its[i].atT() <= after) {
          valid[i] = its[i].next();
        }
        if (valid[i] && (cur < 0 || its[i].atT() < its[cur].atT())) {
          cur = i;
        }
      }
      if (cur < 0) {
        return false;
      }
      t = its[cur].atT();
      v = its[cur].atV();
      return true;
    }

    @Override
    public boolean next() {
      if (!started) {
        started = true;
        for (int i = 0; i < its.length; i++) {
          valid[i] = its[i].next();
        }
        return pick(Long.MIN_VALUE);
      }
      if (cur < 0) {
        return false;
      }
      return pick(t);
    }

    @Override
    public boolean seek(long target) {
      if (started && cur >= 0 && t >= target) {
        return true;
      }
      started = true;
      for (int i = 0; i < its.length; i++) {
        valid[i] = its[i].seek(target);
      }
      return pick(target - 1);
    }

    @Override
    public long atT() {
      return t;
    }

    @Override
    public double atV() {
      return v;
    }
  }
}
