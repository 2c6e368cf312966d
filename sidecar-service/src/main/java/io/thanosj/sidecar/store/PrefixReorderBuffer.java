package io.thanosj.sidecar.store;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.function.Consumer;

/**
 * Restores StoreAPI sort order for a remote-read stream while holding back only a handful of series.
 *
 * <p>Why order can change at all: Prometheus sorts remote-read series by their <em>stored</em> labels
 * S and only then merges in its external labels E. The sidecar serves S ∪ E (minus the request's
 * {@code without_replica_labels}). Inserting the same label pairs into every series keeps the
 * relative order of two series whose stored labels first differ in a real pair: at that position the
 * two outputs still differ the same way. It changes only when one stored set is a proper prefix of
 * the other: S1 = {@code {__name__="x"}} sorts before S2 = {@code {__name__="x", code="200"}}, but
 * with E = {@code {replica="a"}} the outputs compare {@code replica} against {@code code}, and
 * S2 ∪ E comes first. (Thanos' sidecar answers this by buffering and sorting every response; that
 * is what makes it run out of memory on large selects.)
 *
 * <p>So a series is held back only while later series might be extensions of it that sort before
 * it. In Prometheus' order all extensions of S1 follow S1 directly, so holding a stack suffices: each
 * arriving series X releases every held series whose output labels sort at or before X's (no later
 * series can sort before those any more), then X is held itself. The held series always form a
 * chain of stored-label prefixes, so the stack is never deeper than the longest label set, and
 * equal label sets (one series split over several frames) keep their frame order.
 *
 * <p>This reasoning assumes no stored label shares a name with an external label or a dropped
 * label; {@link PrometheusStore} checks that per request and sorts the whole response when it fails.
 */
final class PrefixReorderBuffer<T> {

  private final ArrayDeque<T> held = new ArrayDeque<>();
  private final Comparator<? super T> byOutputLabels;

  /** @param byOutputLabels orders series by the labels the sidecar serves */
  PrefixReorderBuffer(Comparator<? super T> byOutputLabels) {
    this.byOutputLabels = byOutputLabels;
  }

  /** Accepts the next series in Prometheus' order; emits whatever can no longer be overtaken. */
  void add(T next, Consumer<? super T> emit) {
    while (!held.isEmpty() && byOutputLabels.compare(held.peek(), next) <= 0) {
      emit.accept(held.pop());
    }
    held.push(next);
  }

  /** At the end of the stream, emits everything still held, smallest first. */
  void finish(Consumer<? super T> emit) {
    while (!held.isEmpty()) {
      emit.accept(held.pop());
    }
  }

  int held() {
    return held.size();
  }
}
