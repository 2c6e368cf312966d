package io.thanosj.storeapi.proxy;

import io.thanosj.labels.Labels;
import io.thanosj.storeapi.ListSeriesSet;
import io.thanosj.storeapi.SeriesSet;
import io.thanosj.storeapi.StoreProtos;
import io.thanosj.storeapi.proto.Series;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The fallback for stores that do not advertise {@code supports_without_replica_labels} (Thanos
 * before v0.31): their whole stream is read, the replica labels removed here and the series sorted
 * again, because removing labels can change the order (Thanos' proxy does the same, "eager"
 * retrieval). This costs memory proportional to the store's answer, so the capable path is preferred.
 */
final class ReplicaLabelRemoval {

  private ReplicaLabelRemoval() {}

  private record Entry(Labels labels, Series series) {}

  static SeriesSet strip(SeriesSet source, List<String> replicaLabels) {
    return new SeriesSet() {
      private SeriesSet sorted;

      @Override
      public boolean next() {
        if (sorted == null) {
          sorted = readAll();
        }
        return sorted.next();
      }

      private SeriesSet readAll() {
        List<Entry> entries = new ArrayList<>();
        try (source) {
          while (source.next()) {
            Series s = source.at();
            Labels stripped = StoreProtos.labels(s.getLabelsList()).without(replicaLabels);
            Series out = Series.newBuilder().addAllLabels(StoreProtos.toProto(stripped)).addAllChunks(s.getChunksList()).build();
            entries.add(new Entry(stripped, out));
          }
          // Stable, so frames of one label set keep their relative order.
          entries.sort(Comparator.comparing(Entry::labels, Labels::compare));
          List<Series> series = new ArrayList<>(entries.size());
          for (Entry e : entries) {
            series.add(e.series());
          }
          return new ListSeriesSet(series, source.warnings());
        }
      }

      @Override
      public Series at() {
        return sorted.at();
      }

      @Override
      public List<String> warnings() {
        return sorted == null ? source.warnings() : sorted.warnings();
      }

      @Override
      public void close() {
        source.close();
        if (sorted != null) {
          sorted.close();
        }
      }
    };
  }
}
