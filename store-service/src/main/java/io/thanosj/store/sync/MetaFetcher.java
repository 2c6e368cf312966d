package io.thanosj.store.sync;

import io.thanosj.labels.Labels;
import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.ObjectNotFoundException;
import io.thanosj.tsdb.block.BlockMeta;
import io.thanosj.tsdb.block.MetaJson;
import io.thanosj.tsdb.block.Ulid;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

/**
 * Reads the bucket's view of blocks (Thanos' {@code block.MetaFetcher} with the store gateway's
 * filters): lists the top-level ULID directories, reads their meta.json files concurrently, and
 * keeps the blocks that are complete (meta.json present and valid), inside the time range, old
 * enough for the consistency delay, selected by the relabel selector, and not marked for deletion longer than the ignore delay.
 *
 * <p>meta.json files never change once written, so parsed metas are kept between syncs; blocks
 * that disappear from the listing are forgotten.
 */
public final class MetaFetcher {

  /** Block sources whose blocks are complete when written, so the consistency delay does not apply (Thanos). */
  private static final Set<String> NOT_DELAYED_SOURCES = Set.of("compactor", "compactor.repair", "bucket.repair");

  /** Filters the fetcher applies. */
  public record Filters(LongSupplier minTime, LongSupplier maxTime, Duration consistencyDelay, Duration ignoreDeletionMarksDelay,
      Relabeling selector) {

    /** No relabel selector. */
    public Filters(LongSupplier minTime, LongSupplier maxTime, Duration consistencyDelay, Duration ignoreDeletionMarksDelay) {
      this(minTime, maxTime, consistencyDelay, ignoreDeletionMarksDelay, Relabeling.none());
    }
  }

  private final Bucket bucket;
  private final ExecutorService executor;
  private final Filters filters;
  private final Clock clock;
  private final Map<Ulid, BlockMeta> cache = new ConcurrentHashMap<>();

  public MetaFetcher(Bucket bucket, ExecutorService executor, Filters filters, Clock clock) {
    this.bucket = bucket;
    this.executor = executor;
    this.filters = filters;
    this.clock = clock;
  }

  /** One sync: never throws for bucket failures, which end up in {@link SyncedBlocks#errors()}. */
  public SyncedBlocks fetch() {
    Map<SyncState, Integer> counts = new EnumMap<>(SyncState.class);
    for (SyncState s : SyncState.values()) {
      counts.put(s, 0);
    }
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    List<Ulid> ids = new ArrayList<>();
    try {
      bucket.iter("", name -> {
        String dir = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        if (Ulid.isValid(dir)) {
          ids.add(Ulid.parse(dir));
        }
      });
    } catch (IOException | RuntimeException e) {
      errors.add("list bucket " + bucket.name() + ": " + e.getMessage());
      return new SyncedBlocks(Map.of(), counts, List.copyOf(errors));
    }
    cache.keySet().retainAll(Set.copyOf(ids));

    List<Future<Outcome>> futures = new ArrayList<>(ids.size());
    for (Ulid id : ids) {
      futures.add(executor.submit(() -> classify(id)));
    }
    Map<Ulid, BlockMeta> kept = new TreeMap<>();
    for (int i = 0; i < futures.size(); i++) {
      Outcome o;
      try {
        o = futures.get(i).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        errors.add("sync interrupted");
        break;
      } catch (ExecutionException e) {
        o = new Outcome(SyncState.FAILED, null, ids.get(i) + ": " + e.getCause());
      }
      counts.merge(o.state, 1, Integer::sum);
      if (o.state == SyncState.LOADED) {
        kept.put(o.meta.ulid(), o.meta);
      } else if (o.state == SyncState.FAILED) {
        errors.add(o.error);
      }
    }
    return new SyncedBlocks(Collections.unmodifiableMap(kept), counts, List.copyOf(errors));
  }

  private record Outcome(SyncState state, BlockMeta meta, String error) {}

  private Outcome classify(Ulid id) {
    BlockMeta meta = cache.get(id);
    if (meta == null) {
      String name = id + "/" + MetaJson.FILE_NAME;
      byte[] json;
      try (InputStream in = bucket.get(name)) {
        json = in.readAllBytes();
      } catch (ObjectNotFoundException e) {
        return new Outcome(SyncState.NO_META_JSON, null, null); // an upload in progress (or abandoned)
      } catch (IOException | RuntimeException e) {
        return new Outcome(SyncState.FAILED, null, "read " + name + ": " + e.getMessage());
      }
      try {
        meta = MetaJson.parse(json, name);
      } catch (RuntimeException e) {
        return new Outcome(SyncState.CORRUPTED_META_JSON, null, null);
      }
      if (!meta.ulid().equals(id)) {
        return new Outcome(SyncState.CORRUPTED_META_JSON, null, null);
      }
      cache.put(id, meta);
    }
    // --selector.relabel-config over the external labels and __block_id (store sharding).
    Labels.Builder lb = (meta.thanos() == null ? Labels.EMPTY : Labels.fromMap(meta.thanos().labels())).toBuilder();
    lb.set("__block_id", id.toString());
    if (filters.selector().apply(lb.build()) == null) {
      return new Outcome(SyncState.LABEL_EXCLUDED, null, null);
    }
    // Time partition: keep blocks overlapping [min-time, max-time].
    if (meta.maxTime() < filters.minTime().getAsLong() || meta.minTime() > filters.maxTime().getAsLong()) {
      return new Outcome(SyncState.TIME_EXCLUDED, null, null);
    }
    long now = clock.millis();
    String source = meta.thanos() == null ? "" : meta.thanos().source();
    if (!filters.consistencyDelay().isZero() && !NOT_DELAYED_SOURCES.contains(source)
        && id.timestamp() + filters.consistencyDelay().toMillis() > now) {
      return new Outcome(SyncState.TOO_FRESH, null, null);
    }
    String markName = id + "/" + DeletionMark.FILE_NAME;
    try (InputStream in = bucket.get(markName)) {
      DeletionMark mark = DeletionMark.parse(in.readAllBytes(), markName);
      if (now / 1000 - mark.deletionTimeSeconds() > filters.ignoreDeletionMarksDelay().toSeconds()) {
        return new Outcome(SyncState.MARKED_FOR_DELETION, null, null);
      }
    } catch (ObjectNotFoundException e) {
      // not marked
    } catch (IllegalArgumentException e) {
      // Thanos ignores an unreadable marker (and logs it): the block stays visible.
    } catch (IOException | RuntimeException e) {
      return new Outcome(SyncState.FAILED, null, "read " + markName + ": " + e.getMessage());
    }
    return new Outcome(SyncState.LOADED, meta, null);
  }
}
