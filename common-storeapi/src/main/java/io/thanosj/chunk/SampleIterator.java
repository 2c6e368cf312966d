package io.thanosj.chunk;

/**
 * Iterates float samples in time order without allocating per sample, like Prometheus'
 * chunkenc.Iterator restricted to floats. Usage: {@code while (it.next()) f(it.atT(), it.atV());}.
 */
public interface SampleIterator {

  /** Advances to the next sample; false when exhausted. */
  boolean next();

  /**
   * Advances to the first sample with timestamp ≥ t, staying put if the current sample already
   * qualifies; false when there is none. Never moves backwards.
   */
  boolean seek(long t);

  /** Timestamp in milliseconds of the current sample. */
  long atT();

  /** Value of the current sample (stale markers keep their exact NaN bit pattern). */
  double atV();
}
