package io.thanosj.query.storage;

import io.thanosj.chunk.SampleIterator;
import io.thanosj.dedup.DedupFunction;
import io.thanosj.dedup.OverlapSplit;
import io.thanosj.labels.Labels;
import io.thanosj.promql.storage.Series;
import io.thanosj.promql.storage.SeriesSet;
import io.thanosj.storeapi.StoreProtos;
import io.thanosj.storeapi.proto.AggrChunk;
import io.thanosj.storeapi.proto.Chunk;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxy's merged series as the engine's series. With deduplication, a series (whose replicas
 * the proxy already joined, replica labels removed) is split into chains of non-overlapping chunks
 * and the chains are merged sample by sample ({@link DedupFunction}); without, its chunks are read
 * in time order as one series.
 */
final class StoreSeriesSet implements SeriesSet {

  private final io.thanosj.storeapi.SeriesSet source;
  private final DedupFunction dedup;
  private final String func;
  private final ChunkSeriesIterator.ChunkPart part;
  private final long mint;
  private final long maxt;
  private final List<String> warnings = new ArrayList<>();
  private boolean histogramWarned;
  private Series current;

  /** @param dedup the merge for replicas, or null when deduplication is off */
  StoreSeriesSet(io.thanosj.storeapi.SeriesSet source, DedupFunction dedup, String func,
      ChunkSeriesIterator.ChunkPart part, long mint, long maxt) {
    this.source = source;
    this.dedup = dedup;
    this.func = func;
    this.part = part;
    this.mint = mint;
    this.maxt = maxt;
  }

  @Override
  public boolean next() {
    if (!source.next()) {
      current = null;
      return false;
    }
    io.thanosj.storeapi.proto.Series s = source.at();
    Labels labels = StoreProtos.labels(s.getLabelsList());
    checkEncodings(s.getChunksList(), labels);
    List<AggrChunk> chunks = s.getChunksList();
    if (dedup == null) {
      current = new ChainSeries(labels, List.of(chunks));
    } else {
      current = new ChainSeries(labels, OverlapSplit.split(chunks));
    }
    return true;
  }

  private void checkEncodings(List<AggrChunk> chunks, Labels labels) {
    if (histogramWarned) {
      return;
    }
    for (AggrChunk c : chunks) {
      Chunk raw = c.hasRaw() ? c.getRaw() : null;
      if (raw != null && raw.getType() != Chunk.Encoding.XOR) {
        histogramWarned = true;
        warnings.add("native histogram samples are not supported by this querier yet; they were skipped (first in "
            + labels + ")");
        return;
      }
    }
  }

  @Override
  public Series at() {
    return current;
  }

  @Override
  public List<String> warnings() {
    List<String> all = new ArrayList<>(source.warnings());
    all.addAll(warnings);
    return all;
  }

  @Override
  public void close() {
    source.close();
  }

  /** One series over one or more chains of chunks; several chains are replicas to deduplicate. */
  private final class ChainSeries implements Series {
    private final Labels labels;
    private final List<List<AggrChunk>> chains;

    ChainSeries(Labels labels, List<List<AggrChunk>> chains) {
      this.labels = labels;
      this.chains = chains;
    }

    @Override
    public Labels labels() {
      return labels;
    }

    @Override
    public SampleIterator iterator() {
      if (chains.size() == 1) {
        return new ChunkSeriesIterator(chains.get(0), part, mint, maxt);
      }
      List<SampleIterator> replicas = new ArrayList<>(chains.size());
      for (List<AggrChunk> chain : chains) {
        replicas.add(new ChunkSeriesIterator(chain, part, mint, maxt));
      }
      return dedup.merge(replicas, func);
    }
  }
}
