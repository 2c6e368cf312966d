package io.thanosj.query.storage;

import io.thanosj.storeapi.proto.AggrChunk;
import io.thanosj.storeapi.proto.Aggr;
import io.thanosj.storeapi.proto.Chunk;
import java.util.List;

/**
 * Which downsampled aggregates a selector needs, from the function around it (Thanos' querier
 * aggrsFromFunc), and which chunk of an AggrChunk to read for it. Raw data carries only {@code raw},
 * which then stands in for every aggregate.
 */
final class Aggregates {

  private Aggregates() {}

  static List<Aggr> forFunction(String f) {
    if (f.equals("min") || f.startsWith("min_")) {
      return List.of(Aggr.MIN);
    }
    if (f.equals("max") || f.startsWith("max_")) {
      return List.of(Aggr.MAX);
    }
    if (f.equals("count") || f.startsWith("count_")) {
      return List.of(Aggr.COUNT);
    }
    // Plain "sum" needs the samples themselves, so only sum_* asks for the sum aggregate.
    if (f.startsWith("sum_")) {
      return List.of(Aggr.SUM);
    }
    if (f.equals("increase") || f.equals("rate") || f.equals("irate") || f.equals("resets")) {
      return List.of(Aggr.COUNTER);
    }
    return List.of(Aggr.COUNT, Aggr.SUM);
  }

  /**
   * The chunk part to read for these aggregates, as Thanos' querier reads them (pkg/query/iter.go):
   * one aggregate reads that aggregate, falling back to raw; the counter aggregate additionally goes
   * through Thanos' counter-reset handling; count and sum together read raw chunks as they are and
   * downsampled chunks as the average sum / count per window.
   */
  static ChunkSeriesIterator.ChunkPart part(List<Aggr> aggrs) {
    if (aggrs.size() == 1) {
      Aggr a = aggrs.get(0);
      if (a == Aggr.COUNTER) {
        return COUNTER;
      }
      return c -> firstOf(select(c, a), c);
    }
    return AVERAGE;
  }

  private static final ChunkSeriesIterator.ChunkPart COUNTER = new ChunkSeriesIterator.ChunkPart() {
    @Override
    public Chunk of(AggrChunk c) {
      return firstOf(select(c, Aggr.COUNTER), c);
    }

    @Override
    public boolean appliesCounterResets() {
      return true;
    }
  };

  private static final ChunkSeriesIterator.ChunkPart AVERAGE = new ChunkSeriesIterator.ChunkPart() {
    @Override
    public Chunk of(AggrChunk c) {
      if (c.hasRaw()) {
        return c.getRaw();
      }
      return c.hasSum() && c.hasCount() ? c.getSum() : null;
    }

    @Override
    public Chunk divisorOf(AggrChunk c) {
      return !c.hasRaw() && c.hasSum() && c.hasCount() ? c.getCount() : null;
    }
  };

  private static Chunk select(AggrChunk c, Aggr a) {
    return switch (a) {
      case COUNT -> c.hasCount() ? c.getCount() : null;
      case SUM -> c.hasSum() ? c.getSum() : null;
      case MIN -> c.hasMin() ? c.getMin() : null;
      case MAX -> c.hasMax() ? c.getMax() : null;
      case COUNTER -> c.hasCounter() ? c.getCounter() : null;
      default -> null;
    };
  }

  private static Chunk firstOf(Chunk preferred, AggrChunk c) {
    if (preferred != null) {
      return preferred;
    }
    return c.hasRaw() ? c.getRaw() : null;
  }
}
