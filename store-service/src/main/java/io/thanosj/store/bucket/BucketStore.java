package io.thanosj.store.bucket;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.thanosj.chunk.ChunkEncoding;
import io.thanosj.labels.Labels;
import io.thanosj.labels.Matcher;
import io.thanosj.labels.StringOrder;
import io.thanosj.objstore.Bucket;
import io.thanosj.store.block.BucketBlock;
import io.thanosj.store.block.IndexHeaderPool;
import io.thanosj.store.sync.MetaFetcher;
import io.thanosj.store.sync.SyncedBlocks;
import io.thanosj.storeapi.ComponentType;
import io.thanosj.storeapi.ListSeriesSet;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.StoreApi;
import io.thanosj.storeapi.StoreProtos;
import io.thanosj.storeapi.proto.Aggr;
import io.thanosj.storeapi.proto.AggrChunk;
import io.thanosj.storeapi.proto.Chunk;
import io.thanosj.storeapi.proto.LabelNamesRequest;
import io.thanosj.storeapi.proto.LabelNamesResponse;
import io.thanosj.storeapi.proto.LabelValuesRequest;
import io.thanosj.storeapi.proto.LabelValuesResponse;
import io.thanosj.storeapi.proto.Series;
import io.thanosj.storeapi.proto.SeriesRequest;
import io.thanosj.storeapi.proto.info.InfoResponse;
import io.thanosj.storeapi.proto.info.StoreInfo;
import io.thanosj.storeapi.proto.info.TSDBInfo;
import io.thanosj.tsdb.block.BlockMeta;
import io.thanosj.tsdb.block.Ulid;
import io.thanosj.tsdb.chunks.ChunkReader;
import io.thanosj.tsdb.chunks.EncodedChunk;
import io.thanosj.tsdb.index.ChunkMetas;
import io.thanosj.tsdb.index.IndexReader;
import io.thanosj.tsdb.index.SeriesEntry;
import io.thanosj.tsdb.index.Symbols;
import io.thanosj.tsdb.postings.Postings;
import io.thanosj.tsdb.querier.PostingsForMatchers;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import net.openhft.hashing.Access;
import net.openhft.hashing.LongHashFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store gateway's StoreAPI over the blocks of a bucket (Thanos' {@code BucketStore}). {@link
 * #sync()} brings the set of loaded blocks in line with the bucket; requests fan out over the loaded
 * blocks that overlap their time range, at the resolutions {@link ResolutionSelection} picks for
 * their {@code max_resolution_window}, and that match their external-label matchers; the per-block
 * answers are merged in label order. Downsampled blocks answer with the requested aggregates
 * ({@link DownsampledChunks}).
 *
 * <p>A block that fails while answering (its objects deleted, a corrupt chunk) does not fail the
 * request: its series are left out and the response carries a warning naming the block, so a
 * querier with {@code partial_response} shows the rest and one without it reports the error.
 */
public final class BucketStore implements StoreApi, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BucketStore.class);
  private static final LongHashFunction XX = LongHashFunction.xx();
  private static final Access<ByteBuffer> BUFFER = Access.toByteBuffer();

  /**
   * @param minTime {@code --min-time} now, in ms
   * @param maxTime {@code --max-time} now, in ms
   * @param indexHeaders whether index headers are mapped for the blocks' life or lazily ({@code --store.enable-index-header-lazy-reader})
   */
  public record Options(Path dataDir, LongSupplier minTime, LongSupplier maxTime, long seriesLimit, long samplesLimit, int seriesMaxConcurrency,
      IndexHeaderPool indexHeaders) {

    /** With index headers mapped for the blocks' life. */
    public Options(Path dataDir, LongSupplier minTime, LongSupplier maxTime, long seriesLimit, long samplesLimit, int seriesMaxConcurrency) {
      this(dataDir, minTime, maxTime, seriesLimit, samplesLimit, seriesMaxConcurrency, IndexHeaderPool.EAGER);
    }
  }

  private final Bucket bucket;
  private final MetaFetcher fetcher;
  private final Options options;
  private final StoreMetrics metrics;
  private final IndexCache indexCache;
  private final ExecutorService loadExecutor;
  private final ExecutorService blockExecutor;
  private final ExecutorService fetchExecutor;
  private final Map<Ulid, BucketBlock> blocks = new ConcurrentHashMap<>();
  private final Set<Ulid> skippedResolution = ConcurrentHashMap.newKeySet();
  private final Semaphore seriesGate;
  private final Object syncLock = new Object();
  private volatile boolean synced;

  /**
   * @param loadExecutor loads blocks during sync ({@code --block-sync-concurrency} threads)
   * @param blockExecutor answers one block of a request per task
   * @param fetchExecutor runs range reads; never waits on the other executors, so none can deadlock
   */
  public BucketStore(Bucket bucket, MetaFetcher fetcher, Options options, StoreMetrics metrics, IndexCache indexCache,
      ExecutorService loadExecutor, ExecutorService blockExecutor, ExecutorService fetchExecutor) {
    this.bucket = bucket;
    this.fetcher = fetcher;
    this.options = options;
    this.metrics = metrics;
    this.indexCache = indexCache;
    this.loadExecutor = loadExecutor;
    this.blockExecutor = blockExecutor;
    this.fetchExecutor = fetchExecutor;
    this.seriesGate = new Semaphore(options.seriesMaxConcurrency(), true);
  }

  public int loadedBlocks() {
    return blocks.size();
  }

  /** Whether a complete sync has finished; until then the store is not ready. */
  public boolean isSynced() {
    return synced;
  }

  /**
   * Lists the bucket and loads new blocks; when the view is complete (the bucket answered every
   * request), also drops blocks that are gone or filtered out. Never throws for bucket failures.
   *
   * @return the view this sync acted on
   */
  public SyncedBlocks sync() {
    synchronized (syncLock) {
      metrics.syncs.increment();
      SyncedBlocks view = fetcher.fetch();
      metrics.synced(view.counts());
      List<Future<?>> loads = new ArrayList<>();
      for (BlockMeta meta : view.metas().values()) {
        if (blocks.containsKey(meta.ulid())) {
          continue;
        }
        if (!ResolutionSelection.isSupported(ResolutionSelection.resolution(meta))) {
          if (skippedResolution.add(meta.ulid())) {
            LOG.atWarn().addKeyValue("block", meta.ulid()).addKeyValue("resolution", ResolutionSelection.resolution(meta))
                .log("skipping block: unsupported downsampling resolution (only 0, 300000 and 3600000 ms exist)");
          }
          continue;
        }
        loads.add(loadExecutor.submit(() -> load(meta)));
      }
      for (Future<?> f : loads) {
        try {
          f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return view;
        } catch (ExecutionException e) {
          // load() handles its own failures
        }
      }
      if (view.complete()) {
        for (Ulid id : new ArrayList<>(blocks.keySet())) {
          if (!view.metas().containsKey(id)) {
            BucketBlock b = blocks.remove(id);
            if (b != null) {
              b.closeAndDelete();
              indexCache.invalidate(id);
              metrics.blockDrops.increment();
              LOG.atInfo().addKeyValue("block", id).log("dropped block: it left the bucket or the synced view");
            }
          }
        }
        metrics.lastSuccessfulSync.set(System.currentTimeMillis());
        synced = true;
      } else {
        metrics.syncFailures.increment();
        LOG.atWarn().addKeyValue("err", String.join("; ", view.errors()))
            .log("bucket sync incomplete; keeping the blocks already loaded and retrying at the next sync");
      }
      return view;
    }
  }

  private void load(BlockMeta meta) {
    metrics.blockLoads.increment();
    try {
      BucketBlock b = BucketBlock.load(bucket, meta, options.dataDir(), options.indexHeaders());
      blocks.put(meta.ulid(), b);
      LOG.atDebug().addKeyValue("block", meta.ulid()).log("loaded block");
    } catch (RuntimeException e) {
      metrics.blockLoadFailures.increment();
      LOG.atWarn().addKeyValue("block", meta.ulid()).addKeyValue("err", e.getMessage())
          .log("loading block failed; it is not served and is retried at the next sync");
    }
  }

  // ---- Info ----

  @Override
  public InfoResponse info() {
    if (!synced) {
      throw new StatusRuntimeException(Status.UNAVAILABLE.withDescription("Not ready: the store gateway has not synced its blocks yet"));
    }
    TreeMap<Labels, long[]> ranges = new TreeMap<>(Labels::compare);
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (BucketBlock b : blocks.values()) {
      BlockMeta m = b.meta();
      min = Math.min(min, m.minTime());
      max = Math.max(max, m.maxTime());
      long[] r = ranges.computeIfAbsent(b.externalLabels(), k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
      r[0] = Math.min(r[0], m.minTime());
      r[1] = Math.max(r[1], m.maxTime());
    }
    StoreInfo.Builder store = StoreInfo.newBuilder().setSupportsSharding(true).setSupportsWithoutReplicaLabels(true);
    if (blocks.isEmpty()) {
      store.setMinTime(Long.MAX_VALUE).setMaxTime(Long.MIN_VALUE); // never selected by a querier
    } else {
      store.setMinTime(Math.max(min, options.minTime().getAsLong())).setMaxTime(Math.min(max, options.maxTime().getAsLong()));
    }
    InfoResponse.Builder out = InfoResponse.newBuilder().setComponentType(ComponentType.STORE.wireName());
    ranges.forEach((labels, r) -> {
      out.addLabelSets(StoreProtos.toLabelSet(labels));
      store.addTsdbInfos(TSDBInfo.newBuilder().setLabels(StoreProtos.toLabelSet(labels)).setMinTime(r[0]).setMaxTime(r[1]));
    });
    return out.setStore(store).build();
  }

  // ---- Series ----

  @Override
  public SeriesSet series(SeriesRequest req) {
    List<Matcher> matchers = StoreProtos.matchers(req.getMatchersList());
    long mint = Math.max(req.getMinTime(), options.minTime().getAsLong());
    long maxt = Math.min(req.getMaxTime(), options.maxTime().getAsLong());
    if (mint > maxt) {
      return ListSeriesSet.of(List.of());
    }
    try {
      seriesGate.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      metrics.seriesGateRejections.increment();
      throw new StatusRuntimeException(Status.CANCELLED.withDescription("interrupted while waiting for a --store.grpc.series-max-concurrency slot"));
    }
    try {
      return seriesGated(req, matchers, mint, maxt);
    } finally {
      seriesGate.release();
    }
  }

  private SeriesSet seriesGated(SeriesRequest req, List<Matcher> matchers, long mint, long maxt) {
    SeriesLimits limits = new SeriesLimits(options.seriesLimit(), options.samplesLimit());
    Set<String> without = Set.copyOf(req.getWithoutReplicaLabelsList());
    ShardSelection shard = new ShardSelection(req.hasShardInfo() ? req.getShardInfo() : null);
    // Per external label set: the coarsest blocks max_resolution_window allows, finer ones filling gaps.
    List<BucketBlock> queried = ResolutionSelection.select(blocks.values(), BucketBlock::meta, mint, maxt, req.getMaxResolutionWindow());
    metrics.seriesBlocksQueried.record(queried.size());
    List<Future<List<Series>>> futures = new ArrayList<>(queried.size());
    for (BucketBlock b : queried) {
      futures.add(blockExecutor.submit(() -> blockSeries(b, matchers, mint, maxt, req.getSkipChunks(), req.getAggregatesList(), without, shard, limits)));
    }
    List<List<Series>> perBlock = new ArrayList<>(futures.size());
    List<String> warnings = new ArrayList<>();
    for (int i = 0; i < futures.size(); i++) {
      try {
        perBlock.add(futures.get(i).get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        futures.forEach(f -> f.cancel(true));
        throw new StatusRuntimeException(Status.CANCELLED.withDescription("interrupted"));
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof StatusRuntimeException s) {
          futures.forEach(f -> f.cancel(true));
          throw s; // limits and bad requests fail the whole call
        }
        Ulid id = queried.get(i).id();
        LOG.atWarn().addKeyValue("block", id).addKeyValue("err", String.valueOf(c.getMessage()))
            .log("series from block failed; answering without it");
        warnings.add("fetch series for block " + id + ": " + c.getMessage());
      }
    }
    List<Series> merged = merge(perBlock);
    if (req.getLimit() > 0 && merged.size() > req.getLimit()) {
      merged = merged.subList(0, (int) req.getLimit());
    }
    return new ListSeriesSet(merged, warnings);
  }

  /** One matched series of a block before its chunks are read. */
  private record Selected(Labels labels, ChunkMetas metas) {}

  private List<Series> blockSeries(BucketBlock b, List<Matcher> matchers, long mint, long maxt, boolean skipChunks,
      List<Aggr> aggregates, Set<String> without, ShardSelection shard, SeriesLimits limits) {
    ExternalLabelSelection sel = ExternalLabelSelection.of(matchers, b.externalLabels());
    if (!sel.matches()) {
      return List.of();
    }
    LongAdder fetched = new LongAdder();
    long[] cachedRefs = indexCache.expandedPostings(b.id(), sel.remaining());
    try (BucketBlock.RequestIndex ri = b.requestIndex(sel.remaining(), cachedRefs == null, fetchExecutor, fetched)) {
      long[] refs = cachedRefs != null ? cachedRefs : selectRefs(b, ri, sel.remaining());
      return blockSeries(b, ri, refs, mint, maxt, skipChunks, aggregates, without, shard, limits);
    } finally {
      metrics.indexBytesFetched.increment(fetched.sum());
    }
  }

  /**
   * The block's series references selected by {@code matchers} (all when empty), read from the
   * index and then kept in the index cache. Callers look in the cache first, so that a hit needs no
   * postings fetched at all.
   */
  private long[] selectRefs(BucketBlock b, BucketBlock.RequestIndex ri, List<Matcher> matchers) {
    IndexReader ix = ri.reader();
    long[] refs = Postings.toArray(matchers.isEmpty() ? ix.allPostings() : PostingsForMatchers.select(ix, matchers));
    indexCache.storeExpandedPostings(b.id(), matchers, refs);
    return refs;
  }

  /** Fetches the series entries of {@code refs} that the index cache does not hold, and caches them. */
  private void prefetchSeries(BucketBlock b, BucketBlock.RequestIndex ri, long[] refs) {
    byte[][] known = indexCache.seriesEntries(b.id(), refs);
    ri.prefetchSeries(refs, known);
    for (int i = 0; i < refs.length; i++) {
      if (known == null || known[i] == null) {
        indexCache.storeSeriesEntry(b.id(), refs[i], ri.seriesEntry(refs[i]));
      }
    }
  }

  // The per-block path is split in small methods on purpose: one large method here was compiled
  // (and recompiled) by C2 for over a second of CPU in a fresh store, competing with the queries.
  private List<Series> blockSeries(BucketBlock b, BucketBlock.RequestIndex ri, long[] refs, long mint, long maxt,
      boolean skipChunks, List<Aggr> aggregates, Set<String> without, ShardSelection shard, SeriesLimits limits) {
    prefetchSeries(b, ri, refs);
    List<Selected> selected = selectSeries(b, ri.reader(), refs, mint, maxt, skipChunks, without, shard, limits);
    if (skipChunks) {
      List<Series> out = new ArrayList<>(selected.size());
      for (Selected s : selected) {
        out.add(Series.newBuilder().addAllLabels(StoreProtos.toProto(s.labels)).build());
      }
      return out;
    }
    return withChunks(b, selected, aggregates);
  }

  /** The series of {@code refs} with chunks in {@code [mint, maxt]}, served labels, sorted. */
  private static List<Selected> selectSeries(BucketBlock b, IndexReader ix, long[] refs, long mint, long maxt,
      boolean skipChunks, Set<String> without, ShardSelection shard, SeriesLimits limits) {
    SeriesEntry e = new SeriesEntry();
    List<Selected> selected = new ArrayList<>();
    boolean sorted = true;
    Labels previous = null;
    for (long ref : refs) {
      ix.series(ref, e);
      ChunkMetas cm = e.chunks();
      cm.retainOverlapping(mint, maxt);
      if (cm.size() == 0) {
        continue;
      }
      Labels l = served(e.labels(ix.symbols()), b.externalLabels(), without);
      if (!shard.matches(l)) {
        continue;
      }
      limits.reserveSeries(1);
      if (!skipChunks) {
        limits.reserveChunks(cm.size());
      }
      if (previous != null && Labels.compare(previous, l) > 0) {
        sorted = false;
      }
      previous = l;
      selected.add(new Selected(l, skipChunks ? null : cm.copy()));
    }
    if (!sorted) {
      // External labels that replace stored ones, or removed replica labels, can reorder series.
      selected.sort((x, y) -> Labels.compare(x.labels, y.labels));
    }
    return selected;
  }

  /** The selected series with their chunks, read with coalesced range reads. */
  private List<Series> withChunks(BucketBlock b, List<Selected> selected, List<Aggr> aggregates) {
    int total = 0;
    for (Selected s : selected) {
      total += s.metas.size();
    }
    long[] chunkRefs = new long[total];
    int k = 0;
    for (Selected s : selected) {
      for (int i = 0; i < s.metas.size(); i++) {
        chunkRefs[k++] = s.metas.ref(i);
      }
    }
    List<Series> out = new ArrayList<>(selected.size());
    LongAdder fetched = new LongAdder();
    try (ChunkReader cr = b.chunkReader(chunkRefs, fetchExecutor, fetched)) {
      for (Selected s : selected) {
        out.add(series(s, cr, aggregates));
      }
    } finally {
      metrics.chunkBytesFetched.increment(fetched.sum());
    }
    return out;
  }

  private static Series series(Selected s, ChunkReader cr, List<Aggr> aggregates) {
    Series.Builder sb = Series.newBuilder().addAllLabels(StoreProtos.toProto(s.labels));
    for (int i = 0; i < s.metas.size(); i++) {
      EncodedChunk c = cr.chunk(s.metas.ref(i));
      AggrChunk.Builder ab = AggrChunk.newBuilder().setMinTime(s.metas.minTime(i)).setMaxTime(s.metas.maxTime(i));
      if (c.encoding() == ChunkEncoding.AGGREGATED) {
        DownsampledChunks.fill(ab, c, aggregates, BucketStore::rawChunk);
      } else {
        ab.setRaw(rawChunk(c));
      }
      sb.addChunks(ab);
    }
    return sb.build();
  }

  private static Chunk rawChunk(EncodedChunk c) {
    ByteBuffer data = c.data().duplicate();
    long hash = XX.hash(data, BUFFER, data.position(), data.remaining());
    return Chunk.newBuilder()
        .setTypeValue(ChunkEncoding.toStoreApi(c.encoding()))
        .setData(ByteString.copyFrom(data))
        .setHash(hash)
        .build();
  }

  /** The labels a series is served with: stored labels, external labels winning clashes, replica labels removed. */
  private static Labels served(Labels stored, Labels external, Set<String> without) {
    Labels l = stored;
    if (!external.isEmpty()) {
      Labels.Builder lb = stored.toBuilder();
      external.forEach(lb::set);
      l = lb.build();
    }
    return without.isEmpty() ? l : l.without(without);
  }

  /** Merges per-block answers, each sorted by labels; a series in several blocks becomes one with all its chunks. */
  static List<Series> merge(List<List<Series>> perBlock) {
    // Sized for every block up front: growing it is a branch only wide fan-outs take, and the JIT
    // throws compiled code away the first time such a branch runs.
    PriorityQueue<Cursor> heap = new PriorityQueue<>(Math.max(1, perBlock.size()), (a, b) -> Labels.compare(a.labels, b.labels));
    for (List<Series> l : perBlock) {
      if (!l.isEmpty()) {
        heap.add(new Cursor(l));
      }
    }
    if (heap.size() == 1) {
      return heap.peek().list;
    }
    List<Series> out = new ArrayList<>();
    while (!heap.isEmpty()) {
      Cursor c = heap.poll();
      Series first = c.current();
      Labels labels = c.labels;
      List<AggrChunk> chunks = null;
      while (!heap.isEmpty() && Labels.compare(heap.peek().labels, labels) == 0) {
        Cursor d = heap.poll();
        if (chunks == null) {
          chunks = new ArrayList<>(first.getChunksList());
        }
        chunks.addAll(d.current().getChunksList());
        if (d.advance()) {
          heap.add(d);
        }
      }
      if (c.advance()) {
        heap.add(c);
      }
      if (chunks == null) {
        out.add(first);
      } else {
        chunks.sort(Comparator.comparingLong(AggrChunk::getMinTime).thenComparingLong(AggrChunk::getMaxTime));
        out.add(first.toBuilder().clearChunks().addAllChunks(chunks).build());
      }
    }
    return out;
  }

  /** A position in one block's sorted answer. */
  private static final class Cursor {
    final List<Series> list;
    int pos;
    Labels labels;

    Cursor(List<Series> list) {
      this.list = list;
      this.labels = StoreProtos.labels(list.get(0).getLabelsList());
    }

    Series current() {
      return list.get(pos);
    }

    boolean advance() {
      if (++pos >= list.size()) {
        return false;
      }
      labels = StoreProtos.labels(list.get(pos).getLabelsList());
      return true;
    }
  }

  // ---- Label calls ----

  @Override
  public LabelNamesResponse labelNames(LabelNamesRequest req) {
    List<Matcher> matchers = StoreProtos.matchers(req.getMatchersList());
    long start = Math.max(req.getStart(), options.minTime().getAsLong());
    long end = Math.min(req.getEnd(), options.maxTime().getAsLong());
    TreeSet<String> names = new TreeSet<>(StringOrder.UTF8);
    for (BucketBlock b : blocks.values()) {
      if (!b.overlaps(start, end)) {
        continue;
      }
      ExternalLabelSelection sel = ExternalLabelSelection.of(matchers, b.externalLabels());
      if (!sel.matches()) {
        continue;
      }
      List<String> stored = sel.remaining().isEmpty() ? b.labelNames() : withSeries(b, sel.remaining(), (e, symbols, out) -> {
        for (int i = 0; i < e.labelCount(); i++) {
          out.add(symbols.lookup(e.nameRef(i)));
        }
      });
      if (!stored.isEmpty()) {
        names.addAll(stored);
        names.addAll(b.externalLabels().names());
      }
    }
    names.removeAll(req.getWithoutReplicaLabelsList());
    List<String> out = new ArrayList<>(names);
    if (req.getLimit() > 0 && out.size() > req.getLimit()) {
      out = out.subList(0, (int) req.getLimit());
    }
    return LabelNamesResponse.newBuilder().addAllNames(out).build();
  }

  @Override
  public LabelValuesResponse labelValues(LabelValuesRequest req) {
    String name = req.getLabel();
    if (name.isEmpty()) {
      throw new StatusRuntimeException(Status.INVALID_ARGUMENT.withDescription("label name parameter cannot be empty"));
    }
    List<Matcher> matchers = StoreProtos.matchers(req.getMatchersList());
    if (req.getWithoutReplicaLabelsList().contains(name)) {
      return LabelValuesResponse.getDefaultInstance();
    }
    long start = Math.max(req.getStart(), options.minTime().getAsLong());
    long end = Math.min(req.getEnd(), options.maxTime().getAsLong());
    TreeSet<String> values = new TreeSet<>(StringOrder.UTF8);
    for (BucketBlock b : blocks.values()) {
      if (!b.overlaps(start, end)) {
        continue;
      }
      ExternalLabelSelection sel = ExternalLabelSelection.of(matchers, b.externalLabels());
      if (!sel.matches()) {
        continue;
      }
      String external = b.externalLabels().get(name);
      if (!external.isEmpty()) {
        // The external value replaces any stored one; it counts when some series matches.
        if (sel.remaining().isEmpty() || anySeries(b, sel.remaining())) {
          values.add(external);
        }
        continue;
      }
      values.addAll(sel.remaining().isEmpty() ? b.labelValues(name) : withSeries(b, sel.remaining(), (e, symbols, out) -> {
        for (int i = 0; i < e.labelCount(); i++) {
          if (symbols.lookup(e.nameRef(i)).equals(name)) {
            out.add(symbols.lookup(e.valueRef(i)));
          }
        }
      }));
    }
    List<String> out = new ArrayList<>(values);
    if (req.getLimit() > 0 && out.size() > req.getLimit()) {
      out = out.subList(0, (int) req.getLimit());
    }
    return LabelValuesResponse.newBuilder().addAllValues(out).build();
  }

  /** Collects strings from the series entries that {@code matchers} select in a block. */
  @FunctionalInterface
  private interface EntryVisitor {
    void visit(SeriesEntry entry, Symbols symbols, Set<String> out);
  }

  private List<String> withSeries(BucketBlock b, List<Matcher> matchers, EntryVisitor visitor) {
    LongAdder fetched = new LongAdder();
    long[] cachedRefs = indexCache.expandedPostings(b.id(), matchers);
    try (BucketBlock.RequestIndex ri = b.requestIndex(matchers, cachedRefs == null, fetchExecutor, fetched)) {
      long[] refs = cachedRefs != null ? cachedRefs : selectRefs(b, ri, matchers);
      prefetchSeries(b, ri, refs);
      Set<String> out = new HashSet<>();
      SeriesEntry e = new SeriesEntry();
      for (long ref : refs) {
        ri.reader().series(ref, e);
        visitor.visit(e, ri.reader().symbols(), out);
      }
      return new ArrayList<>(out);
    } finally {
      metrics.indexBytesFetched.increment(fetched.sum());
    }
  }

  private boolean anySeries(BucketBlock b, List<Matcher> matchers) {
    LongAdder fetched = new LongAdder();
    long[] cachedRefs = indexCache.expandedPostings(b.id(), matchers);
    if (cachedRefs != null) {
      return cachedRefs.length > 0;
    }
    try (BucketBlock.RequestIndex ri = b.requestIndex(matchers, true, fetchExecutor, fetched)) {
      return selectRefs(b, ri, matchers).length > 0;
    } finally {
      metrics.indexBytesFetched.increment(fetched.sum());
    }
  }

  /** Closes the loaded blocks (keeping their local files for the next start). */
  @Override
  public void close() {
    for (BucketBlock b : blocks.values()) {
      b.close();
    }
    blocks.clear();
  }
}
