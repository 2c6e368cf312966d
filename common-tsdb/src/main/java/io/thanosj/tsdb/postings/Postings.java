package io.thanosj.tsdb.postings;

import java.util.Arrays;
import java.util.List;

/**
 * An ascending sequence of series references, iterated without boxing. Combinators intersect, merge
 * and subtract lists lazily, so selecting {@code a="x", b=~"y.*"} never builds the full lists of
 * either side; only the lists read from disk exist, and those stay encoded until iterated.
 *
 * <p>Protocol: {@link #next()} or {@link #seek(long)} first, then {@link #at()} while they return
 * true. Once exhausted, both keep returning false.
 */
public interface Postings {

  /** Advances to the next reference; false when exhausted. */
  boolean next();

  /**
   * Advances to the first reference ≥ {@code v}, staying put if the current one already is; false
   * when there is none. Never moves backwards.
   */
  boolean seek(long v);

  /** The current reference. */
  long at();

  Postings EMPTY = new Postings() {
    @Override
    public boolean next() {
      return false;
    }

    @Override
    public boolean seek(long v) {
      return false;
    }

    @Override
    public long at() {
      throw new IllegalStateException("empty postings");
    }

    @Override
    public String toString() {
      return "EmptyPostings";
    }
  };

  static Postings of(long... refs) {
    return new ListPostings(refs, 0, refs.length);
  }

  /** References present in every input. */
  static Postings intersect(List<Postings> ps) {
    if (ps.isEmpty()) {
      return EMPTY;
    }
    if (ps.size() == 1) {
      return ps.get(0);
    }
    for (Postings p : ps) {
      if (p == EMPTY) {
        return EMPTY;
      }
    }
    return new IntersectPostings(ps.toArray(new Postings[0]));
  }

  /** References present in any input, each once. */
  static Postings merge(List<Postings> ps) {
    List<Postings> nonEmpty = ps.stream().filter(p -> p != EMPTY).toList();
    if (nonEmpty.isEmpty()) {
      return EMPTY;
    }
    if (nonEmpty.size() == 1) {
      return nonEmpty.get(0);
    }
    return new MergedPostings(nonEmpty.toArray(new Postings[0]));
  }

  /** References in {@code full} but not in {@code drop}. */
  static Postings without(Postings full, Postings drop) {
    if (full == EMPTY) {
      return EMPTY;
    }
    if (drop == EMPTY) {
      return full;
    }
    return new WithoutPostings(full, drop);
  }

  /** Drains the remaining references into an array. */
  static long[] toArray(Postings p) {
    long[] out = new long[16];
    int n = 0;
    while (p.next()) {
      if (n == out.length) {
        out = Arrays.copyOf(out, n * 2);
      }
      out[n++] = p.at();
    }
    return Arrays.copyOf(out, n);
  }
}
